// The live counterpart of a .scap header: every process and thread of /proc read into the
// same ThreadRecord/FdRecord shapes (plus users, groups, interfaces, machine info), so that
// SyscallState.loadSnapshot seeds its tables exactly as loadHeader does for a trace.
//
// Reads are synchronous: the scan runs once before capture starts, and a few thousand small
// /proc reads finish faster than the promise machinery would. Processes and fds vanishing
// mid-scan (ENOENT/ESRCH) are normal: they are counted, never fatal. Kernel threads (no
// cmdline, no exe) are left out, as libscap leaves them out.
import type { FdRecord, GroupRecord, InterfaceRecord, MachineInfo, ThreadRecord, UserRecord } from '../capture/scap-header-records.js';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { readInterfaces, readMachineInfo, readUsersAndGroups } from './host-info-reader.js';
import { scanFds, type SocketTablesByNs } from './proc-fd-scanner.js';
import { lastErrorIsGone, readDir, readLink, readProcStrings, readProcText, statQuietBig } from './proc-file-reader.js';
import { applyStat, applyStatus } from './proc-status-parser.js';
import { PPM_CL_CLONE_FILES, PPM_CL_CLONE_THREAD } from './thread-info.js';

export interface ProcScanOptions {
  /** Root of the proc filesystem (default `/proc`). */
  procRoot?: string;
  /** Directory holding passwd and group (default `/etc`). */
  etcDir?: string;
  /** Read open fds (default true). */
  fds?: boolean;
  /** Read environments (default true). */
  env?: boolean;
  /** Read secondary threads (default true). */
  threads?: boolean;
}

export interface ProcScanStats {
  processes: number;
  threads: number;
  fds: number;
  /** Processes or threads that exited while being read. */
  vanished: number;
  /** fds closed while being read. */
  fdsVanished: number;
  kernelThreadsSkipped: number;
  elapsedMs: number;
}

/** A ThreadRecord plus what libscap keeps outside the .scap layout. */
export interface ProcThreadRecord extends ThreadRecord {
  /** Thread start (ns since the epoch), from stat's starttime. */
  startTs: bigint;
  /** Threads of the process at scan time (main threads only). */
  threadCount?: number;
}

export interface ProcSnapshot {
  machine: MachineInfo;
  threads: ProcThreadRecord[];
  fds: FdRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
  interfaces: InterfaceRecord[];
  stats: ProcScanStats;
}

// USER_HZ is 100 on every architecture Linux exposes to userspace through /proc
const TICKS_PER_SECOND = 100n;

interface ScanCtx {
  procRoot: string;
  bootNs: bigint;
  v2Controllers: string[];
  stats: ProcScanStats;
  env: boolean;
  pidnsStart: Map<string, bigint>;
  cgroupCache: Map<string, string[]>;
}

/** `hier:ctl1,ctl2:/path` lines → `ctl=/path` entries; the v2 line expands to the v2 controllers. */
function parseCgroups(text: string, v2Controllers: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const ctls = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (ctls === '') { for (const c of v2Controllers) out.push(`${c}=${path}`); continue; }
    for (const c of ctls.split(',')) out.push(`${c}=${path}`);
  }
  return out;
}

function v2Controllers(): string[] {
  for (const p of ['/sys/fs/cgroup/cgroup.controllers', '/sys/fs/cgroup/unified/cgroup.controllers']) {
    const t = readProcText(p);
    if (t !== undefined) return t.trim().split(/\s+/).filter(Boolean);
  }
  return [];
}

function fdLimit(text: string | undefined): number {
  const m = text ? /^Max open files\s+(\S+)/m.exec(text) : null;
  if (!m) return 0;
  return m[1] === 'unlimited' ? -1 : Number(m[1]);
}

/** Executable inode facts, and whether the effective user may write it (owner, or mode bits for the group / others; root may). */
function applyExeStat(r: ThreadRecord, procDir: string): void {
  const st = statQuietBig(procDir + '/exe');
  if (!st) return;
  r.exeIno = st.ino;
  r.exeInoCtime = st.ctimeNs;
  r.exeInoMtime = st.mtimeNs;
  const mode = Number(st.mode);
  r.exeWritable = r.uid === 0 || Number(st.uid) === r.uid || (Number(st.gid) === r.gid ? (mode & 0o020) !== 0 : (mode & 0o002) !== 0);
}

/** When the init of the process's pid namespace started (libscap: ctime of its /proc/1/cmdline), once per namespace. */
function pidnsInitStart(dir: string, r: ThreadRecord, ctx: ScanCtx): bigint {
  // a process seeing itself by its host pid is in the host's namespace: no link to read
  const ns = r.vpid === r.pid ? 'host' : readLink(dir + '/ns/pid');
  const known = ns === undefined ? undefined : ctx.pidnsStart.get(ns);
  if (known !== undefined) return known;
  const st = statQuietBig(dir + '/root/proc/1/cmdline');
  const ts = st ? st.ctimeNs : 0n;
  if (ns !== undefined) ctx.pidnsStart.set(ns, ts);
  return ts;
}

const PF_KTHREAD = 0x00200000;

function isKernelThread(stat: string | undefined): boolean {
  if (stat === undefined) return false;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 7);
  return (Number(f[6]) & PF_KTHREAD) !== 0;
}

/** Fills ids, names, credentials and times of a main thread; returns its process's thread count, -1 when it is gone. */
function readThreadBase(dir: string, tid: number, ctx: ScanCtx, r: ProcThreadRecord): number {
  const status = readProcText(dir + '/status');
  const nthreads = status === undefined ? -1 : applyStatus(r, status);
  if (nthreads < 0) return -1;
  r.tid = tid;
  const stat = readProcText(dir + '/stat');
  if (stat === undefined) return -1;
  const start = applyStat(r, stat);
  if (start >= 0) r.startTs = ctx.bootNs + (BigInt(start) * 1_000_000_000n) / TICKS_PER_SECOND;
  if (r.vtid <= 0) r.vtid = tid;
  if (r.vpid <= 0) r.vpid = r.pid;
  return nthreads;
}

function newRecord(): ProcThreadRecord {
  return { ...newThreadRecord(), startTs: 0n };
}

/** The main thread of process `pid`; undefined when it is gone or is a kernel thread. */
function readProcess(pid: number, ctx: ScanCtx): ProcThreadRecord | undefined {
  const dir = `${ctx.procRoot}/${pid}`;
  const cmdline = readProcStrings(dir + '/cmdline');
  if (cmdline === undefined) { if (lastErrorIsGone()) ctx.stats.vanished++; return undefined; }
  // kernel threads have no cmdline: tell them by the PF_KTHREAD stat flag rather than by a
  // failing exe readlink (a thrown error costs more than the read)
  if (cmdline.length === 0 && isKernelThread(readProcText(dir + '/stat'))) { ctx.stats.kernelThreadsSkipped++; return undefined; }
  const exepath = readLink(dir + '/exe');
  if (cmdline.length === 0 && exepath === undefined) {
    if (lastErrorIsGone()) ctx.stats.vanished++;
    else ctx.stats.kernelThreadsSkipped++;
    return undefined;
  }
  const r = newRecord();
  const nthreads = readThreadBase(dir, pid, ctx, r);
  if (nthreads < 0) { ctx.stats.vanished++; return undefined; }
  r.threadCount = nthreads;
  r.exepath = exepath ?? '';
  r.exe = cmdline[0] ?? '';
  r.args = cmdline.slice(1);
  if (ctx.env) r.env = readProcStrings(dir + '/environ') ?? [];
  r.cwd = readLink(dir + '/cwd') ?? '';
  r.root = readLink(dir + '/root') ?? '';
  r.fdlimit = fdLimit(readProcText(dir + '/limits'));
  // processes mostly share a few cgroup sets: parse each text once, share the array
  const cgText = readProcText(dir + '/cgroup') ?? '';
  let cg = ctx.cgroupCache.get(cgText);
  if (!cg) { cg = parseCgroups(cgText, ctx.v2Controllers); ctx.cgroupCache.set(cgText, cg); }
  r.cgroups = cg;
  const login = readProcText(dir + '/loginuid');
  r.loginuid = login === undefined ? 0xffffffff : Number(login.trim()) >>> 0;
  r.pidnsInitStartTs = pidnsInitStart(dir, r, ctx);
  r.exeFromMemfd = r.exepath.startsWith('/memfd:');
  applyExeStat(r, dir);
  r.flags = 0;
  return r;
}

/**
 * Secondary thread `tid` of `main`: its own name, ids and credentials from status; session,
 * terminal, process group and start time are the process's (one read per thread, not two).
 */
function readThread(main: ProcThreadRecord, tid: number, ctx: ScanCtx): ProcThreadRecord | undefined {
  const status = readProcText(`${ctx.procRoot}/${main.pid}/task/${tid}/status`);
  const r: ProcThreadRecord = { ...main, vtid: -1 };
  if (status === undefined || applyStatus(r, status) < 0) { ctx.stats.vanished++; return undefined; }
  r.tid = tid;
  if (r.vtid <= 0) r.vtid = tid;
  r.flags = PPM_CL_CLONE_THREAD | PPM_CL_CLONE_FILES;
  return r;
}

/** Reads every process, thread and (optionally) fd of the host. */
export function scanProc(opts: ProcScanOptions = {}): ProcSnapshot {
  const t0 = performance.now();
  const procRoot = opts.procRoot ?? '/proc';
  const machine = readMachineInfo(procRoot);
  const stats: ProcScanStats = { processes: 0, threads: 0, fds: 0, vanished: 0, fdsVanished: 0, kernelThreadsSkipped: 0, elapsedMs: 0 };
  const ctx: ScanCtx = { procRoot, bootNs: machine.bootTsEpoch, v2Controllers: v2Controllers(), stats, env: opts.env !== false, pidnsStart: new Map(), cgroupCache: new Map() };
  const threads: ProcThreadRecord[] = [];
  const fds: FdRecord[] = [];
  const tables: SocketTablesByNs = new Map();
  const fdCounters = { fds: 0, fdsVanished: 0 };
  for (const name of readDir(procRoot) ?? []) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(name);
    const main = readProcess(pid, ctx);
    if (!main) continue;
    threads.push(main);
    stats.processes++;
    stats.threads++;
    // the task directory is listed only for processes that have more than one thread
    if (opts.threads !== false && (main.threadCount ?? 2) > 1) {
      for (const t of readDir(`${procRoot}/${pid}/task`) ?? []) {
        const tid = Number(t);
        if (tid === pid) continue;
        const rec = readThread(main, tid, ctx);
        if (rec) { threads.push(rec); stats.threads++; }
      }
    }
    if (opts.fds !== false) {
      const list = scanFds(procRoot, pid, tables, fdCounters);
      if (list) for (const f of list) fds.push(f);
    }
  }
  stats.fds = fdCounters.fds;
  stats.fdsVanished = fdCounters.fdsVanished;
  const { users, groups } = readUsersAndGroups(opts.etcDir);
  const interfaces = readInterfaces();
  stats.elapsedMs = performance.now() - t0;
  return { machine, threads, fds, users, groups, interfaces, stats };
}
