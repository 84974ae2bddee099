// Parsers of events that open, duplicate and close file descriptors (files, pipes, event
// fds, memfds...), and of chdir/fchdir which resolve against them.
import { EVENT_INFO } from '../events/event-info.js';
import type { ScapEvent } from '../events/scap-event.js';
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

// The open family's parameters by index per event code, so the parser does no name lookup
// per event (-1: the layout has no such parameter).
const paramIndexTable = (name: string): Int8Array => Int8Array.from(EVENT_INFO, (e) => e.paramIndex.get(name) ?? -1);
const NAME_IX = paramIndexTable('name');
const PATH_IX = paramIndexTable('path');
const FLAGS_IX = paramIndexTable('flags');
const DIRFD_IX = paramIndexTable('dirfd');
const DEV_IX = paramIndexTable('dev');
const INO_IX = paramIndexTable('ino');
const CREAT_FLAGS_IX = paramIndexTable('creat_flags');
const K_OPEN = 0, K_OPENAT = 1, K_CREAT = 2, K_BY_HANDLE = 3;
const OPEN_KIND = Int8Array.from(EVENT_INFO, (e) =>
  e.name === 'creat' ? K_CREAT : e.name === 'open_by_handle_at' ? K_BY_HANDLE : e.name === 'openat' || e.name === 'openat2' ? K_OPENAT : K_OPEN);

function numAt(evt: ScapEvent, i: number): number {
  if (i < 0) return 0;
  const v = evt.getParam(i);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}

function strAt(evt: ScapEvent, i: number): string | undefined {
  if (i < 0) return undefined;
  const v = evt.getParam(i);
  return typeof v === 'string' ? v : undefined;
}

/** open, openat, openat2, creat, open_by_handle_at exits. */
export const parseOpenExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  const evt = ctx.evt;
  const fd = res(evt);
  if (fd < 0) return; // a failed open changes nothing
  const code = evt.type;
  const kind = OPEN_KIND[code]!;
  let flags = kind === K_CREAT ? 0 : numAt(evt, FLAGS_IX[code]!);
  const di = DIRFD_IX[code]!;
  let dirfd: unknown = di < 0 ? undefined : evt.getParam(di);
  if (kind === K_CREAT) {
    const cf = numAt(evt, CREAT_FLAGS_IX[code]!);
    if (cf & 1) flags |= PPM_FD_UPPER_LAYER; else if (cf & 2) flags |= PPM_FD_LOWER_LAYER;
  }
  // the enter event's name wins (the exit's is only read when the enter event is missing)
  let name: string | undefined;
  const enter = kind === K_BY_HANDLE ? undefined : enterEventOf(t);
  if (enter) {
    const ec = enter.type;
    const en = strAt(enter, NAME_IX[ec]!);
    if (en !== undefined && en !== '<NA>') {
      name = en;
      flags = (kind === K_CREAT ? 0 : numAt(enter, FLAGS_IX[ec]!)) | (flags & ADDED_FLAGS_MASK);
      const edi = DIRFD_IX[ec]!;
      const ed = edi < 0 ? undefined : enter.getParam(edi);
      if (typeof ed === 'number') dirfd = ed;
    }
  }
  if (name === undefined) name = strAt(evt, kind === K_BY_HANDLE ? PATH_IX[code]! : NAME_IX[code]!) ?? '<NA>';
  let sdir = '';
  if (kind === K_OPEN || kind === K_CREAT) sdir = s.threads.cwd(t);
  else if (kind === K_OPENAT && typeof dirfd === 'number') sdir = dirfdBase(s, t, name, dirfd);
  const full = concatenatePaths(sdir === '.' ? '' : sdir, name);
  addFd(ctx, t, fd, newFileFd(flags, name, full, numAt(evt, DEV_IX[code]!), numAt(evt, INO_IX[code]!)));
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
