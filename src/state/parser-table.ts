// Which parser runs for which event code, built once from the event schema by event name
// and direction, so every layout version of an event (open, openat, execve 8..19...) gets
// the same parser. Also which codes must not create placeholder threads.
import { EVENT_INFO } from '../events/event-info.js';
import type { EventParser } from './parser-types.js';
import * as F from './fd-parsers.js';
import * as P from './process-parsers.js';
import * as S from './socket-parsers.js';
import * as M from './meta-parsers.js';

const EXIT_PARSERS: Record<string, EventParser> = {
  clone: P.parseCloneExit, fork: P.parseCloneExit, vfork: P.parseCloneExit, clone3: P.parseCloneExit,
  execve: P.parseExecveExit, execveat: P.parseExecveExit,
  setuid: P.parseSetuidExit, setresuid: P.parseSetuidExit, setreuid: P.parseSetuidExit,
  setgid: P.parseSetgidExit, setresgid: P.parseSetgidExit, setregid: P.parseSetgidExit,
  setsid: P.parseSetsidExit, prctl: P.parsePrctlExit, capset: P.parseCapsetExit, chroot: P.parseChrootExit,
  open: F.parseOpenExit, openat: F.parseOpenExit, openat2: F.parseOpenExit, creat: F.parseOpenExit,
  open_by_handle_at: F.parseOpenExit,
  close: F.parseCloseExit, close_range: F.parseCloseRangeExit,
  dup: F.parseDupExit, dup2: F.parseDupExit, dup3: F.parseDupExit, fcntl: F.parseDupExit,
  pipe: F.parsePipeExit, pipe2: F.parsePipeExit,
  eventfd: F.parseEventfdExit, eventfd2: F.parseEventfdExit, signalfd: F.parseSignalfdExit, signalfd4: F.parseSignalfdExit,
  timerfd_create: F.parseTimerfdExit, inotify_init: F.parseInotifyExit, inotify_init1: F.parseInotifyExit,
  epoll_create: F.parseEpollCreateExit, epoll_create1: F.parseEpollCreateExit, userfaultfd: F.parseUserfaultfdExit,
  io_uring_setup: F.parseIoUringSetupExit, bpf: F.parseBpfExit, memfd_create: F.parseMemfdCreateExit,
  pidfd_open: F.parsePidfdExit, pidfd_getfd: F.parsePidfdExit,
  chdir: F.parseChdirExit, fchdir: F.parseFchdirExit,
  socket: S.parseSocketExit, socketpair: S.parseSocketpairExit, connect: S.parseConnectExit,
  accept: S.parseAcceptExit, accept4: S.parseAcceptExit, bind: S.parseBindExit,
  sendto: S.parseSendRecvExit, sendmsg: S.parseSendRecvExit, recvfrom: S.parseSendRecvExit, recvmsg: S.parseSendRecvExit,
};

const ENTER_PARSERS: Record<string, EventParser> = {
  procexit: P.parseProcexit,
  container: M.parseContainerEvent,
  useradded: M.parseUserAdded, userdeleted: M.parseUserDeleted,
  groupadded: M.parseGroupAdded, groupdeleted: M.parseGroupDeleted,
};

/** Parser by event code (undefined: the event changes no state). */
export const PARSERS: readonly (EventParser | undefined)[] = EVENT_INFO.map((e) =>
  (e.dir === '<' ? EXIT_PARSERS : ENTER_PARSERS)[e.name]);

/** 1 for codes whose thread must be in the table already (clone/fork exits, procexit, switch): no placeholder is made. */
export const NO_THREAD_LOOKUP: Uint8Array = Uint8Array.from(EVENT_INFO, (e) =>
  (e.dir === '<' && ['clone', 'fork', 'vfork', 'clone3'].includes(e.name)) || e.name === 'procexit' || e.name === 'switch' ? 1 : 0);

/** 1 for meta events that belong to no thread. */
export const META_NO_THREAD: Uint8Array = Uint8Array.from(EVENT_INFO, (e) =>
  ['container', 'useradded', 'userdeleted', 'groupadded', 'groupdeleted', 'pluginevent', 'asyncevent'].includes(e.name) ? 1 : 0);
