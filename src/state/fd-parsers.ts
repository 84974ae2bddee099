// Parsers of events that open, duplicate and close file descriptors (files, pipes, event
// fds, memfds...), and of chdir/fchdir which resolve against them.
import type { EvalContext } from './eval-context.js';
import { FdInfo, ScapFdType } from './fd-info.js';
import { enterEventOf } from './enter-event-store.js';
import { concatenatePaths } from './path-utils.js';
import {
  addFd, num, res, str, type EventParser, PPM_AT_FDCWD, PPM_FD_LOWER_LAYER, PPM_FD_UPPER_LAYER,
  PPM_O_CLOEXEC, PPM_O_DIRECTORY, PPM_O_F_CREATED,
} from './parser-types.js';
import type { SyscallState } from './syscall-state.js';
import type { ThreadInfo } from './thread-info.js';

/** Directory a relative path resolves against, as libsinsp's parse_dirfd: '.' for absolute paths, '<UNKNOWN>' when the dirfd is unknown. */
export function dirfdBase(s: SyscallState, t: ThreadInfo | undefined, name: string, dirfd: number): string {
  if (name.charCodeAt(0) === 47) return '.';
  if (!t) return '<UNKNOWN>';
  if (dirfd === PPM_AT_FDCWD) return s.threads.cwd(t);
  const f = t.fds.get(dirfd);
  if (!f) return '<UNKNOWN>';
  return f.name === '' || f.name.endsWith('/') ? f.name : f.name + '/';
}

function newFileFd(flags: number, name: string, full: string, dev: number, ino: number): FdInfo {
  const f = new FdInfo();
  f.type = flags & PPM_O_DIRECTORY ? ScapFdType.DIRECTORY : ScapFdType.FILE_V2;
  f.openFlags = flags;
  f.dev = dev;
  f.ino = ino;
  f.nameRaw = name;
  f.name = full;
  f.cloexec = (flags & PPM_O_CLOEXEC) !== 0;
  f.upperLayer = (flags & PPM_FD_UPPER_LAYER) !== 0;
  f.lowerLayer = (flags & PPM_FD_LOWER_LAYER) !== 0;
  return f;
}

const ADDED_FLAGS_MASK = ~(PPM_O_F_CREATED - 1);

/** open, openat, openat2, creat, open_by_handle_at exits. */
export const parseOpenExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  const evt = ctx.evt;
  const fd = res(evt);
  const enter = enterEventOf(t);
  const kind = evt.info!.name;
  let name = str(evt, kind === 'open_by_handle_at' ? 'path' : 'name') ?? '<NA>';
  let flags = kind === 'creat' ? 0 : num(evt, 'flags');
  let dirfd: number | undefined = evt.param('dirfd') as number | undefined;
  if (kind === 'creat') {
    const cf = num(evt, 'creat_flags');
    if (cf & 1) flags |= PPM_FD_UPPER_LAYER; else if (cf & 2) flags |= PPM_FD_LOWER_LAYER;
  }
  if (enter && kind !== 'open_by_handle_at') {
    const en = str(enter, 'name');
    if (en !== undefined && en !== '<NA>') {
      name = en;
      flags = (kind === 'creat' ? 0 : num(enter, 'flags')) | (flags & ADDED_FLAGS_MASK);
      const ed = enter.param('dirfd');
      if (typeof ed === 'number') dirfd = ed;
    }
  }
  let sdir = '';
  if (kind === 'open' || kind === 'creat') sdir = s.threads.cwd(t);
  else if ((kind === 'openat' || kind === 'openat2') && typeof dirfd === 'number') sdir = dirfdBase(s, t, name, dirfd);
  if (fd < 0) return;
  const full = concatenatePaths(sdir === '.' ? '' : sdir, name);
  addFd(ctx, t, fd, newFileFd(flags, name, full, num(evt, 'dev'), num(evt, 'ino')));
};

/** close exit: a successful close removes the fd (the event keeps its FdInfo for the fields). */
export const parseCloseExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || !ctx.fd || res(ctx.evt) < 0) return;
  if (t.fds.get(t.lastEventFd) === ctx.fd) t.fds.delete(t.lastEventFd);
};

export const parseCloseRangeExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const first = num(ctx.evt, 'first'), last = num(ctx.evt, 'last') >>> 0;
  const flags = num(ctx.evt, 'flags');
  if (flags & 4) { // CLOSE_RANGE_CLOEXEC only marks the fds, the next execve closes them
    for (const [fd, f] of t.fds) if (fd >= first && fd <= last) setCloseOnExec(f, true);
    return;
  }
  for (const fd of [...t.fds.keys()]) if (fd >= first && fd <= last) t.fds.delete(fd);
};

/** Sets or clears an fd's close-on-exec flag (kept both as `cloexec` and in the open flags, as libsinsp reads it there). */
export function setCloseOnExec(f: FdInfo, on: boolean): void {
  f.cloexec = on;
  if (on) f.openFlags |= PPM_O_CLOEXEC; else f.openFlags &= ~PPM_O_CLOEXEC;
}

const F_DUPFD = 1, F_SETFD = 3, F_DUPFD_CLOEXEC = 26, FD_CLOEXEC = 1;

/**
 * dup, dup2, dup3, and fcntl(F_DUPFD*): the new fd is a copy of the old one. POSIX gives
 * the new descriptor its own close-on-exec flag: clear for dup/dup2/F_DUPFD, set by dup3's
 * O_CLOEXEC or F_DUPFD_CLOEXEC (a shell whose stdio was dup2'd from a SOCK_CLOEXEC socket
 * keeps it across execve). fcntl(F_SETFD) sets or clears the flag of the fd itself.
 */
export const parseDupExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  const evt = ctx.evt;
  const r = res(evt);
  if (r < 0) return;
  const kind = evt.info!.name;
  let cloexec = false;
  if (kind === 'fcntl') {
    const cmd = num(evt, 'cmd');
    if (cmd === F_SETFD) {
      if (ctx.fd) setCloseOnExec(ctx.fd, (num(evt, 'arg') & FD_CLOEXEC) !== 0);
      return;
    }
    if (cmd !== F_DUPFD && cmd !== F_DUPFD_CLOEXEC) return;
    cloexec = cmd === F_DUPFD_CLOEXEC;
  } else if (kind === 'dup3') cloexec = (num(evt, 'flags') & PPM_O_CLOEXEC) !== 0;
  const src = ctx.fd;
  if (!src) return;
  if (r === t.lastEventFd) return; // dup2(fd, fd) changes nothing
  const copy = src.clone();
  setCloseOnExec(copy, cloexec);
  addFd(ctx, t, r, copy);
};

function singleFd(type: number, name: (ctx: EvalContext) => string = () => '', cloexecBit = 0): EventParser {
  return (_s, ctx) => {
    const t = ctx.thread;
    if (!t) return;
    const evt = ctx.evt;
    const fd = evt.param('fd') !== undefined && evt.info!.params[0].name === 'fd' ? num(evt, 'fd', -1) : res(evt);
    if (fd < 0) return;
    const f = new FdInfo();
    f.type = type;
    f.name = name(ctx);
    f.nameRaw = f.name;
    if (cloexecBit !== 0 && (num(evt, 'flags') & cloexecBit) !== 0) setCloseOnExec(f, true);
    addFd(ctx, t, fd, f);
  };
}

const EPOLL_CLOEXEC = 1, MFD_CLOEXEC = 1;
export const parseEventfdExit = singleFd(ScapFdType.EVENT);
export const parseSignalfdExit = singleFd(ScapFdType.SIGNALFD, undefined, PPM_O_CLOEXEC);
export const parseTimerfdExit = singleFd(ScapFdType.TIMERFD);
export const parseInotifyExit = singleFd(ScapFdType.INOTIFY, undefined, PPM_O_CLOEXEC);
export const parseEpollCreateExit = singleFd(ScapFdType.EVENTPOLL, undefined, EPOLL_CLOEXEC);
export const parseUserfaultfdExit = singleFd(ScapFdType.USERFAULTFD);
export const parseIoUringSetupExit = singleFd(ScapFdType.IOURING);
export const parseBpfExit = singleFd(ScapFdType.BPF);
export const parsePidfdExit = singleFd(ScapFdType.PIDFD);
export const parseMemfdCreateExit = singleFd(ScapFdType.MEMFD, (ctx) => 'memfd:' + (str(ctx.evt, 'name') ?? ''), MFD_CLOEXEC);

/** pipe, pipe2: two fifo ends sharing an inode. */
export const parsePipeExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const evt = ctx.evt;
  const fd1 = num(evt, 'fd1', -1), fd2 = num(evt, 'fd2', -1);
  const ino = num(evt, 'ino');
  const cloexec = (num(evt, 'flags') & PPM_O_CLOEXEC) !== 0;
  for (const fd of [fd1, fd2]) {
    if (fd < 0) continue;
    const f = new FdInfo();
    f.type = ScapFdType.FIFO;
    f.ino = ino;
    f.cloexec = cloexec;
    addFd(ctx, t, fd, f);
  }
};

export const parseChdirExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const p = str(ctx.evt, 'path');
  if (p !== undefined) updateCwd(s, t, p);
};

export const parseFchdirExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0 || !ctx.fd) return;
  updateCwd(s, t, ctx.fd.name);
};

/** libsinsp's update_cwd: joined to the thread's own cwd, stored on the main thread, ends in '/'. */
export function updateCwd(s: SyscallState, t: ThreadInfo, path: string): void {
  const main = s.threads.main(t);
  if (!main) return;
  let cwd = concatenatePaths(t.cwd, path);
  if (!cwd.endsWith('/')) cwd += '/';
  main.cwd = cwd;
}
