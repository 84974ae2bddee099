// Parsers of process events: clone/fork/vfork/clone3 create threads (from the caller's or
// the child's exit event, whichever comes first), execve/execveat replace the image,
// procexit removes a thread (on the next event, handing its children to a reaper), and
// chdir, set*id, setsid, prctl, capset, chroot update what they change.
import { containerFromCgroups, type CgroupContainer } from './cgroup-container-id.js';
import { splitNul } from '../events/param-decoders.js';
import { FdTable } from './fd-table.js';
import { enterEventOf } from './enter-event-store.js';
import { dirfdBase } from './fd-parsers.js';
import { concatenatePaths } from './path-utils.js';
import { num, res, str, stringsBytes, type EventParser, PPM_O_CLOEXEC } from './parser-types.js';
import type { SyscallState } from './syscall-state.js';
import {
  ThreadInfo, PPM_CL_CHILD_IN_PIDNS, PPM_CL_CLONE_FILES, PPM_CL_CLONE_INVERTED, PPM_CL_CLONE_NEWPID, PPM_CL_CLONE_PARENT,
  PPM_CL_CLONE_THREAD, PPM_CL_CLONE_VFORK,
} from './thread-info.js';
import type { ScapEvent } from '../events/scap-event.js';

const CLONE_STALE_TIME_NS = 2_000_000_000n;
const EXE_WRITABLE = 1, EXE_UPPER_LAYER = 2, EXE_FROM_MEMFD = 4, EXE_LOWER_LAYER = 8;

/** The event's args, kept as bytes until read (an event without them leaves none). */
function setArgs(t: ThreadInfo, evt: ScapEvent): void {
  const a = stringsBytes(evt, 'args');
  if (a) t.setArgsBytes(a); else t.args = [];
}

// The cgroups list decoded last, with its container, by the (shared) copy of its bytes:
// the processes of a host or a container carry the same list, whose dozen strings and
// container id were decoded again at every exec and clone. The list is shared, never changed.
let lastCgroups: { readonly bytes: Buffer; readonly list: string[]; readonly container: CgroupContainer | undefined } | undefined;

function setCgroups(s: SyscallState, t: ThreadInfo, evt: ScapEvent): void {
  const bytes = stringsBytes(evt, 'cgroups');
  if (bytes === undefined) return;
  if (lastCgroups?.bytes !== bytes) {
    const list = splitNul(bytes);
    lastCgroups = { bytes, list, container: list.length > 0 ? containerFromCgroups(list) : undefined };
  }
  const { list, container: c } = lastCgroups;
  if (list.length > 0) {
    t.cgroups = list;
    t.containerId = c?.id ?? '';
    if (c) s.containers.noteSeen(c.id, c.runtime);
  }
}

/** Fields a new thread inherits from the process it was cloned from. */
function inherit(child: ThreadInfo, from: ThreadInfo): void {
  child.exepath = from.exepath; child.exeWritable = from.exeWritable; child.exeUpperLayer = from.exeUpperLayer;
  child.exeLowerLayer = from.exeLowerLayer; child.exeFromMemfd = from.exeFromMemfd; child.root = from.root;
  child.sid = from.sid; child.vpgid = from.vpgid; child.pgid = from.pgid; child.tty = from.tty;
  child.loginuid = from.loginuid; child.capPermitted = from.capPermitted; child.capInheritable = from.capInheritable;
  child.capEffective = from.capEffective; child.exeIno = from.exeIno; child.exeInoCtime = from.exeInoCtime;
  child.exeInoMtime = from.exeInoMtime;
}

function fillFromCloneEvent(s: SyscallState, child: ThreadInfo, evt: ScapEvent): void {
  child.exe = str(evt, 'exe') ?? '';
  child.comm = str(evt, 'comm') ?? child.exe;
  setArgs(child, evt);
  child.fdlimit = num(evt, 'fdlimit');
  if (evt.param('vm_swap') !== undefined) {
    child.pfmajor = num(evt, 'pgft_maj'); child.pfminor = num(evt, 'pgft_min');
    child.vmsizeKb = num(evt, 'vm_size'); child.vmrssKb = num(evt, 'vm_rss'); child.vmswapKb = num(evt, 'vm_swap');
  }
  child.uid = num(evt, 'uid') >>> 0;
  child.gid = num(evt, 'gid') >>> 0;
  setCgroups(s, child, evt);
  child.cloneTs = evt.ts;
  child.pidnsInitStartTs = s.machine?.bootTsEpoch ?? 0n;
}

function copyFds(child: ThreadInfo, from: ThreadInfo): void {
  child.fds = new FdTable();
  for (const [fd, f] of from.fds) child.fds.set(fd, f.clone());
}

export const parseCloneExit: EventParser = (s, ctx) => {
  const evt = ctx.evt;
  const r = res(evt);
  if (r < 0) return;
  if (r === 0) cloneChild(s, ctx.thread, evt);
  else cloneCaller(s, evt, r);
  ctx.thread = s.threads.get(evt.tid);
};

function cloneCaller(s: SyscallState, evt: ScapEvent, childTid: number): void {
  const callerTid = evt.tid;
  let caller = s.threads.get(callerTid);
  if (!caller) caller = s.threads.addFake(callerTid);
  const validCaller = !caller.invalid;
  if (!validCaller) {
    caller.pid = num(evt, 'pid', -1);
    s.threads.setParent(caller, num(evt, 'ptid', -1));
    if (evt.param('vpid') !== undefined) { caller.vtid = num(evt, 'vtid'); caller.vpid = num(evt, 'vpid'); } else { caller.vtid = callerTid; caller.vpid = -1; }
  }
  const flags = num(evt, 'flags') >>> 0;
  if (flags & (PPM_CL_CHILD_IN_PIDNS | PPM_CL_CLONE_NEWPID | PPM_CL_CLONE_PARENT) || (caller.vtid !== -1 && callerTid !== caller.vtid)) return;
  if (flags & PPM_CL_CLONE_VFORK || evt.info!.name === 'vfork') return;
  const existing = s.threads.get(childTid);
  if (existing) {
    if (existing.flags & PPM_CL_CLONE_INVERTED) return;
    s.threads.remove(childTid);
  }
  const child = new ThreadInfo(childTid);
  child.flags = flags;
  if (!(flags & PPM_CL_CLONE_THREAD)) {
    if (validCaller) {
      copyFds(child, caller);
      child.cwd = s.threads.cwd(caller);
      child.copyEnvFrom(caller);
    }
    child.pid = childTid;
    child.ptid = caller.tid;
  } else {
    child.pid = caller.pid;
    child.ptid = caller.ptid;
    child.flags |= PPM_CL_CLONE_FILES;
    child.lastExecTs = caller.lastExecTs;
  }
  child.vtid = child.tid;
  child.vpid = child.pid;
  fillFromCloneEvent(s, child, evt);
  if (validCaller) inherit(child, caller);
  else { caller.exe = child.exe; caller.comm = child.comm; caller.copyArgsFrom(child); }
  if (!child.cgroups.length) { child.cgroups = caller.cgroups; child.containerId = caller.containerId; }
  s.threads.add(child);
}

function cloneChild(s: SyscallState, existing: ThreadInfo | undefined, evt: ScapEvent): void {
  const tid = evt.tid;
  if (existing && existing.cloneTs !== 0n) {
    if (evt.ts - existing.cloneTs < CLONE_STALE_TIME_NS) return;
    s.threads.remove(tid);
  } else if (existing) s.threads.remove(tid);
  const child = new ThreadInfo(tid);
  child.pid = num(evt, 'pid', -1);
  child.ptid = num(evt, 'ptid', -1);
  if (evt.param('vpid') !== undefined) { child.vtid = num(evt, 'vtid'); child.vpid = num(evt, 'vpid'); } else { child.vtid = tid; child.vpid = -1; }
  child.flags = (num(evt, 'flags') >>> 0) | PPM_CL_CLONE_INVERTED;
  const leader = !(child.flags & PPM_CL_CLONE_THREAD);
  if (!leader) child.flags |= PPM_CL_CLONE_FILES;
  const lookupTid = leader ? child.ptid : child.pid;
  let lookup = s.threads.get(lookupTid);
  if (!lookup) lookup = s.threads.addFake(lookupTid);
  const valid = !lookup.invalid;
  if (!valid && !leader) {
    lookup.pid = child.pid; lookup.ptid = child.ptid; lookup.vpid = child.vpid; lookup.vtid = lookup.vpid;
    s.threads.linkParent(lookup);
  }
  child.exe = str(evt, 'exe') ?? '';
  child.comm = str(evt, 'comm') ?? child.exe;
  setArgs(child, evt);
  if (valid) {
    inherit(child, lookup);
    if (leader) {
      copyFds(child, lookup);
      child.cwd = s.threads.cwd(lookup);
      child.copyEnvFrom(lookup);
    }
  }
  if (!leader && valid) child.lastExecTs = lookup.lastExecTs;
  const exe = child.exe, comm = child.comm, args = child.argsSnapshot();
  fillFromCloneEvent(s, child, evt);
  child.exe = exe; child.comm = comm; child.restoreArgs(args);
  if (!child.cgroups.length) { child.cgroups = lookup.cgroups; child.containerId = lookup.containerId; }
  s.threads.add(child);
}

export const parseExecveExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  const evt = ctx.evt;
  if (!t || res(evt) < 0) return;
  t.dead = false;
  t.exe = str(evt, 'exe') ?? '';
  t.lastExecTs = evt.ts;
  t.comm = str(evt, 'comm') ?? t.exe;
  setArgs(t, evt);
  t.pid = num(evt, 'pid', t.pid);
  if (t.ptid < 0) {
    s.threads.setParent(t, num(evt, 'ptid', -1));
    if ((t.flags & PPM_CL_CHILD_IN_PIDNS) === 0) { t.vtid = t.tid; t.vpid = t.pid; }
  }
  t.fdlimit = num(evt, 'fdlimit');
  if (evt.param('vm_swap') !== undefined) {
    t.pfmajor = num(evt, 'pgft_maj'); t.pfminor = num(evt, 'pgft_min');
    t.vmsizeKb = num(evt, 'vm_size'); t.vmrssKb = num(evt, 'vm_rss'); t.vmswapKb = num(evt, 'vm_swap');
  }
  const env = stringsBytes(evt, 'env');
  if (env) t.setEnvBytes(env);
  setCgroups(s, t, evt);
  if (evt.param('tty') !== undefined) t.tty = num(evt, 'tty') >>> 0;
  const trusted = str(evt, 'trusted_exepath');
  if (trusted !== undefined && trusted !== '') t.exepath = trusted;
  else {
    const enter = enterEventOf(t);
    if (enter) {
      const kind = enter.info!.name;
      if (kind === 'execve') {
        const fn = str(enter, 'filename');
        if (fn !== undefined) t.exepath = fn === '<NA>' ? '<NA>' : concatenatePaths(s.threads.cwd(t), fn);
      } else if (kind === 'execveat') {
        const dirfd = num(enter, 'dirfd'), flags = num(enter, 'flags');
        const pathname = str(enter, 'pathname') ?? '<NA>';
        const sdir = dirfdBase(s, t, pathname, dirfd);
        if ((!(flags & 1) && pathname === '<NA>') || sdir === '<UNKNOWN>') t.exepath = '<NA>';
        else if (flags & 1) t.exepath = concatenatePaths('', sdir);
        else t.exepath = concatenatePaths(sdir === '.' ? '' : sdir, pathname);
      }
    }
  }
  if (evt.param('vpgid') !== undefined) t.vpgid = num(evt, 'vpgid');
  if (evt.param('loginuid') !== undefined) t.loginuid = num(evt, 'loginuid') >>> 0;
  if (evt.param('flags') !== undefined) {
    const f = num(evt, 'flags');
    t.exeWritable = (f & EXE_WRITABLE) !== 0; t.exeUpperLayer = (f & EXE_UPPER_LAYER) !== 0;
    t.exeFromMemfd = (f & EXE_FROM_MEMFD) !== 0; t.exeLowerLayer = (f & EXE_LOWER_LAYER) !== 0;
  }
  const ce = evt.param('cap_effective');
  if (ce !== undefined) {
    t.capInheritable = BigInt.asUintN(64, BigInt(num(evt, 'cap_inheritable')));
    t.capPermitted = BigInt.asUintN(64, BigInt(num(evt, 'cap_permitted')));
    t.capEffective = BigInt.asUintN(64, BigInt(num(evt, 'cap_effective')));
  }
  if (evt.param('exe_ino_mtime') !== undefined) {
    t.exeIno = num(evt, 'exe_ino');
    t.exeInoCtime = evt.param('exe_ino_ctime') as bigint;
    t.exeInoMtime = evt.param('exe_ino_mtime') as bigint;
  }
  if (evt.param('uid') !== undefined) t.uid = num(evt, 'uid') >>> 0;
  t.pgid = evt.param('pgid') !== undefined ? num(evt, 'pgid') : -1;
  if (evt.param('gid') !== undefined) t.gid = num(evt, 'gid') >>> 0;
  t.fds.forEach((f, fd, fds) => { if (f.cloexec || (f.openFlags & PPM_O_CLOEXEC) !== 0) fds.delete(fd); });
  t.flags = t.flags & PPM_CL_CLONE_INVERTED;
  // other threads of the process are gone after exec (collected first: no copy of the
  // whole thread table per exec)
  if (t.isMainThread || t.pid > 0) {
    let others: ThreadInfo[] | undefined;
    for (const o of s.threads.values()) if (o !== t && o.pid === t.pid && !o.isMainThread) (others ??= []).push(o);
    if (others) for (const o of others) s.threads.remove(o.tid);
  }
};

export const parseProcexit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  t.dead = true;
  s.scheduleRemoval(t.tid);
  if (t.children.size === 0) return;
  const r = ctx.evt.param('reaper_tid');
  t.reaperTid = typeof r === 'number' ? r : -1;
};

function setUid(t: ThreadInfo, v: unknown): void { if (typeof v === 'number' && v >>> 0 !== 0xffffffff) t.uid = v >>> 0; }
function setGid(t: ThreadInfo, v: unknown): void { if (typeof v === 'number' && v >>> 0 !== 0xffffffff) t.gid = v >>> 0; }

/** Parameter of the exit event, or of the stored enter event for old layouts. */
function exitOrEnter(ctx: Parameters<EventParser>[1], name: string): unknown {
  const v = ctx.evt.param(name);
  return v !== undefined ? v : enterEventOf(ctx.thread)?.param(name);
}

export const parseSetuidExit: EventParser = (_s, ctx) => {
  if (!ctx.thread || res(ctx.evt) < 0) return;
  setUid(ctx.thread, exitOrEnter(ctx, ctx.evt.info!.name === 'setuid' ? 'uid' : 'euid'));
};

export const parseSetgidExit: EventParser = (_s, ctx) => {
  if (!ctx.thread || res(ctx.evt) < 0) return;
  setGid(ctx.thread, exitOrEnter(ctx, ctx.evt.info!.name === 'setgid' ? 'gid' : 'egid'));
};

export const parseSetsidExit: EventParser = (_s, ctx) => {
  const r = res(ctx.evt);
  if (ctx.thread && r >= 0) { ctx.thread.sid = r; ctx.thread.vpgid = r; }
};

export const parsePrctlExit: EventParser = (s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const opt = num(ctx.evt, 'option');
  if (opt === 15) { const n = str(ctx.evt, 'arg2_str'); if (n !== undefined) t.comm = n; }
  else if (opt === 36) { const m = s.threads.main(t); if (m) m.reaper = num(ctx.evt, 'arg2_int') !== 0; }
};

export const parseCapsetExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  t.capInheritable = BigInt.asUintN(64, BigInt(num(ctx.evt, 'cap_inheritable')));
  t.capPermitted = BigInt.asUintN(64, BigInt(num(ctx.evt, 'cap_permitted')));
  t.capEffective = BigInt.asUintN(64, BigInt(num(ctx.evt, 'cap_effective')));
};

export const parseChrootExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const p = str(ctx.evt, 'path');
  if (p !== undefined) t.root = concatenatePaths(t.root, p);
};
