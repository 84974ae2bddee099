// One thread as the state stage knows it, in libsinsp's terms: ids (host and namespace
// views), names, executable, arguments, environment, credentials, terminal, capabilities,
// cgroups, and the fd table it uses. Threads of one process share the main thread's fd
// table and working directory (libsinsp does the same approximation).
import { FdTable } from './fd-table.js';
import { splitNul } from '../events/param-decoders.js';

/** PPM_CL_* clone flags libsinsp reads (the schema's clone_flags table; a test checks they agree). */
export const PPM_CL_CLONE_FILES = 1 << 0;
export const PPM_CL_CLONE_NEWPID = 1 << 6;
export const PPM_CL_CLONE_PARENT = 1 << 8;
export const PPM_CL_CLONE_THREAD = 1 << 13;
export const PPM_CL_CLONE_INVERTED = 1 << 16;
export const PPM_CL_CLONE_VFORK = 1 << 27;
export const PPM_CL_CHILD_IN_PIDNS = 1 << 29;

export class ThreadInfo {
  tid: number;
  pid = -1;
  ptid = -1;
  sid = 0;
  vpgid = 0;
  pgid = -1;
  vtid = -1;
  vpid = -1;
  /** Task comm (proc.name). */
  comm = '';
  /** argv[0] (proc.exe). */
  exe = '';
  exepath = '';
  // args and env from an execve or clone event are kept as the event's bytes and split into
  // strings on first read: most are never read (env especially), and decoding every string
  // of every exec was a large share of replaying exec-heavy traces
  #args: string[] = [];
  #argsRaw: Uint8Array | undefined;
  #env: string[] = [];
  #envRaw: Uint8Array | undefined;
  get args(): string[] {
    if (this.#argsRaw !== undefined) { this.#args = splitNul(this.#argsRaw); this.#argsRaw = undefined; }
    return this.#args;
  }
  set args(v: string[]) { this.#args = v; this.#argsRaw = undefined; }
  get env(): string[] {
    if (this.#envRaw !== undefined) { this.#env = splitNul(this.#envRaw); this.#envRaw = undefined; }
    return this.#env;
  }
  set env(v: string[]) { this.#env = v; this.#envRaw = undefined; }
  /** NUL-separated argument bytes, split on first read (the bytes must not change afterwards: pass a copy). */
  setArgsBytes(b: Uint8Array): void { this.#argsRaw = b; }
  /** NUL-separated environment bytes, split on first read (pass a copy). */
  setEnvBytes(b: Uint8Array): void { this.#envRaw = b; }
  /** Takes `o`'s arguments as they are (split or not: the bytes are never changed, so sharing is safe). */
  copyArgsFrom(o: ThreadInfo): void { this.#args = o.#args; this.#argsRaw = o.#argsRaw; }
  /** The arguments as they are now, for restoreArgs (no split). */
  argsSnapshot(): ArgsSnapshot { return { args: this.#args, raw: this.#argsRaw }; }
  restoreArgs(x: ArgsSnapshot): void { this.#args = x.args; this.#argsRaw = x.raw; }
  /** Takes `o`'s environment as it is. */
  copyEnvFrom(o: ThreadInfo): void { this.#env = o.#env; this.#envRaw = o.#envRaw; }
  /** Working directory, always ending in '/'; threads read their main thread's. */
  cwd = '';
  root = '/';
  uid = 0xffffffff;
  gid = 0xffffffff;
  loginuid = 0xffffffff;
  tty = 0;
  flags = 0;
  fdlimit = 0;
  vmsizeKb = 0;
  vmrssKb = 0;
  vmswapKb = 0;
  pfmajor = 0;
  pfminor = 0;
  capInheritable = 0n;
  capPermitted = 0n;
  capEffective = 0n;
  exeWritable = false;
  exeUpperLayer = false;
  exeLowerLayer = false;
  exeFromMemfd = false;
  exeIno = 0;
  exeInoCtime = 0n;
  exeInoMtime = 0n;
  /** `subsystem=path` entries. */
  cgroups: string[] = [];
  /** Container id derived from the cgroups ('' on the host). */
  containerId = '';
  /** Nanoseconds since the epoch the thread was created (clone exit), 0 when unknown. */
  cloneTs = 0n;
  pidnsInitStartTs = 0n;
  lastExecTs = 0n;
  /** procexit seen: kept until the next event, as libsinsp does, then removed. */
  dead = false;
  /** Thread group leader is a (sub)reaper: orphans of its descendants are handed to it. */
  reaper = false;
  /** Reaper named by the procexit event. */
  reaperTid = -1;
  /** Children tids (processes whose ptid is this thread). */
  readonly children = new Set<number>();
  /** Own fd table, or the main thread's (shared object) for secondary threads. */
  fds: FdTable = new FdTable();
  /** The fd the last event of this thread used (libsinsp's m_lastevent_fd), -1 if none. */
  lastEventFd = -1;
  /** Code of the last enter event, -1 if none; and whether the current exit pairs with it. */
  lastEnterType = -1;
  lastEnterValid = false;
  /** Timestamp of the last enter event (evt.latency), kept as two 32-bit halves (the low one may be signed): no bigint per event. */
  lastEnterTsHi = 0;
  lastEnterTsLo = 0;
  get lastEnterTs(): bigint { return (BigInt(this.lastEnterTsHi) << 32n) | BigInt(this.lastEnterTsLo >>> 0); }
  set lastEnterTs(ts: bigint) { this.lastEnterTsHi = Number(ts >> 32n); this.lastEnterTsLo = Number(ts & 0xffffffffn); }
  /** Code of the enter event held in enterBuf (-1: the last enter event was not kept). */
  enterStoredType = -1;
  /** Copy of the last kept enter event's bytes (header + params), reused across events. */
  enterBuf: Buffer | null = null;
  enterLen = 0;
  enterNparams = 0;
  enterLenSize: 2 | 4 = 2;
  enterHdrSize = 26;

  constructor(tid: number) { this.tid = tid; }

  get isMainThread(): boolean { return this.tid === this.pid; }
  /** libsinsp's "invalid" thread: some id unknown (fake entries made for failed lookups). */
  get invalid(): boolean { return this.tid < 0 || this.pid < 0 || this.ptid < 0; }
}

export interface ArgsSnapshot { readonly args: string[]; readonly raw: Uint8Array | undefined }
