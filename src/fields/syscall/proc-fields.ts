// First half of libsinsp's `process` class: who the process is (names, executable, command
// line, environment), its ancestry, ids, sessions and process groups, start times and the
// executable's inode. thread-fields.ts holds the rest of the class, in libs' order.
import type { FieldDecl } from '../field.js';
import { fieldBuilder, type FieldOptions } from './field-builder.js';

const f = fieldBuilder('process');

/**
 * Ancestor fields: `[N]` picks ancestor N (0 = the process itself, 1 = parent...); without
 * an index a condition matches any ancestor. They cannot be compared with other fields.
 */
const ancestor: FieldOptions = { arg: 'index-optional', noRhs: true, noTransformer: true };

export const procFields: readonly FieldDecl[] = [
  f('proc.exe', 'CHARBUF', 'argv[0] of the process: usually the name or path the program was started with, but the caller may set any text. Taken from the exec arguments (up to 4096 bytes) or else from /proc/PID/cmdline; may differ from the last part of proc.exepath.'),
  f('proc.pexe', 'CHARBUF', 'proc.exe of the parent process.'),
  f('proc.aexe', 'CHARBUF', 'proc.exe of an ancestor: proc.aexe[1] is the parent, [2] the grandparent, [0] the process itself. Without an index, a condition matches if any ancestor matches.', ancestor),
  f('proc.exepath', 'CHARBUF', 'Full path of the executable file, with symbolic links resolved. Reported by the kernel, or read from /proc/PID/exe as a fallback.'),
  f('proc.pexepath', 'CHARBUF', 'proc.exepath of the parent process.'),
  f('proc.aexepath', 'CHARBUF', 'proc.exepath of an ancestor: proc.aexepath[1] is the parent, [2] the grandparent, [0] the process itself. Without an index, a condition matches if any ancestor matches.', ancestor),
  f('proc.name', 'CHARBUF', "Name of the process as the kernel keeps it (task comm, at most 16 characters). It can differ from the executable's file name, e.g. when a program renames itself."),
  f('proc.pname', 'CHARBUF', 'proc.name of the parent process.'),
  f('proc.aname', 'CHARBUF', 'proc.name of an ancestor: proc.aname[1] is the parent, [2] the grandparent, [0] the process itself. Without an index, a condition matches if any ancestor has that name, and an output lists the names of all ancestors.', ancestor),
  f('proc.args', 'CHARBUF', 'Command-line arguments of the process after argv[0], joined by spaces (up to 4096 bytes). proc.args[N] gives argument N alone, counting from 0 for the first argument after argv[0].', { arg: 'index-optional' }),
  f('proc.aargs', 'CHARBUF', 'proc.args of an ancestor: proc.aargs[1] is the parent, [0] the process itself. Without an index, a condition matches if the arguments of any ancestor match.', { arg: 'index-optional' }),
  f('proc.cmdline', 'CHARBUF', 'proc.name followed by proc.args (up to 4096 bytes).'),
  f('proc.pcmdline', 'CHARBUF', 'proc.cmdline of the parent process.'),
  f('proc.acmdline', 'CHARBUF', 'proc.cmdline of an ancestor: proc.acmdline[1] is the parent, [0] the process itself. Without an index, a condition matches if any ancestor matches.', ancestor),
  f('proc.cmdnargs', 'UINT64', 'Number of command-line arguments in proc.args.'),
  f('proc.cmdlenargs', 'UINT64', 'Total number of characters of the arguments in proc.args, not counting the separating spaces.'),
  f('proc.exeline', 'CHARBUF', 'proc.exe followed by proc.args.'),
  f('proc.env', 'CHARBUF', "Environment of the process as one text 'NAME=value NAME2=value2'. proc.env[NAME] gives the value of one variable.", { arg: 'index-or-key-optional' }),
  f('proc.aenv', 'CHARBUF', 'Experimental. Environment of ancestors: without argument a condition matches if any ancestor\'s environment matches; proc.aenv[N] is the environment of ancestor N; proc.aenv[NAME] is the first value of variable NAME found going up the ancestry (at most 20 levels).', { arg: 'index-or-key-optional', noRhs: true, noTransformer: true }),
  f('proc.cwd', 'CHARBUF', 'Current working directory of the process.'),
  f('proc.loginshellid', 'INT64', 'pid of the eldest shell among the ancestors of the process, if any; tells user sessions apart.'),
  f('proc.tty', 'UINT32', 'Controlling terminal of the process, 0 when it has none.'),
  f('proc.pid', 'INT64', 'Process id (thread group id) of the process that caused the event.'),
  f('proc.ppid', 'INT64', 'Process id of the parent process.'),
  f('proc.apid', 'INT64', 'pid of an ancestor: proc.apid[1] is the parent, [0] the process itself. Without an index, a condition matches if any ancestor has that pid; an output shows the process\'s own pid.', ancestor),
  f('proc.vpid', 'INT64', 'Process id as seen inside the process\'s own PID namespace.'),
  f('proc.pvpid', 'INT64', 'Parent process id as seen inside the PID namespace of the process.'),
  f('proc.sid', 'INT64', 'Session id of the process.'),
  f('proc.sname', 'CHARBUF', 'proc.name of the session leader: the process whose pid is proc.sid, or else the eldest ancestor in the same session.'),
  f('proc.sid.exe', 'CHARBUF', 'proc.exe of the session leader (see proc.sname).'),
  f('proc.sid.exepath', 'CHARBUF', 'proc.exepath of the session leader (see proc.sname).'),
  f('proc.vpgid', 'INT64', 'Process group id as seen inside the PID namespace of the process.'),
  f('proc.vpgid.name', 'CHARBUF', 'proc.name of the leader of the process group: the process whose vpid is proc.vpgid, or else the eldest ancestor in the same group.'),
  f('proc.vpgid.exe', 'CHARBUF', 'proc.exe of the leader of the process group (see proc.vpgid.name).'),
  f('proc.vpgid.exepath', 'CHARBUF', 'proc.exepath of the leader of the process group (see proc.vpgid.name).'),
  f('proc.pgid', 'INT64', 'Process group id as seen from the host PID namespace.'),
  f('proc.pgid.name', 'CHARBUF', 'proc.name of the leader of the process group (host view): the process whose pid is proc.pgid, or else the eldest ancestor in the same group.'),
  f('proc.pgid.exe', 'CHARBUF', 'proc.exe of the leader of the process group (see proc.pgid.name).'),
  f('proc.pgid.exepath', 'CHARBUF', 'proc.exepath of the leader of the process group (see proc.pgid.name).'),
  f('proc.duration', 'RELTIME', 'Nanoseconds since the process started.'),
  f('proc.ppid.duration', 'RELTIME', 'Nanoseconds since the parent process started.'),
  f('proc.pid.ts', 'RELTIME', 'Start time of the process, in nanoseconds since the Unix epoch.'),
  f('proc.ppid.ts', 'RELTIME', 'Start time of the parent process, in nanoseconds since the Unix epoch.'),
  f('proc.is_exe_writable', 'BOOL', 'true when the executable file can be written by the user that started the process.'),
  f('proc.is_exe_upper_layer', 'BOOL', 'true when the executable file lives in the upper (writable) layer of an overlay filesystem; reliable on kernels 3.18 and later.'),
  f('proc.is_exe_lower_layer', 'BOOL', 'true when the executable file lives in a lower (image) layer of an overlay filesystem; reliable on kernels 3.18 and later.'),
  f('proc.is_exe_from_memfd', 'BOOL', 'true when the program was executed from an anonymous in-memory file (memfd_create) through its file descriptor, i.e. it never existed on disk: a sign of fileless malware.'),
  f('proc.is_sid_leader', 'BOOL', 'true when the process leads its session (proc.sid equals proc.vpid).'),
  f('proc.is_vpgid_leader', 'BOOL', 'true when the process leads its process group (proc.vpgid equals proc.vpid); e.g. a command typed in a shell leads its group, a command run by a script does not.'),
  f('proc.is_pgid_leader', 'BOOL', 'true when the process leads its process group as seen from the host (proc.pgid equals proc.pid).'),
  f('proc.exe_ino', 'INT64', 'Inode number of the executable file; compare with fd.ino.'),
  f('proc.exe_ino.ctime', 'ABSTIME', 'Last status change time (ctime) of the executable file\'s inode, in nanoseconds since the Unix epoch: changed by writes and by changes of owner, mode or links.'),
  f('proc.exe_ino.mtime', 'ABSTIME', 'Last modification time (mtime) of the executable file\'s content, in nanoseconds since the Unix epoch.'),
  f('proc.exe_ino.ctime_duration_proc_start', 'ABSTIME', 'Nanoseconds between the last status change of the executable file and the start of this process.'),
  f('proc.exe_ino.ctime_duration_pidns_start', 'ABSTIME', 'Nanoseconds between the start of the PID namespace and the last status change of the executable file, when the namespace started first.'),
  f('proc.pidns_init_start_ts', 'UINT64', 'Start time of the PID namespace of the process (a container\'s or the host\'s), in nanoseconds since the Unix epoch.'),
];
