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

/**
 * Sets both ends of an IP socket from a tuple (IPv4-mapped IPv6 becomes IPv4), the
 * destination optionally replaced (connect's check of the user's address); true when
 * something changed. A socket that already holds the same tuple, either way round, is left
 * as it is, as libsinsp does (a UDP server keeps its swapped ends).
 */
export function setTuple(f: FdInfo, tu: SockTuple, dstIp = tu.dip!, dstPort = tu.dport ?? 0): boolean {
  if (tu.family !== PPM_AF_INET && tu.family !== PPM_AF_INET6) return false;
  let sip = tu.sip!, dip = dstIp;
  if (tu.family === PPM_AF_INET6 && isV4Mapped(sip) && isV4Mapped(dip)) { sip = sip.subarray(12); dip = dip.subarray(12); }
  const v4 = sip.length === 4, sport = tu.sport ?? 0;
  f.type = v4 ? ScapFdType.IPV4_SOCK : ScapFdType.IPV6_SOCK;
  if (same(f.sip, sip) && same(f.dip, dip) && f.sport === sport && f.dport === dstPort) return false;
  if (same(f.sip, dip) && same(f.dip, sip) && f.sport === dstPort && f.dport === sport) return false;
  f.sip = Uint8Array.from(sip); f.dip = Uint8Array.from(dip); f.sport = sport; f.dport = dstPort;
  return true;
}

function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unixName(tu: SockTuple, path: string): string {
  return `${(tu.source ?? 0n).toString(16)}->${(tu.dest ?? 0n).toString(16)} ${path}`;
}

/** An address parameter libsinsp would read: IP ones with their address, any other family as is. */
function usableAddr(v: unknown): SockAddr | undefined {
  const a = v as SockAddr | undefined;
  if (!a) return undefined;
  if (a.family === PPM_AF_INET || a.family === PPM_AF_INET6) return a.addr ? a : undefined;
  if (a.family === PPM_AF_UNIX) return a.path !== undefined ? a : undefined;
  return a;
}

/**
 * connect's destination. The tuple's comes from the kernel, unless it is just the user's
 * address copied at exit (equal to the exit event's `addr`): then the address read at entry
 * wins, since user memory can change while the call runs.
 */
function connectDestination(tu: SockTuple, exitAddr: SockAddr | undefined, enterAddr: SockAddr | undefined): [Uint8Array, number] {
  const dip = tu.dip!, dport = tu.dport ?? 0;
  if (!exitAddr?.addr || !enterAddr?.addr || exitAddr.family !== tu.family || enterAddr.family !== tu.family) return [dip, dport];
  if (exitAddr.port !== dport || !same(exitAddr.addr, dip)) return [dip, dport];
  return [enterAddr.addr, enterAddr.port ?? 0];
}

/**
 * connect exit, as libsinsp without connection-status tracking (Falco's setting): a connect
 * that failed at once (refused, unreachable…) leaves the socket as it was; one that worked
 * or is under way (EINPROGRESS) takes the tuple, and names the socket after it. Without a
 * tuple (TCP fast open), the address of the enter event gives the server end only.
 */
export const parseConnectExit: EventParser = (_s, ctx) => {
  const t = ctx.thread, f = ctx.fd;
  if (!t || !f) return;
  const evt = ctx.evt;
  const r = res(evt);
  if (r < 0 && r !== -115 /* EINPROGRESS */) return;
  f.connected = true;
  const enterAddr = usableAddr(enterEventOf(t)?.param('addr'));
  const tu = evt.param('tuple') as SockTuple | undefined;
  if (!tu) {
    if (enterAddr) connectFromAddr(f, enterAddr);
    return;
  }
  if (tu.family === PPM_AF_INET || tu.family === PPM_AF_INET6) {
    if (!tu.sip) return;
    const [dip, dport] = connectDestination(tu, usableAddr(evt.param('addr')), enterAddr);
    const changed = setTuple(f, tu, dip, dport);
    if (changed && f.role === SocketRole.Server && f.l4proto === L4Proto.UDP) swapEnds(f);
    f.name = tupleText(f.sip, f.sport, f.dip, f.dport);
  } else if (tu.family === PPM_AF_UNIX) {
    if (f.type !== ScapFdType.UNIX_SOCK) return;
    f.unixSource = tu.source ?? 0n; f.unixDest = tu.dest ?? 0n;
    f.name = unixName(tu, unixDestination(tu, usableAddr(evt.param('addr')), enterAddr));
  } else return;
  if (f.role === SocketRole.None) f.role = SocketRole.Client;
};

/** The unix path of a connect, by the same rule as connectDestination. */
function unixDestination(tu: SockTuple, exitAddr: SockAddr | undefined, enterAddr: SockAddr | undefined): string {
  const path = tu.path ?? '';
  if (!exitAddr || !enterAddr) return path;
  if ((exitAddr.path ?? '') !== path) return path;
  return enterAddr.path ?? '';
}

/** No tuple: the server end from the user's address; the socket keeps its role and name. */
function connectFromAddr(f: FdInfo, a: SockAddr): void {
  if (a.family === PPM_AF_INET || a.family === PPM_AF_INET6) {
    let ip = a.addr!;
    if (ip.length === 16 && isV4Mapped(ip)) ip = ip.subarray(12);
    f.type = ip.length === 4 ? ScapFdType.IPV4_SOCK : ScapFdType.IPV6_SOCK;
    f.dip = Uint8Array.from(ip); f.dport = a.port ?? 0;
  } else {
    // libsinsp names it after the (empty) tuple parameter's text
    f.name = 'NULL';
  }
}

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
  f.nameChangedAt = ctx.seq;
};
