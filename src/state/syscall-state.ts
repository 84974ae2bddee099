// The state stage of the syscall source: thread, fd, user/group and container tables kept
// from a trace's header records and from the event stream, the way libsinsp keeps them.
//
// Use:
//   const state = new SyscallState();
//   state.loadHeader(source.header);          // process list, fds, users, groups, machine info
//   for each event (in order, before rules run):
//     const ctx = state.process(evt);         // updates the tables, returns the EvalContext
//     ...evaluate rules / extract fields on ctx...
// The returned EvalContext is one object reused for every event: read it before the next
// process() call. Events flagged state-only (fatfile captures) must be passed too; skip the
// rule evaluation for them, not the state update.
import { EVENT_INFO } from '../events/event-info.js';
import { EF_CREATES_FD, EF_DESTROYS_FD, EF_SKIPPARSERESET, EF_USES_FD, PT_FD } from '../events/event-table.js';
import type { ScapEvent } from '../events/scap-event.js';
import type { FdRecord, GroupRecord, InterfaceRecord, MachineInfo, ScapHeader, ThreadRecord, UserRecord } from '../capture/scap-header-records.js';
import type { ArgResolver } from '../events/arg-formatter.js';
import { stateArgResolver } from './arg-resolver.js';
import { ContainerTable } from './container-table.js';
import { containerFromCgroups } from './cgroup-container-id.js';
import { DnsNameCache } from './dns-name-cache.js';
import { EvalContext } from './eval-context.js';
import { noteEnterEvent } from './enter-event-store.js';
import { fdFromRecord } from './fd-record-loader.js';
import { PARSERS, NO_THREAD_LOOKUP, META_NO_THREAD } from './parser-table.js';
import { ThreadInfo } from './thread-info.js';
import { rawInt } from './parser-types.js';
import { ThreadTable } from './thread-table.js';
import { UserGroupTable } from './user-group-table.js';

const FD_EVENT = EF_CREATES_FD | EF_USES_FD | EF_DESTROYS_FD;

/** Per code: where the fd is in enter events (-1 none) and in exit events (-1 none). */
const ENTER_FD_INDEX: Int16Array = new Int16Array(EVENT_INFO.length).fill(-1);
const EXIT_FD_INDEX: Int16Array = new Int16Array(EVENT_INFO.length).fill(-1);
for (const e of EVENT_INFO) {
  if ((e.flags & EF_USES_FD) === 0) continue;
  const byName = e.paramIndex.get('fd') ?? e.paramIndex.get('oldfd');
  if (e.dir === '>') ENTER_FD_INDEX[e.code] = byName ?? (e.params[0]?.type === PT_FD ? 0 : -1);
  else EXIT_FD_INDEX[e.code] = byName ?? -1;
}

// What process() needs per event code, in typed arrays: reading them costs less than
// loading the code's EventInfo object and its flags on every event.
const K_KNOWN = 1, K_NO_RESET = 2, K_USES_FD = 4;
const KIND: Uint8Array = Uint8Array.from({ length: 65536 }, (_, code) => {
  const e = EVENT_INFO[code];
  if (e === undefined) return 0;
  return K_KNOWN | ((e.flags & EF_SKIPPARSERESET) !== 0 || META_NO_THREAD[code] === 1 ? K_NO_RESET : 0)
    | ((e.flags & EF_USES_FD) !== 0 ? K_USES_FD : 0);
});

const EXECVE_19_X = EVENT_INFO.find((e) => e.id === 'SYSCALL_EXECVE_19_X')!.code;
const EXECVEAT_E = EVENT_INFO.find((e) => e.id === 'SYSCALL_EXECVEAT_E')!.code;

/** What loadSnapshot takes: a trace header's records, threads optionally with their start time. */
export interface StateSnapshot {
  threads: (ThreadRecord & { startTs?: bigint })[];
  fds: FdRecord[];
  users: UserRecord[];
  groups: GroupRecord[];
  machine?: MachineInfo;
  interfaces?: InterfaceRecord[];
}

export interface SyscallStateOptions {
  /** Hostname for evt.hostname when the trace has none and FALCO_HOSTNAME is unset. */
  hostname?: string;
  /** Names for fd.*ip.name (default: the process-wide DnsNameCache.shared the app fills from the rules). */
  dnsNames?: DnsNameCache;
}

export class SyscallState {
  readonly threads = new ThreadTable();
  readonly users = new UserGroupTable();
  readonly containers = new ContainerTable();
  machine: MachineInfo | undefined;
  readonly hostname: string;
  readonly dnsNames: DnsNameCache;
  /** Network interfaces of the machine (tell local from remote socket ends). */
  interfaces: readonly InterfaceRecord[] = [];
  /** Timestamp of the first event (evt.reltime), -1 before the first event. */
  firstTs = -1n;
  // Timestamps of the current and the previous event as 32-bit halves (the low one kept
  // signed): a bigint is made only when a field asks (curTs, prevTs), never per event.
  #curHi = 0;
  #curLo = 0;
  #prevHi = 0;
  #prevLo = 0;
  #started = false;
  /** Events that reached process(). */
  events = 0;
  readonly ctx: EvalContext;
  /** tid whose procexit was the previous event: removed at the start of the next one. */
  #tidToRemove = -1;

  constructor(opts: SyscallStateOptions = {}) {
    this.ctx = new EvalContext(this);
    this.hostname = process.env.FALCO_HOSTNAME || opts.hostname || '';
    this.dnsNames = opts.dnsNames ?? DnsNameCache.shared;
  }

  /** Seeds the tables from a trace's header records. */
  loadHeader(h: Pick<ScapHeader, 'threads' | 'fds' | 'users' | 'groups'> & { machine?: MachineInfo; interfaces?: InterfaceRecord[] }): void {
    this.machine = h.machine;
    if (h.interfaces) this.interfaces = h.interfaces;
    this.users.load(h.users, h.groups);
    for (const r of h.threads) this.addThreadRecord(r);
    // links and shared fd tables need every thread present first
    for (const t of this.threads.values()) {
      this.threads.linkParent(t);
      if (!t.isMainThread) { const m = this.threads.get(t.pid); if (m) t.fds = m.fds; }
    }
    for (const f of h.fds) this.addFdRecord(f);
  }

  /**
   * Seeds the tables from a /proc snapshot (live capture, see proc-scanner.ts) the way
   * loadHeader does from a trace, plus thread start times (libscap keeps them as clone_ts).
   */
  loadSnapshot(snap: StateSnapshot): void {
    this.loadHeader(snap);
    for (const r of snap.threads) {
      if (!r.startTs) continue;
      const t = this.threads.get(r.tid);
      if (t) t.cloneTs = r.startTs;
    }
  }

  addThreadRecord(r: ThreadRecord): ThreadInfo {
    const t = new ThreadInfo(r.tid);
    t.pid = r.pid; t.ptid = r.ptid; t.sid = r.sid; t.vpgid = r.vpgid; t.pgid = r.pgid;
    t.comm = r.comm; t.exe = r.exe; t.exepath = r.exepath; t.args = r.args; t.env = r.env;
    t.cwd = r.cwd === '' || r.cwd.endsWith('/') ? r.cwd : r.cwd + '/';
    t.root = r.root; t.fdlimit = r.fdlimit; t.flags = r.flags; t.uid = r.uid; t.gid = r.gid;
    t.vmsizeKb = r.vmsizeKb; t.vmrssKb = r.vmrssKb; t.vmswapKb = r.vmswapKb; t.pfmajor = r.pfmajor; t.pfminor = r.pfminor;
    t.vtid = r.vtid; t.vpid = r.vpid; t.cgroups = r.cgroups; t.pidnsInitStartTs = r.pidnsInitStartTs;
    t.tty = r.tty; t.loginuid = r.loginuid; t.exeWritable = r.exeWritable; t.exeUpperLayer = r.exeUpperLayer;
    t.exeLowerLayer = r.exeLowerLayer; t.exeFromMemfd = r.exeFromMemfd;
    t.capInheritable = r.capInheritable; t.capPermitted = r.capPermitted; t.capEffective = r.capEffective;
    t.exeIno = Number(r.exeIno); t.exeInoCtime = r.exeInoCtime; t.exeInoMtime = r.exeInoMtime;
    const cont = containerFromCgroups(t.cgroups);
    t.containerId = cont?.id ?? '';
    if (cont) this.containers.noteSeen(cont.id, cont.runtime);
    if (t.vpid === 1 || t.tid === 1) t.reaper = true;
    this.threads.add(t);
    return t;
  }

  addFdRecord(r: FdRecord): void {
    const t = this.threads.get(r.tid);
    if (!t) return;
    t.fds.set(r.fd, fdFromRecord(r));
  }

  /** Updates the tables for one event and returns the context the fields read. */
  process(evt: ScapEvent): EvalContext {
    const ctx = this.ctx;
    ctx.seq++;
    this.events++;
    if (this.#tidToRemove !== -1) { this.threads.remove(this.#tidToRemove); this.#tidToRemove = -1; }
    ctx.evt = evt;
    ctx.thread = undefined;
    ctx.fd = undefined;
    const type = evt.type;
    const kind = KIND[type]!;
    if (kind === 0) return ctx;
    const parser = PARSERS[type];
    const b = evt.buf, h = evt.hdrOff;
    // the low word as a signed 32-bit integer (`>>> 0` where read): read unsigned, it
    // outgrew V8's small-integer guess once its top byte passed 127, and the code deoptimized
    const tsLo = b[h]! | (b[h + 1]! << 8) | (b[h + 2]! << 16) | (b[h + 3]! << 24);
    const tsHi = (b[h + 4]! | (b[h + 5]! << 8) | (b[h + 6]! << 16)) + b[h + 7]! * 16777216;
    if (!this.#started) { this.#started = true; this.firstTs = evt.ts; }
    if (this.events === 1) {
      this.#prevHi = tsHi; this.#prevLo = tsLo;
    } else {
      this.#prevHi = this.#curHi; this.#prevLo = this.#curLo;
    }
    this.#curHi = tsHi; this.#curLo = tsLo;

    if ((kind & K_NO_RESET) !== 0) {
      if (parser) parser(this, ctx);
      return ctx;
    }
    const tid = evt.tid;
    let t = this.threads.get(tid);
    if (t === undefined && NO_THREAD_LOOKUP[type] !== 1) t = this.threads.addFake(tid);
    ctx.thread = t;

    if (t !== undefined) {
      if ((type & 1) === 0) {
        t.lastEventFd = -1;
        noteEnterEvent(t, evt, tsHi, tsLo);
        t.lastEnterValid = true;
        const fi = ENTER_FD_INDEX[type];
        if (fi >= 0) {
          const fd = rawInt(evt, fi);
          if (fd !== undefined) { t.lastEventFd = fd; ctx.fd = t.fds.get(fd); }
        }
      } else {
        const valid = type === t.lastEnterType + 1 || (type === EXECVE_19_X && t.lastEnterType === EXECVEAT_E);
        t.lastEnterValid = valid;
        if (!valid) t.lastEventFd = -1;
        if ((kind & K_USES_FD) !== 0) {
          if (t.lastEventFd === -1) {
            const fi = EXIT_FD_INDEX[type];
            if (fi >= 0 && fi < evt.nparams) {
              const fd = rawInt(evt, fi);
              if (fd !== undefined) t.lastEventFd = fd;
            }
          }
          ctx.fd = t.fds.get(t.lastEventFd);
        }
      }
    }
    if (parser) parser(this, ctx);
    return ctx;
  }

  /** Timestamp of the event being processed (ns since the epoch). */
  get curTs(): bigint { return (BigInt(this.#curHi) << 32n) | BigInt(this.#curLo >>> 0); }
  /** Timestamp of the previous event (evt.deltatime); the first event's own before that. */
  get prevTs(): bigint { return (BigInt(this.#prevHi) << 32n) | BigInt(this.#prevLo >>> 0); }

  #resolver: ArgResolver | undefined;
  /** State lookups for formatting event arguments (fd names, thread names, paths, users). */
  get argResolver(): ArgResolver { return (this.#resolver ??= stateArgResolver(this)); }

  /** Asks for a thread to be removed when the next event starts (procexit). */
  scheduleRemoval(tid: number): void { this.#tidToRemove = tid; }

  /** True when the event creates, uses or destroys an fd (the fd.* fields apply). */
  static isFdEvent(evt: ScapEvent): boolean {
    const info = EVENT_INFO[evt.type];
    return info !== undefined && (info.flags & FD_EVENT) !== 0;
  }

  /** True when the address is one of this machine's interfaces (IPv4 or IPv6, network order). */
  isLocalAddress(ip: Uint8Array | undefined): boolean {
    if (!ip) return false;
    for (const i of this.interfaces) {
      if (i.addr.length !== ip.length) continue;
      let eq = true;
      for (let k = 0; k < ip.length; k++) if (i.addr[k] !== ip[k]) { eq = false; break; }
      if (eq) return true;
    }
    return false;
  }

  /** container.id of a thread: 12 characters of its container's id, or 'host'. */
  containerIdOf(t: ThreadInfo | undefined): string | undefined {
    if (!t) return undefined;
    return t.containerId === '' ? 'host' : t.containerId.slice(0, 12);
  }
}
