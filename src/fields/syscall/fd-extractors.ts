// Extractors of the `fd`, `fdlist` and `fs.path` classes. The fd is the one libsinsp picks
// for the event (EvalContext.fd); fd-less fields read the event itself where libsinsp does
// (fd.name of a failed open, fd.typechar of an fd-creating call).
import * as T from '../../events/event-table.js';
import type { FdListEntry } from '../../events/param-decoders.js';
import type { EvalContext } from '../../state/eval-context.js';
import { FdInfo, L4Proto, SocketRole } from '../../state/fd-info.js';
import { dirfdBase } from '../../state/fd-parsers.js';
import { ipText } from '../../state/ip-format.js';
import { baseName, concatenatePaths, dirName } from '../../state/path-utils.js';
import type { Extractor, FieldValue } from '../field.js';
import { type BinderMap, plain } from './extractor-kit.js';

const FD_FLAGS = T.EF_CREATES_FD | T.EF_USES_FD | T.EF_DESTROYS_FD;

function isFdEvent(c: EvalContext): boolean { return ((c.evt.info?.flags ?? 0) & FD_FLAGS) !== 0 && c.thread !== undefined; }

/** A field of the event's fd; undefined for events without one. */
function fd(fn: (f: FdInfo, c: EvalContext) => FieldValue | undefined): Extractor<EvalContext> {
  return (c) => (isFdEvent(c) && c.fd ? fn(c.fd, c) : undefined);
}

/** fd.typechar when the fd is not in the table: guessed from the kind of call, as libsinsp does. */
function typecharFromEvent(c: EvalContext): string {
  switch (c.evt.info?.name) {
    case 'open': case 'openat': case 'openat2': case 'creat': return 'f';
    case 'socket': case 'accept': case 'accept4': return '4';
    case 'pipe': case 'pipe2': return 'p';
    case 'eventfd': case 'eventfd2': return 'e';
    case 'signalfd': case 'signalfd4': return 's';
    case 'timerfd_create': return 't';
    case 'inotify_init': case 'inotify_init1': return 'i';
    default: return 'o';
  }
}

/** fd.name when the fd is not in the table: the path or tuple the exit event names, '' otherwise; none for enter events. */
function nameFromEvent(c: EvalContext): string | undefined {
  const evt = c.evt;
  if ((evt.type & 1) === 0) return undefined;
  const n = evt.info!.name;
  if (n === 'open' || n === 'creat' || n === 'accept' || n === 'accept4' || n === 'connect') {
    const i = n === 'open' || n === 'creat' ? evt.info!.paramIndex.get('name') : evt.info!.paramIndex.get('tuple');
    if (i === undefined || i >= evt.nparams) return '';
    const v = evt.getParam(i);
    if (typeof v === 'string') {
      if (v.startsWith('/') || !c.thread) return v;
      return concatenatePaths(c.state.threads.cwd(c.thread), v);
    }
    return '';
  }
  if (n === 'openat' || n === 'openat2') {
    const name = evt.param('name'), dirfd = evt.param('dirfd');
    if (typeof name !== 'string') return undefined;
    if (typeof dirfd !== 'number') return undefined;
    const sdir = dirfdBase(c.state, c.thread, name, dirfd);
    return concatenatePaths(sdir === '.' ? '' : sdir, name);
  }
  if (n === 'open_by_handle_at') { const p = evt.param('path'); return typeof p === 'string' ? p : ''; }
  return '';
}

function fdName(c: EvalContext): string | undefined {
  if (!isFdEvent(c)) return undefined;
  return c.fd ? c.fd.name : nameFromEvent(c);
}

function roleKnown(f: FdInfo): boolean { return f.role !== SocketRole.None; }

function clientIp(f: FdInfo): Uint8Array | undefined { return f.isIpSocket && roleKnown(f) ? f.sip : undefined; }
function serverIp(f: FdInfo): Uint8Array | undefined {
  if (f.isServerSocket) return f.dip;
  return f.isIpSocket && roleKnown(f) ? f.dip : undefined;
}
function clientPort(f: FdInfo): number | undefined { return f.isIpSocket && roleKnown(f) ? f.sport : undefined; }
function serverPort(f: FdInfo): number | undefined {
  if (f.isServerSocket) return f.dport;
  return f.isIpSocket && roleKnown(f) ? f.dport : undefined;
}
/** Local end: the client address when it is one of this machine's, else the server's. */
function local(c: EvalContext, f: FdInfo): boolean { return c.state.isLocalAddress(f.sip) || !c.state.isLocalAddress(f.dip); }

const L4_NAMES: Record<number, string> = { [L4Proto.TCP]: 'tcp', [L4Proto.UDP]: 'udp', [L4Proto.ICMP]: 'icmp', [L4Proto.RAW]: 'raw' };

function fdList(c: EvalContext): readonly FdListEntry[] | undefined {
  const v = c.evt.param('fds');
  return Array.isArray(v) ? (v as readonly FdListEntry[]) : undefined;
}

function listField(fn: (f: FdInfo | undefined, n: number) => string | undefined): Extractor<EvalContext> {
  return (c) => {
    const l = fdList(c);
    if (!l || !c.thread) return undefined;
    const out: string[] = [];
    for (const e of l) { const v = fn(c.thread.fds.get(e.fd), e.fd); if (v !== undefined && v !== '') out.push(v); }
    return out.join(',');
  };
}

export function addFdBinders(m: BinderMap): void {
  plain(m, {
    'fd.num': (c) => (isFdEvent(c) ? c.fdNum : undefined),
    'fd.type': fd((f) => f.typeName),
    'fd.typechar': (c) => (isFdEvent(c) ? (c.fd ? c.fd.typeChar : typecharFromEvent(c)) : undefined),
    'fd.name': fdName,
    'fd.directory': (c) => {
      if (!isFdEvent(c)) return undefined;
      const f = c.fd;
      if (f && !f.isFile && !f.isDirectory) return undefined;
      const n = f ? f.name : nameFromEvent(c);
      if (n === undefined) return undefined;
      return !f || f.isFile ? dirName(n) : n;
    },
    'fd.filename': fd((f) => (f.isFile ? baseName(f.name) : undefined)),
    'fd.ip': fd((f) => clientIp(f) ?? serverIp(f)),
    'fd.cip': fd(clientIp),
    'fd.sip': fd(serverIp),
    'fd.lip': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.sip : f.dip) : undefined)),
    'fd.rip': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.dip : f.sip) : undefined)),
    'fd.port': fd((f) => clientPort(f) ?? serverPort(f)),
    'fd.cport': fd(clientPort),
    'fd.sport': fd(serverPort),
    'fd.lport': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.sport : f.dport) : undefined)),
    'fd.rport': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.dport : f.sport) : undefined)),
    'fd.l4proto': fd((f) => (f.isIpSocket || f.isServerSocket ? L4_NAMES[f.l4proto] : undefined)),
    'fd.sockfamily': fd((f) => (f.isIpSocket || f.isServerSocket ? 'ip' : f.typeChar === 'u' && f.isSocket ? 'unix' : undefined)),
    'fd.is_server': fd((f, c) => f.isServerSocket || (f.isIpSocket && c.state.isLocalAddress(f.dip))),
    'fd.uid': (c) => (isFdEvent(c) && c.thread ? `${c.thread.tid}${c.fdNum}` : undefined),
    'fd.containername': (c) => { const n = fdName(c); return n === undefined ? undefined : `${c.state.containerIdOf(c.thread)}:${n}`; },
    'fd.containerdirectory': (c) => { const n = fdName(c); return n === undefined ? undefined : `${c.state.containerIdOf(c.thread)}:${c.fd?.isFile || !c.fd ? dirName(n) : n}`; },
    'fd.proto': fd((f) => clientPort(f) ?? serverPort(f)),
    'fd.cproto': fd((f) => portName(clientPort(f))),
    'fd.sproto': fd((f) => portName(serverPort(f))),
    'fd.lproto': fd((f, c) => portName(f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.sport : f.dport) : undefined)),
    'fd.rproto': fd((f, c) => portName(f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.dport : f.sport) : undefined)),
    'fd.net': fd((f) => clientIp(f) ?? serverIp(f)),
    'fd.cnet': fd(clientIp),
    'fd.snet': fd(serverIp),
    'fd.lnet': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.sip : f.dip) : undefined)),
    'fd.rnet': fd((f, c) => (f.isIpSocket && roleKnown(f) ? (local(c, f) ? f.dip : f.sip) : undefined)),
    'fd.connected': fd((f) => f.connected),
    'fd.name_changed': fd((f, c) => f.nameChangedAt === c.seq),
    'fd.cip.name': fd((f, c) => c.state.dnsNames.nameOf(clientIp(f))),
    'fd.sip.name': fd((f, c) => (roleKnown(f) ? c.state.dnsNames.nameOf(serverIp(f)) : undefined)),
    'fd.lip.name': fd((f, c) => (f.isIpSocket && roleKnown(f) ? c.state.dnsNames.nameOf(local(c, f) ? f.sip : f.dip) : undefined)),
    'fd.rip.name': fd((f, c) => (f.isIpSocket && roleKnown(f) ? c.state.dnsNames.nameOf(local(c, f) ? f.dip : f.sip) : undefined)),
    'fd.dev': fd((f) => f.dev),
    'fd.dev.major': fd((f) => f.dev >>> 20),
    'fd.dev.minor': fd((f) => f.dev & 0xfffff),
    'fd.ino': fd((f) => f.ino),
    'fd.nameraw': (c) => (isFdEvent(c) ? (c.fd ? c.fd.nameRaw : nameFromEvent(c)) : undefined),
    'fd.is_upper_layer': fd((f) => f.upperLayer),
    'fd.is_lower_layer': fd((f) => f.lowerLayer),
    'fdlist.nums': listField((_f, n) => String(n)),
    'fdlist.names': listField((f) => f?.name),
    'fdlist.cips': listField((f) => (f && clientIp(f) ? ipText(clientIp(f)) : undefined)),
    'fdlist.sips': listField((f) => (f && serverIp(f) ? ipText(serverIp(f)) : undefined)),
    'fdlist.cports': listField((f) => (f && clientPort(f) !== undefined ? String(clientPort(f)) : undefined)),
    'fdlist.sports': listField((f) => (f && serverPort(f) !== undefined ? String(serverPort(f)) : undefined)),
  });
  m.set('fd.types', (arg) => {
    if (typeof arg === 'number') return (c) => { const f = isFdEvent(c) ? c.thread?.fds.get(arg) : undefined; return f ? [f.typeName] : undefined; };
    return (c) => {
      if (!isFdEvent(c) || !c.thread) return undefined;
      const seen = new Set<string>();
      for (const f of c.thread.fds.values()) seen.add(f.typeName);
      return [...seen];
    };
  });
}

/** Port as text (libsinsp prints the number unless name resolution is on). */
function portName(p: number | undefined): string | undefined { return p === undefined ? undefined : String(p); }
