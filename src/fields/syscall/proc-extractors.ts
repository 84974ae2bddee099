// Extractors of the `process` class (proc.* and thread.*): names, executable, command
// line, arguments, environment, ancestry (proc.a*[N]), ids, sessions and process groups,
// times, executable flags, capabilities, resources and standard streams.
import type { EvalContext } from '../../state/eval-context.js';
import type { ThreadInfo } from '../../state/thread-info.js';
import type { Extractor, FieldValue } from '../field.js';
import { type BinderMap, plain } from './extractor-kit.js';

type T = ThreadInfo;

const CAPS = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ',
  'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE'];

export function capsText(caps: bigint): string {
  const out: string[] = [];
  for (let i = 0; i < CAPS.length; i++) if ((caps >> BigInt(i)) & 1n) out.push(CAPS[i]);
  return out.join(' ');
}

const SHELLS = new Set(['sh', 'bash', 'csh', 'tcsh', 'zsh', 'ksh', 'fish', 'ash', 'dash']);

function cmdline(t: T): string { return t.args.length ? `${t.comm} ${t.args.join(' ')}` : t.comm; }
function envValue(env: readonly string[], key: string): string | undefined {
  const p = key + '=';
  for (const e of env) if (e.startsWith(p)) return e.slice(p.length);
  return undefined;
}

/** A field of the event's thread. */
function th(fn: (t: T, c: EvalContext) => FieldValue | undefined): Extractor<EvalContext> {
  return (c) => (c.thread ? fn(c.thread, c) : undefined);
}
/** A field of the event's parent process. */
function parent(fn: (t: T, c: EvalContext) => FieldValue | undefined): Extractor<EvalContext> {
  return (c) => {
    const t = c.thread;
    if (!t) return undefined;
    const p = c.state.threads.parent(t);
    return p ? fn(p, c) : undefined;
  };
}

/** proc.a*: `[N]` ancestor N (0 = the process); no index: every ancestor from the parent up, as a list. */
function ancestorBinder(fn: (t: T, c: EvalContext) => FieldValue | undefined) {
  return (arg: unknown): Extractor<EvalContext> => {
    if (typeof arg === 'number') {
      return (c) => {
        if (!c.thread) return undefined;
        const a = c.state.threads.ancestor(c.thread, arg);
        return a ? fn(a, c) : undefined;
      };
    }
    return (c) => {
      const t = c.thread;
      if (!t) return undefined;
      const out: FieldValue[] = [];
      const seen = new Set<number>();
      for (let a = c.state.threads.ancestor(t, 1); a && !seen.has(a.tid); a = c.state.threads.parent(a)) {
        seen.add(a.tid);
        const v = fn(a, c);
        if (v !== undefined) out.push(v);
      }
      return out;
    };
  };
}

/** Leader lookup (session / process group): the thread whose id matches, else the eldest ancestor with the same id. */
function leader(c: EvalContext, t: T, id: (x: T) => number, self: (x: T) => number): T | undefined {
  const want = id(t);
  if (self(t) === want) return t;
  let found: T | undefined;
  const seen = new Set<number>();
  for (let a = c.state.threads.parent(t); a && !seen.has(a.tid); a = c.state.threads.parent(a)) {
    seen.add(a.tid);
    if (id(a) !== want) break;
    found = a;
    if (self(a) === want) break;
  }
  return found;
}

function countThreads(c: EvalContext, t: T): number {
  let n = 0;
  for (const o of c.state.threads.values()) if (o.pid === t.pid && !o.dead) n++;
  return n;
}

function stdType(fd: number, what: 'type' | 'name'): Extractor<EvalContext> {
  return th((t) => { const f = t.fds.get(fd); return f ? (what === 'type' ? f.typeName : f.name) : undefined; });
}

export function addProcBinders(m: BinderMap): void {
  const main = (c: EvalContext, t: T): T => c.state.threads.main(t) ?? t;
  plain(m, {
    'proc.exe': th((t) => t.exe),
    'proc.pexe': parent((t) => t.exe),
    'proc.exepath': th((t) => t.exepath),
    'proc.pexepath': parent((t) => t.exepath),
    'proc.name': th((t) => t.comm),
    'proc.pname': parent((t) => t.comm),
    'proc.cmdline': th(cmdline),
    'proc.pcmdline': parent(cmdline),
    'proc.cmdnargs': th((t) => t.args.length),
    'proc.cmdlenargs': th((t) => t.args.reduce((n, a) => n + a.length, 0)),
    'proc.exeline': th((t) => (t.args.length ? `${t.exe} ${t.args.join(' ')}` : t.exe)),
    'proc.cwd': th((t, c) => c.state.threads.cwd(t)),
    'proc.loginshellid': th((t, c) => {
      let found: number | undefined;
      const seen = new Set<number>();
      for (let a: T | undefined = main(c, t); a && !seen.has(a.tid); a = c.state.threads.parent(a)) {
        seen.add(a.tid);
        if (SHELLS.has(a.comm)) found = a.pid;
      }
      return found ?? 0;
    }),
    'proc.tty': th((t) => t.tty),
    'proc.pid': th((t) => t.pid),
    'proc.ppid': th((t, c) => main(c, t).ptid),
    'proc.vpid': th((t) => t.vpid),
    'proc.pvpid': parent((t) => t.vpid),
    'proc.sid': th((t) => t.sid),
    'proc.sname': th((t, c) => leader(c, t, (x) => x.sid, (x) => x.vpid)?.comm),
    'proc.sid.exe': th((t, c) => leader(c, t, (x) => x.sid, (x) => x.vpid)?.exe),
    'proc.sid.exepath': th((t, c) => leader(c, t, (x) => x.sid, (x) => x.vpid)?.exepath),
    'proc.vpgid': th((t) => t.vpgid),
    'proc.vpgid.name': th((t, c) => leader(c, t, (x) => x.vpgid, (x) => x.vpid)?.comm),
    'proc.vpgid.exe': th((t, c) => leader(c, t, (x) => x.vpgid, (x) => x.vpid)?.exe),
    'proc.vpgid.exepath': th((t, c) => leader(c, t, (x) => x.vpgid, (x) => x.vpid)?.exepath),
    'proc.pgid': th((t) => t.pgid),
    'proc.pgid.name': th((t, c) => leader(c, t, (x) => x.pgid, (x) => x.pid)?.comm),
    'proc.pgid.exe': th((t, c) => leader(c, t, (x) => x.pgid, (x) => x.pid)?.exe),
    'proc.pgid.exepath': th((t, c) => leader(c, t, (x) => x.pgid, (x) => x.pid)?.exepath),
    'proc.duration': th((t, c) => { const m0 = main(c, t); return m0.cloneTs ? c.evt.ts - m0.cloneTs : undefined; }),
    'proc.ppid.duration': parent((t, c) => { const m0 = main(c, t); return m0.cloneTs ? c.evt.ts - m0.cloneTs : undefined; }),
    'proc.pid.ts': th((t, c) => { const m0 = main(c, t); return m0.cloneTs ? m0.cloneTs : undefined; }),
    'proc.ppid.ts': parent((t, c) => { const m0 = main(c, t); return m0.cloneTs ? m0.cloneTs : undefined; }),
    'proc.is_exe_writable': th((t) => t.exeWritable),
    'proc.is_exe_upper_layer': th((t) => t.exeUpperLayer),
    'proc.is_exe_lower_layer': th((t) => t.exeLowerLayer),
    'proc.is_exe_from_memfd': th((t) => t.exeFromMemfd),
    'proc.is_sid_leader': th((t) => t.sid === t.vpid),
    'proc.is_vpgid_leader': th((t) => t.vpgid === t.vpid),
    'proc.is_pgid_leader': th((t) => t.pgid === t.pid),
    'proc.exe_ino': th((t) => (t.exeIno ? t.exeIno : undefined)),
    'proc.exe_ino.ctime': th((t) => (t.exeInoCtime ? t.exeInoCtime : undefined)),
    'proc.exe_ino.mtime': th((t) => (t.exeInoMtime ? t.exeInoMtime : undefined)),
    'proc.exe_ino.ctime_duration_proc_start': th((t) => (t.cloneTs && t.exeInoCtime ? t.cloneTs - t.exeInoCtime : undefined)),
    'proc.exe_ino.ctime_duration_pidns_start': th((t) => (t.pidnsInitStartTs && t.exeInoCtime > t.pidnsInitStartTs ? t.exeInoCtime - t.pidnsInitStartTs : undefined)),
    'proc.pidns_init_start_ts': th((t) => (t.pidnsInitStartTs ? Number(t.pidnsInitStartTs) : undefined)),
    'thread.cap_permitted': th((t) => capsText(t.capPermitted)),
    'thread.cap_inheritable': th((t) => capsText(t.capInheritable)),
    'thread.cap_effective': th((t) => capsText(t.capEffective)),
    'proc.fdopencount': th((t) => t.fds.size),
    'proc.fdlimit': th((t, c) => main(c, t).fdlimit),
    'proc.fdusage': th((t, c) => { const l = main(c, t).fdlimit; return l > 0 ? (t.fds.size * 100) / l : undefined; }),
    'proc.vmsize': th((t, c) => main(c, t).vmsizeKb),
    'proc.vmrss': th((t, c) => main(c, t).vmrssKb),
    'proc.vmswap': th((t, c) => main(c, t).vmswapKb),
    'thread.pfmajor': th((t) => t.pfmajor),
    'thread.pfminor': th((t) => t.pfminor),
    'thread.tid': th((t) => t.tid),
    'thread.ismain': th((t) => t.isMainThread),
    'thread.vtid': th((t) => t.vtid),
    'thread.nametid': th((t) => `${t.comm}${t.tid}`),
    'thread.exectime': () => undefined,
    'thread.totexectime': () => undefined,
    'thread.cgroups': th((t) => t.cgroups.join(' ')),
    'proc.nthreads': th((t, c) => countThreads(c, t)),
    'proc.nchilds': th((t, c) => { const n = countThreads(c, t); const m0 = c.state.threads.get(t.pid); return m0 && !m0.dead ? n - 1 : n; }),
    'thread.cpu': () => undefined,
    'thread.cpu.user': () => undefined,
    'thread.cpu.system': () => undefined,
    'thread.vmsize': th((t) => (t.isMainThread ? t.vmsizeKb : 0)),
    'thread.vmrss': th((t) => (t.isMainThread ? t.vmrssKb : 0)),
    'thread.vmsize.b': th((t) => (t.isMainThread ? t.vmsizeKb * 1024 : 0)),
    'thread.vmrss.b': th((t) => (t.isMainThread ? t.vmrssKb * 1024 : 0)),
    'proc.stdin.type': stdType(0, 'type'),
    'proc.stdout.type': stdType(1, 'type'),
    'proc.stderr.type': stdType(2, 'type'),
    'proc.stdin.name': stdType(0, 'name'),
    'proc.stdout.name': stdType(1, 'name'),
    'proc.stderr.name': stdType(2, 'name'),
  });
  m.set('proc.aexe', ancestorBinder((t) => t.exe));
  m.set('proc.aexepath', ancestorBinder((t) => t.exepath));
  m.set('proc.aname', ancestorBinder((t) => t.comm));
  m.set('proc.acmdline', ancestorBinder(cmdline));
  m.set('proc.apid', ancestorBinder((t) => t.pid));
  m.set('proc.aargs', (arg) => ancestorBinder((t) => t.args.join(' '))(arg));
  m.set('proc.args', (arg) => (typeof arg === 'number'
    ? th((t) => t.args[arg])
    : th((t) => t.args.join(' '))));
  m.set('proc.env', (arg) => {
    const envOf = (c: EvalContext, t: T): string[] => (c.state.threads.main(t) ?? t).env;
    if (typeof arg === 'number') return th((t, c) => envOf(c, t)[arg]);
    if (typeof arg === 'string') return th((t, c) => envValue(envOf(c, t), arg));
    return th((t, c) => envOf(c, t).join(' '));
  });
  m.set('proc.aenv', (arg) => {
    if (typeof arg === 'number') return ancestorBinder((t) => t.env.join(' '))(arg);
    if (typeof arg === 'string') {
      return th((t, c) => {
        let a: T | undefined = c.state.threads.main(t) ?? t;
        for (let i = 0; i < 20 && a; i++, a = c.state.threads.parent(a)) {
          const v = envValue(a.env, arg);
          if (v !== undefined) return v;
        }
        return undefined;
      });
    }
    return ancestorBinder((t) => t.env.join(' '))(undefined);
  });
  m.set('thread.cgroup', (arg) => {
    const want = String(arg);
    return th((t) => {
      for (const e of t.cgroups) {
        const eq = e.indexOf('=');
        if (eq >= 0 && e.slice(0, eq).split(',').includes(want)) return e.slice(eq + 1);
      }
      return undefined;
    });
  });
}
