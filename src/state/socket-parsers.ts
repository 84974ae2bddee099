// Parsers of socket events: socket/socketpair create fds, connect and accept give them a
// connection tuple (fd.name `sip:sport->dip:dport`, unix `src->dst path`), bind names a
// listening address, send/recv on unconnected UDP sockets update the tuple.
import { decodeSockAddr, PPM_AF_INET, PPM_AF_INET6, PPM_AF_UNIX, type SockAddr, type SockTuple } from '../events/param-decoders.js';
import { enterEventOf } from './enter-event-store.js';
import { FdInfo, L4Proto, ScapFdType, SocketRole } from './fd-info.js';
import { isV4Mapped, serverText, tupleText } from './ip-format.js';
import { addFd, num, res, type EventParser, PPM_O_CLOEXEC } from './parser-types.js';

const PPM_AF_NETLINK = 16;
const SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3;
const IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_RAW = 255;

export function newSocket(domain: number, type: number, proto: number, flags: number): FdInfo {
  const f = new FdInfo();
  f.openFlags = flags;
  f.cloexec = (flags & PPM_O_CLOEXEC) !== 0;
  if (domain === PPM_AF_UNIX) f.type = ScapFdType.UNIX_SOCK;
  else if (domain === PPM_AF_INET || domain === PPM_AF_INET6) {
    f.type = domain === PPM_AF_INET ? ScapFdType.IPV4_SOCK : ScapFdType.IPV6_SOCK;
    let l4 = L4Proto.UNKNOWN as number;
    if (proto === IPPROTO_TCP) l4 = type === SOCK_RAW ? L4Proto.RAW : L4Proto.TCP;
    else if (proto === IPPROTO_UDP) l4 = type === SOCK_RAW ? L4Proto.RAW : L4Proto.UDP;
    else if (proto === IPPROTO_IP) l4 = (type & 0xff) === SOCK_STREAM ? L4Proto.TCP : (type & 0xff) === SOCK_DGRAM ? L4Proto.UDP : L4Proto.UNKNOWN;
    else if (proto === IPPROTO_ICMP) l4 = type === SOCK_RAW ? L4Proto.RAW : L4Proto.ICMP;
    else if (proto === IPPROTO_RAW) l4 = L4Proto.RAW;
    f.l4proto = l4;
  } else if (domain === PPM_AF_NETLINK) f.type = ScapFdType.NETLINK;
  return f;
}

function socketParams(ctx: Parameters<EventParser>[1]): [number, number, number] {
  const evt = ctx.evt;
  if (evt.param('domain') !== undefined) return [num(evt, 'domain'), num(evt, 'type'), num(evt, 'proto')];
  const e = enterEventOf(ctx.thread);
  return e ? [num(e, 'domain'), num(e, 'type'), num(e, 'proto')] : [0, 0, 0];
}

export const parseSocketExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  const fd = res(ctx.evt);
  if (fd < 0) return;
  const [d, ty, p] = socketParams(ctx);
  addFd(ctx, t, fd, newSocket(d, ty, p, num(ctx.evt, 'flags')));
};

export const parseSocketpairExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t || res(ctx.evt) < 0) return;
  const evt = ctx.evt;
  const [d, ty, p] = socketParams(ctx);
  const src = BigInt(num(evt, 'source')), peer = BigInt(num(evt, 'peer'));
  for (const fd of [num(evt, 'fd1', -1), num(evt, 'fd2', -1)]) {
    if (fd < 0) continue;
    const f = newSocket(d, ty, p, 0);
    f.unixSource = src; f.unixDest = peer;
    addFd(ctx, t, fd, f);
  }
};

/** Sets both ends of an IP socket from a tuple (IPv4-mapped IPv6 becomes IPv4); true when something changed. */
export function setTuple(f: FdInfo, tu: SockTuple): boolean {
  if (tu.family !== PPM_AF_INET && tu.family !== PPM_AF_INET6) return false;
  let sip = tu.sip!, dip = tu.dip!;
  if (tu.family === PPM_AF_INET6 && isV4Mapped(sip) && isV4Mapped(dip)) { sip = sip.subarray(12); dip = dip.subarray(12); }
  const v4 = sip.length === 4;
  const changed = !same(f.sip, sip) || !same(f.dip, dip) || f.sport !== tu.sport || f.dport !== tu.dport;
  f.type = v4 ? ScapFdType.IPV4_SOCK : ScapFdType.IPV6_SOCK;
  f.sip = Uint8Array.from(sip); f.dip = Uint8Array.from(dip); f.sport = tu.sport ?? 0; f.dport = tu.dport ?? 0;
  return changed;
}

function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unixName(tu: SockTuple, path: string): string {
  return `${(tu.source ?? 0n).toString(16)}->${(tu.dest ?? 0n).toString(16)} ${path}`;
}

export const parseConnectExit: EventParser = (_s, ctx) => {
  const t = ctx.thread, f = ctx.fd;
  if (!t || !f) return;
  const evt = ctx.evt;
  const r = res(evt);
  if (r < 0 && r !== -115 /* EINPROGRESS */) return;
  f.connected = true;
  const enter = enterEventOf(t);
  const enterAddr = enter?.param('addr') as SockAddr | undefined;
  const tu = evt.param('tuple') as SockTuple | undefined;
  if (!tu) {
    if (!enterAddr) return;
    if (enterAddr.family === PPM_AF_INET || enterAddr.family === PPM_AF_INET6) {
      let ip = enterAddr.addr!;
      if (ip.length === 16 && isV4Mapped(ip)) ip = ip.subarray(12);
      f.type = ip.length === 4 ? ScapFdType.IPV4_SOCK : ScapFdType.IPV6_SOCK;
      f.dip = Uint8Array.from(ip); f.dport = enterAddr.port ?? 0;
    }
    return;
  }
  if (tu.family === PPM_AF_INET || tu.family === PPM_AF_INET6) {
    const changed = setTuple(f, tu);
    if (changed && f.role === SocketRole.Server && f.l4proto === L4Proto.UDP) swapEnds(f);
    f.name = tupleText(f.sip, f.sport, f.dip, f.dport);
  } else if (tu.family === PPM_AF_UNIX) {
    if (f.type !== ScapFdType.UNIX_SOCK) return;
    f.unixSource = tu.source ?? 0n; f.unixDest = tu.dest ?? 0n;
    let path = tu.path ?? '';
    if (path === '' && enterAddr?.family === PPM_AF_UNIX) path = enterAddr.path ?? '';
    f.name = unixName(tu, path);
  }
  if (f.role === SocketRole.None) f.role = SocketRole.Client;
  f.nameRaw = f.name;
};

function swapEnds(f: FdInfo): void {
  const ip = f.sip; f.sip = f.dip; f.dip = ip;
  const p = f.sport; f.sport = f.dport; f.dport = p;
}

export const parseAcceptExit: EventParser = (_s, ctx) => {
  const t = ctx.thread;
  if (!t) return;
  const evt = ctx.evt;
  const fd = res(evt);
  if (fd < 0) return;
  t.lastEventFd = fd;
  const tu = evt.param('tuple') as SockTuple | undefined;
  if (!tu) return;
  const f = new FdInfo();
  if (tu.family === PPM_AF_INET || tu.family === PPM_AF_INET6) {
    setTuple(f, tu);
    f.l4proto = L4Proto.TCP;
    f.name = tupleText(f.sip, f.sport, f.dip, f.dport);
  } else if (tu.family === PPM_AF_UNIX) {
    f.type = ScapFdType.UNIX_SOCK;
    f.unixSource = tu.source ?? 0n; f.unixDest = tu.dest ?? 0n;
    f.name = unixName(tu, tu.path ?? '');
  } else return;
  f.nameRaw = f.name;
  f.openFlags = num(evt, 'flags') & PPM_O_CLOEXEC;
  f.role = SocketRole.Server;
  f.connected = true;
  addFd(ctx, t, fd, f);
};

export const parseBindExit: EventParser = (_s, ctx) => {
  const f = ctx.fd;
  if (!f || res(ctx.evt) < 0) return;
  let addr = ctx.evt.param('addr') as SockAddr | undefined;
  if (!addr) {
    const i = ctx.evt.info?.paramIndex.get('addr');
    if (i !== undefined) { const b = ctx.evt.paramBytes(i); if (b) addr = decodeSockAddr(b, 0, b.length); }
  }
  if (!addr) return;
  if (addr.family === PPM_AF_INET || addr.family === PPM_AF_INET6) {
    let ip = addr.addr!;
    if (ip.length === 16 && isV4Mapped(ip)) ip = ip.subarray(12);
    // binding to a non-zero port makes a TCP/UDP socket a server socket
    if (f.l4proto !== L4Proto.UDP || true) {
      f.type = ip.length === 4 ? ScapFdType.IPV4_SERVSOCK : ScapFdType.IPV6_SERVSOCK;
      f.dip = Uint8Array.from(ip); f.dport = addr.port ?? 0;
      f.role = SocketRole.Server;
      f.name = serverText(f.dip, f.dport);
    }
  } else if (addr.family === PPM_AF_UNIX) {
    f.name = addr.path ?? '';
    f.role = SocketRole.Server;
  }
  f.nameRaw = f.name;
};

/** sendto/recvfrom/sendmsg/recvmsg: an unconnected socket takes the tuple of its last datagram. */
export const parseSendRecvExit: EventParser = (_s, ctx) => {
  const f = ctx.fd;
  if (!f || res(ctx.evt) < 0) return;
  let tu = ctx.evt.param('tuple') as SockTuple | undefined;
  if (!tu) tu = enterEventOf(ctx.thread)?.param('tuple') as SockTuple | undefined;
  if (!tu || (tu.family !== PPM_AF_INET && tu.family !== PPM_AF_INET6)) return;
  if (!f.isIpSocket || f.connected && f.l4proto === L4Proto.TCP) return;
  const changed = setTuple(f, tu);
  if (!changed) return;
  if (f.role === SocketRole.Server) swapEnds(f);
  else if (f.role === SocketRole.None) f.role = ctx.evt.info!.name.startsWith('recv') ? SocketRole.Server : SocketRole.Client;
  f.name = tupleText(f.sip, f.sport, f.dip, f.dport);
  f.nameRaw = f.name;
  f.nameChangedAt = ctx.seq;
};
