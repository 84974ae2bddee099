// The kernel's socket tables (/proc/<pid>/net/{tcp,tcp6,udp,udp6,raw,raw6,unix,netlink}) by
// inode, per network namespace, read lazily the first time a socket fd of that namespace is
// met. Entries are the fd-list records of the .scap header minus tid and fd: IP sockets
// with a remote end are connections (local end first, as libscap records them); those
// without are server sockets holding the bound address.
import type { FdRecord } from '../capture/scap-header-records.js';
import { ScapFdType } from '../capture/scap-header-records.js';
import { L4Proto } from './fd-info.js';
import { readProcText } from './proc-file-reader.js';

export type SocketEntry = Omit<FdRecord, 'tid' | 'fd'>;
export type SocketTable = Map<number, SocketEntry>;

/** `0100007F` (one little-endian 32-bit word per 4 bytes) → address bytes in network order. */
function parseHexAddr(hex: string): Uint8Array {
  const words = hex.length / 8;
  const out = new Uint8Array(words * 4);
  const view = new DataView(out.buffer);
  for (let w = 0; w < words; w++) view.setUint32(w * 4, parseInt(hex.slice(w * 8, w * 8 + 8), 16), true);
  return out;
}

function isZero(a: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) return false;
  return true;
}

function parseIpTable(text: string, v6: boolean, l4proto: number, into: SocketTable): void {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) continue;
    const [lip, lport] = f[1].split(':');
    const [rip, rport] = f[2].split(':');
    const ino = Number(f[9]);
    if (!ino || lip === undefined || rip === undefined) continue;
    const sip = parseHexAddr(lip), dip = parseHexAddr(rip);
    const sport = parseInt(lport, 16), dport = parseInt(rport, 16);
    if (!isZero(dip)) {
      into.set(ino, { ino: BigInt(ino), type: v6 ? ScapFdType.IPV6_SOCK : ScapFdType.IPV4_SOCK, sip, dip, sport, dport, l4proto });
    } else {
      into.set(ino, { ino: BigInt(ino), type: v6 ? ScapFdType.IPV6_SERVSOCK : ScapFdType.IPV4_SERVSOCK, sip, sport, l4proto });
    }
  }
}

const UNIX_LINE = /^\s*([0-9a-fA-F]+):?\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\d+)(?: +(.*))?$/;

function parseUnixTable(text: string, into: SocketTable): void {
  // Num RefCount Protocol Flags Type St Inode [Path]; the path may hold spaces
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = UNIX_LINE.exec(lines[i]);
    if (!m) continue;
    const ino = Number(m[2]);
    if (!ino) continue;
    into.set(ino, { ino: BigInt(ino), type: ScapFdType.UNIX_SOCK, source: BigInt('0x' + m[1]), dest: 0n, name: m[3] ?? '' });
  }
}

function parseNetlinkTable(text: string, into: SocketTable): void {
  // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) continue;
    const ino = Number(f[9]);
    if (ino) into.set(ino, { ino: BigInt(ino), type: ScapFdType.NETLINK, name: '' });
  }
}

/** Reads every table of the namespace `procDir` (e.g. `/proc/1234`) sees; undefined when none is readable (the process is gone). */
export function readSocketTables(procDir: string): SocketTable | undefined {
  const t: SocketTable = new Map();
  let read = 0;
  const net = procDir + '/net/';
  const ip: [string, boolean, number][] = [
    ['tcp', false, L4Proto.TCP], ['udp', false, L4Proto.UDP], ['raw', false, L4Proto.RAW],
    ['tcp6', true, L4Proto.TCP], ['udp6', true, L4Proto.UDP], ['raw6', true, L4Proto.RAW],
  ];
  for (const [name, v6, proto] of ip) {
    const text = readProcText(net + name);
    if (text !== undefined) { parseIpTable(text, v6, proto, t); read++; }
  }
  const unix = readProcText(net + 'unix');
  if (unix !== undefined) { parseUnixTable(unix, t); read++; }
  const netlink = readProcText(net + 'netlink');
  if (netlink !== undefined) { parseNetlinkTable(netlink, t); read++; }
  return read > 0 ? t : undefined;
}
