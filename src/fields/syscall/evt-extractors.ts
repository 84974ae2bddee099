// Extractors of the two `evt` classes: event number, times, type, direction, category,
// arguments (formatted as Falco prints them, and raw), return value, I/O flags and the
// open-family predicates.
import { formatArgs, formatParam } from '../../events/arg-formatter.js';
import * as T from '../../events/event-table.js';
import { ERRNO_NAMES } from '../../events/errno-signal-names.js';
import { PPME_GENERIC_X } from '../../events/scap-event.js';
import type { ScapEvent } from '../../events/scap-event.js';
import type { EvalContext } from '../../state/eval-context.js';
import type { FieldValue } from '../field.js';
import { type BinderMap, cached, plain } from './extractor-kit.js';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function utcParts(ts: bigint): { d: Date; ns: string } {
  const ms = Number(ts / 1000000n);
  return { d: new Date(ms), ns: String(ts % 1000000000n).padStart(9, '0') };
}
function hms(d: Date): string { return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; }
function ymd(d: Date): string { return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`; }

/** Whether the event carries a return value (syscall exit with parameters, not generic). */
export function hasReturnValue(evt: ScapEvent): boolean {
  const info = evt.info;
  return info !== undefined && evt.type !== PPME_GENERIC_X && (evt.type & 1) === 1 && (info.category & T.EC_SYSCALL) !== 0 && evt.nparams > 0;
}

function retval(evt: ScapEvent): number | undefined {
  if (!hasReturnValue(evt)) return undefined;
  const v = evt.getParam(0);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : undefined;
}

function baseCategory(ctx: EvalContext): string {
  const c = (ctx.evt.info?.category ?? 0) & ~(T.EC_SYSCALL | T.EC_TRACEPOINT | T.EC_PLUGIN | T.EC_METAEVENT);
  switch (c) {
    case T.EC_UNKNOWN: return 'unknown';
    case T.EC_OTHER: return 'other';
    case T.EC_FILE: return 'file';
    case T.EC_NET: return 'net';
    case T.EC_IPC: return 'IPC';
    case T.EC_MEMORY: return 'memory';
    case T.EC_PROCESS: return 'process';
    case T.EC_SLEEP: return 'sleep';
    case T.EC_SYSTEM: return 'system';
    case T.EC_SIGNAL: return 'signal';
    case T.EC_USER: return 'user';
    case T.EC_TIME: return 'time';
    case T.EC_PROCESSING: return 'processing';
    case T.EC_IO_READ: case T.EC_IO_WRITE: case T.EC_IO_OTHER: {
      const f = ctx.fd;
      if (!f) return 'unknown';
      if (f.isFile || f.isDirectory) return 'file';
      if (f.isIpSocket || f.isServerSocket) return 'net';
      if (f.typeChar === 'u' || f.typeChar === 'p') return 'ipc';
      return 'unknown';
    }
    case T.EC_WAIT: return 'wait';
    case T.EC_SCHEDULER: return 'scheduler';
    case T.EC_INTERNAL: return 'internal';
    default: return 'unknown';
  }
}

const OPEN_NAMES = new Set(['open', 'openat', 'openat2', 'open_by_handle_at', 'creat']);

/** Open flags of an open-family exit (merged with the enter event's, as the created fd keeps them). */
function openFlags(ctx: EvalContext): number | undefined {
  const evt = ctx.evt;
  if ((evt.type & 1) === 0 || !OPEN_NAMES.has(evt.info!.name)) return undefined;
  const r = retval(evt);
  if (r !== undefined && r >= 0 && ctx.fd !== undefined && ctx.thread?.fds.get(r) === ctx.fd) return ctx.fd.openFlags;
  const f = evt.param('flags');
  return typeof f === 'number' ? f : 0;
}

/** evt.arg value: the resolved text when there is one (`O_RDONLY|O_CLOEXEC`, `ENOENT`), else the raw text. */
function argText(ctx: EvalContext, i: number): string | undefined {
  const evt = ctx.evt;
  if (i < 0 || i >= evt.nparams || evt.info === undefined || i >= evt.info.params.length) return undefined;
  const [v, r] = formatParam(evt, i, { resolver: ctx.state.argResolver });
  return r !== '' ? r : v;
}

function rawArg(ctx: EvalContext, name: string): FieldValue | undefined {
  const v = ctx.evt.param(name);
  if (v === undefined) return undefined;
  if (typeof v === 'object' && !(v instanceof Uint8Array)) return undefined;
  return v as FieldValue;
}

const around = (): undefined => undefined;

export function addEvtBinders(m: BinderMap): void {
  plain(m, {
    'evt.num': (c) => c.evt.num,
    'evt.time': (c) => { const { d, ns } = utcParts(c.evt.ts); return `${hms(d)}.${ns}`; },
    'evt.time.s': (c) => hms(utcParts(c.evt.ts).d),
    'evt.time.iso8601': (c) => { const { d, ns } = utcParts(c.evt.ts); return `${ymd(d)}T${hms(d)}.${ns}Z`; },
    'evt.datetime': (c) => { const { d, ns } = utcParts(c.evt.ts); return `${ymd(d)} ${hms(d)}.${ns}`; },
    'evt.datetime.s': (c) => { const { d } = utcParts(c.evt.ts); return `${ymd(d)} ${hms(d)}`; },
    'evt.rawtime': (c) => c.evt.ts,
    'evt.rawtime.s': (c) => c.evt.ts / 1000000000n,
    'evt.rawtime.ns': (c) => c.evt.ts % 1000000000n,
    'evt.reltime': (c) => c.evt.ts - c.state.firstTs,
    'evt.reltime.s': (c) => (c.evt.ts - c.state.firstTs) / 1000000000n,
    'evt.reltime.ns': (c) => (c.evt.ts - c.state.firstTs) % 1000000000n,
    'evt.pluginname': () => undefined,
    'evt.plugininfo': () => undefined,
    'evt.source': () => 'syscall',
    'evt.is_async': (c) => ((c.evt.info?.category ?? 0) & T.EC_METAEVENT) !== 0 && c.evt.info?.name === 'container',
    'evt.asynctype': (c) => (c.evt.info?.name === 'container' ? 'container' : undefined),
    'evt.hostname': (c) => c.state.hostname || c.state.machine?.hostname || undefined,
    'evt.deltatime': (c) => c.state.curTs - c.state.prevTs,
    'evt.deltatime.s': (c) => (c.state.curTs - c.state.prevTs) / 1000000000n,
    'evt.deltatime.ns': (c) => (c.state.curTs - c.state.prevTs) % 1000000000n,
    'evt.outputtime': (c) => { const { d, ns } = utcParts(c.evt.ts); return `${hms(d)}.${ns}`; },
    'evt.dir': (c) => c.evt.dir,
    'evt.type': (c) => c.evt.name,
    'syscall.type': (c) => (((c.evt.info?.category ?? 0) & T.EC_SYSCALL) !== 0 ? c.evt.name : undefined),
    'evt.category': baseCategory,
    'evt.cpu': (c) => c.evt.cpu,
    'evt.args': cached((c) => formatArgs(c.evt, { resolver: c.state.argResolver })),
    'evt.info': cached((c) => formatArgs(c.evt, { resolver: c.state.argResolver })),
    'evt.buffer': (c) => {
      const i = c.evt.info?.paramIndex.get('data');
      if (i === undefined || c.evt.info!.params[i].type !== T.PT_BYTEBUF) return undefined;
      return c.evt.paramBytes(i);
    },
    'evt.buflen': (c) => {
      const f = c.evt.info?.flags ?? 0;
      if ((f & (T.EF_READS_FROM_FD | T.EF_WRITES_TO_FD)) === 0) return undefined;
      const r = retval(c.evt);
      return r !== undefined && r >= 0 ? r : undefined;
    },
    'evt.res': (c) => {
      const r = retval(c.evt);
      if (r === undefined) return undefined;
      return r >= 0 ? 'SUCCESS' : ERRNO_NAMES.get(-r) ?? String(r);
    },
    'evt.rawres': (c) => retval(c.evt),
    'evt.failed': (c) => { const r = retval(c.evt); return r !== undefined && r < 0; },
    'evt.is_io': (c) => ((c.evt.info?.flags ?? 0) & (T.EF_READS_FROM_FD | T.EF_WRITES_TO_FD)) !== 0,
    'evt.is_io_read': (c) => ((c.evt.info?.flags ?? 0) & T.EF_READS_FROM_FD) !== 0,
    'evt.is_io_write': (c) => ((c.evt.info?.flags ?? 0) & T.EF_WRITES_TO_FD) !== 0,
    'evt.io_dir': (c) => { const f = c.evt.info?.flags ?? 0; return f & T.EF_READS_FROM_FD ? 'r' : f & T.EF_WRITES_TO_FD ? 'w' : undefined; },
    'evt.is_wait': (c) => ((c.evt.info?.flags ?? 0) & T.EF_WAITS) !== 0,
    'evt.is_syslog': (c) => ((c.evt.info?.flags ?? 0) & T.EF_WRITES_TO_FD) !== 0 && c.fd?.name === '/dev/log',
    'evt.count': () => 1,
    'evt.count.error': (c) => { const r = retval(c.evt); return r !== undefined && r < 0 ? 1 : 0; },
    'evt.count.error.file': (c) => { const r = retval(c.evt); return r !== undefined && r < 0 && baseCategory(c) === 'file' ? 1 : 0; },
    'evt.count.error.net': (c) => { const r = retval(c.evt); return r !== undefined && r < 0 && baseCategory(c) === 'net' ? 1 : 0; },
    'evt.count.error.memory': (c) => { const r = retval(c.evt); return r !== undefined && r < 0 && baseCategory(c) === 'memory' ? 1 : 0; },
    'evt.count.error.other': (c) => { const r = retval(c.evt); const k = baseCategory(c); return r !== undefined && r < 0 && k !== 'file' && k !== 'net' && k !== 'memory' ? 1 : 0; },
    'evt.count.exit': (c) => (c.evt.type & 1),
    'evt.count.procinfo': (c) => (c.evt.info?.name === 'procinfo' && c.thread?.isMainThread ? 1 : 0),
    'evt.count.threadinfo': (c) => (c.evt.info?.name === 'procinfo' ? 1 : 0),
    'evt.is_open_read': (c) => { const f = openFlags(c); return f === undefined ? false : (f & 1) !== 0; },
    'evt.is_open_write': (c) => { const f = openFlags(c); return f === undefined ? false : (f & 2) !== 0; },
    'evt.is_open_exec': (c) => {
      const f = openFlags(c);
      if (f === undefined || (f & 4) === 0) return false;
      const mode = c.evt.param('mode');
      return typeof mode === 'number' && (mode & 0o111) !== 0;
    },
    'evt.is_open_create': (c) => { const f = openFlags(c); return f === undefined ? false : (f & 16384) !== 0; },
    'evt.latency': (c) => latency(c),
    'evt.latency.s': (c) => { const l = latency(c); return l === undefined ? undefined : l / 1000000000n; },
    'evt.latency.ns': (c) => { const l = latency(c); return l === undefined ? undefined : l % 1000000000n; },
    'evt.latency.quantized': (c) => { const l = latency(c); return l === undefined || l === 0n ? 0 : Math.floor(Math.log10(Number(l)) * 10); },
    'evt.latency.human': (c) => { const l = latency(c); return l === undefined ? undefined : humanNs(l); },
    'evt.wait_latency': () => undefined,
    'evt.infra.docker.name': () => undefined,
    'evt.infra.docker.container.id': () => undefined,
    'evt.infra.docker.container.name': () => undefined,
    'evt.infra.docker.container.image': () => undefined,
    'evt.around': around,
  });
  for (const n of ['evt.buflen.in', 'evt.buflen.out', 'evt.buflen.file', 'evt.buflen.file.in', 'evt.buflen.file.out', 'evt.buflen.net', 'evt.buflen.net.in', 'evt.buflen.net.out']) {
    const wantIn = n.endsWith('.in') ? true : n.endsWith('.out') ? false : undefined;
    const cat = n.includes('.file') ? 'file' : n.includes('.net') ? 'net' : undefined;
    m.set(n, () => (c) => {
      const fl = c.evt.info?.flags ?? 0;
      if ((fl & (T.EF_READS_FROM_FD | T.EF_WRITES_TO_FD)) === 0) return undefined;
      if (wantIn === true && (fl & T.EF_READS_FROM_FD) === 0) return undefined;
      if (wantIn === false && (fl & T.EF_WRITES_TO_FD) === 0) return undefined;
      if (cat !== undefined && baseCategory(c) !== cat) return undefined;
      const r = retval(c.evt);
      return r !== undefined && r >= 0 ? r : undefined;
    });
  }
  m.set('evt.type.is', (arg) => {
    const want = String(arg);
    const code = /^\d+$/.test(want) ? Number(want) : -1;
    return (c) => (c.evt.name === want || c.evt.type === code ? 1 : 0);
  });
  m.set('evt.arg', (arg) => {
    if (typeof arg === 'number') return (c) => argText(c, arg);
    const name = String(arg);
    return (c) => {
      const i = c.evt.info?.paramIndex.get(name);
      return i === undefined ? undefined : argText(c, i);
    };
  });
  m.set('evt.rawarg', (arg) => { const name = String(arg); return (c) => rawArg(c, name); });
}

function latency(c: EvalContext): bigint | undefined {
  const t = c.thread;
  if ((c.evt.type & 1) === 0) return 0n;
  if (!t || !t.lastEnterValid) return undefined;
  return c.evt.ts - t.lastEnterTs;
}

function humanNs(ns: bigint): string {
  const v = Number(ns);
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)}s`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}ms`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(2)}us`;
  return `${v}ns`;
}

