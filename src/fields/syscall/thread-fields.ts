// Second half of libsinsp's `process` class: capabilities, resource use (fds, memory, page
// faults, CPU), thread ids, cgroups and the standard streams. Kept apart from proc-fields.ts
// only for size; together they are one class, concatenated in libs' order.
import type { FieldDecl } from '../field.js';
import { fieldBuilder } from './field-builder.js';

const f = fieldBuilder('process');

export const threadFields: readonly FieldDecl[] = [
  f('thread.cap_permitted', 'CHARBUF', 'Permitted capability set of the thread, as capability names.'),
  f('thread.cap_inheritable', 'CHARBUF', 'Inheritable capability set of the thread, as capability names.'),
  f('thread.cap_effective', 'CHARBUF', 'Effective capability set of the thread, as capability names.'),
  f('proc.fdopencount', 'UINT64', 'Number of file descriptors the process has open.'),
  f('proc.fdlimit', 'INT64', 'Largest number of file descriptors the process may have open.'),
  f('proc.fdusage', 'DOUBLE', 'Share of the file descriptor limit in use: open fds divided by proc.fdlimit.'),
  f('proc.vmsize', 'UINT64', 'Virtual memory size of the process, in KiB.'),
  f('proc.vmrss', 'UINT64', 'Resident (in RAM, not swapped) memory of the process, in KiB.'),
  f('proc.vmswap', 'UINT64', 'Swapped-out memory of the process, in KiB.'),
  f('thread.pfmajor', 'UINT64', 'Major page faults of the thread since it started.'),
  f('thread.pfminor', 'UINT64', 'Minor page faults of the thread since it started.'),
  f('thread.tid', 'INT64', 'Id of the thread that caused the event.'),
  f('thread.ismain', 'BOOL', 'true when the thread is the main thread of its process.'),
  f('thread.vtid', 'INT64', 'Thread id as seen inside the PID namespace of the thread.'),
  f('thread.nametid', 'CHARBUF', 'Process name and thread id joined, naming one thread of one execution.', { hidden: true }),
  f('thread.exectime', 'RELTIME', 'CPU time, in nanoseconds, of the thread that was last scheduled; set on scheduler switch events only.'),
  f('thread.totexectime', 'RELTIME', 'CPU time, in nanoseconds, the thread has used since the capture began; set on scheduler switch events only.'),
  f('thread.cgroups', 'CHARBUF', 'All the cgroups of the thread, joined into one text.'),
  f('thread.cgroup', 'CHARBUF', 'The cgroup of the thread for one controller, written thread.cgroup.CONTROLLER, e.g. thread.cgroup.cpuacct.', { arg: 'key-required', dotArg: 'only' }),
  f('proc.nthreads', 'UINT64', 'Number of live threads of the process, the main thread included (when the main thread is gone, this equals proc.nchilds).'),
  f('proc.nchilds', 'UINT64', 'Number of live threads of the process other than the main thread.'),
  f('thread.cpu', 'DOUBLE', 'CPU used by the thread during the last second.'),
  f('thread.cpu.user', 'DOUBLE', 'User-mode CPU used by the thread during the last second.'),
  f('thread.cpu.system', 'DOUBLE', 'Kernel-mode CPU used by the thread during the last second.'),
  f('thread.vmsize', 'UINT64', 'For the main thread, the virtual memory size of the process in KiB; 0 for other threads.'),
  f('thread.vmrss', 'UINT64', 'For the main thread, the resident memory of the process in KiB; 0 for other threads.'),
  f('thread.vmsize.b', 'UINT64', 'For the main thread, the virtual memory size of the process in bytes; 0 for other threads.', { hidden: true }),
  f('thread.vmrss.b', 'UINT64', 'For the main thread, the resident memory of the process in bytes; 0 for other threads.', { hidden: true }),
  f('proc.stdin.type', 'CHARBUF', 'Type (as fd.type) of file descriptor 0, standard input, of the process.'),
  f('proc.stdout.type', 'CHARBUF', 'Type (as fd.type) of file descriptor 1, standard output, of the process.'),
  f('proc.stderr.type', 'CHARBUF', 'Type (as fd.type) of file descriptor 2, standard error, of the process.'),
  f('proc.stdin.name', 'CHARBUF', 'Name (as fd.name) of file descriptor 0, standard input, of the process.'),
  f('proc.stdout.name', 'CHARBUF', 'Name (as fd.name) of file descriptor 1, standard output, of the process.'),
  f('proc.stderr.name', 'CHARBUF', 'Name (as fd.name) of file descriptor 2, standard error, of the process.'),
];
