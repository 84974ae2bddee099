// Open fds of one process from /proc/<pid>/fd (links), fdinfo (open flags of files) and the
// socket tables of its network namespace, classified the way libscap classifies them:
// files, directories, pipes, memfds, anonymous inodes (eventfd, signalfd, inotify...) and
// sockets found in the tables (others are left out, as libscap does).
import type { FdRecord } from '../capture/scap-header-records.js';
import { ScapFdType } from '../capture/scap-header-records.js';
import { lastErrorIsGone, readDir, readLink, readProcText, statQuiet } from './proc-file-reader.js';
import { readSocketTables, type SocketTable } from './proc-socket-tables.js';

export interface FdScanCounters {
  fds: number;
  /** fds closed between listing the directory and reading the link. */
  fdsVanished: number;
}

/** Socket tables already read, by network namespace link (`net:[4026531840]`). */
export type SocketTablesByNs = Map<string, SocketTable>;

const ANON_TYPES: Record<string, number> = {
  '[eventfd]': ScapFdType.EVENT, '[eventpoll]': ScapFdType.EVENTPOLL, inotify: ScapFdType.INOTIFY,
  '[signalfd]': ScapFdType.SIGNALFD, '[timerfd]': ScapFdType.TIMERFD, '[io_uring]': ScapFdType.IOURING,
  '[userfaultfd]': ScapFdType.USERFAULTFD, '[pidfd]': ScapFdType.PIDFD,
};

function anonType(kind: string): number {
  const t = ANON_TYPES[kind];
  if (t !== undefined) return t;
  return kind.startsWith('bpf-') ? ScapFdType.BPF : ScapFdType.UNSUPPORTED;
}

/** Linux open(2) flags (octal in fdinfo) → PPM_O_* as the events carry them. */
export function openFlagsToPpm(f: number): number {
  let r = 0;
  switch (f & 3) {
    case 0: r |= 1; break;
    case 1: r |= 2; break;
    case 2: r |= 3; break;
  }
  if (f & 0o100) r |= 4;
  if (f & 0o200) r |= 32;
  if (f & 0o1000) r |= 256;
  if (f & 0o2000) r |= 8;
  if (f & 0o4000) r |= 64;
  if (f & 0o10000) r |= 16;
  if (f & 0o40000) r |= 512;
  if (f & 0o100000) r |= 2048;
  if ((f & 0o20200000) === 0o20200000) r |= 8192;
  else if (f & 0o200000) r |= 1024;
  if (f & 0o2000000) r |= 4096;
  if ((f & 0o4010000) === 0o4010000) r |= 128;
  return r;
}

function fdinfoFlags(path: string): number {
  const text = readProcText(path);
  if (text === undefined) return 0;
  const at = text.indexOf('flags:');
  return at < 0 ? 0 : openFlagsToPpm(parseInt(text.slice(at + 6, text.indexOf('\n', at)).trim(), 8));
}

function socketTable(procDir: string, tables: SocketTablesByNs): SocketTable {
  const ns = readLink(procDir + '/ns/net') ?? '';
  let t = tables.get(ns);
  if (!t) {
    t = readSocketTables(procDir);
    if (!t) return new Map();
    // a namespace we cannot name is read again for each process
    if (ns !== '') tables.set(ns, t);
  }
  return t;
}

/** Returns the fds of process `pid`, undefined when the process is gone. */
export function scanFds(procRoot: string, pid: number, tables: SocketTablesByNs, counters: FdScanCounters): FdRecord[] | undefined {
  const procDir = `${procRoot}/${pid}`;
  const names = readDir(procDir + '/fd');
  if (names === undefined) return lastErrorIsGone() ? undefined : [];
  const out: FdRecord[] = [];
  let sockets: SocketTable | undefined;
  for (const n of names) {
    const fd = Number(n);
    const linkPath = `${procDir}/fd/${n}`;
    const link = readLink(linkPath);
    if (link === undefined) { if (lastErrorIsGone()) counters.fdsVanished++; continue; }
    let rec: FdRecord | undefined;
    const c0 = link.charCodeAt(0);
    if (c0 === 115 /* s */ && link.startsWith('socket:[')) {
      sockets ??= socketTable(procDir, tables);
      const ino = Number(link.slice(8, -1));
      const s = sockets.get(ino);
      if (s) rec = { ...s, tid: pid, fd };
    } else if (c0 === 112 /* p */ && link.startsWith('pipe:[')) {
      rec = { tid: pid, fd, ino: BigInt(link.slice(6, -1)), type: ScapFdType.FIFO, name: link };
    } else if (c0 === 97 /* a */ && link.startsWith('anon_inode:')) {
      rec = { tid: pid, fd, ino: 0n, type: anonType(link.slice(11)), name: '' };
    } else if (c0 === 112 && link.startsWith('pidfd:')) {
      rec = { tid: pid, fd, ino: 0n, type: ScapFdType.PIDFD, name: '' };
    } else {
      const st = statQuiet(linkPath);
      if (!st) { if (lastErrorIsGone()) counters.fdsVanished++; continue; }
      const fmt = st.mode & 0o170000;
      if (fmt === 0o040000) rec = { tid: pid, fd, ino: BigInt(st.ino), type: ScapFdType.DIRECTORY, name: link };
      else if (fmt === 0o010000) rec = { tid: pid, fd, ino: BigInt(st.ino), type: ScapFdType.FIFO, name: link };
      else if (link.startsWith('/memfd:')) rec = { tid: pid, fd, ino: BigInt(st.ino), type: ScapFdType.MEMFD, name: link };
      else if (fmt === 0o100000 || fmt === 0o020000 || fmt === 0o060000 || fmt === 0o120000) {
        rec = { tid: pid, fd, ino: BigInt(st.ino), type: ScapFdType.FILE_V2, name: link,
          openFlags: fdinfoFlags(`${procDir}/fdinfo/${n}`), dev: st.dev };
      } else rec = { tid: pid, fd, ino: BigInt(st.ino), type: ScapFdType.UNSUPPORTED, name: '' };
    }
    if (rec) { out.push(rec); counters.fds++; }
  }
  return out;
}
