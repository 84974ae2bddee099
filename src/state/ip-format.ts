// Text forms of addresses and socket tuples as libsinsp names sockets (fd.name) and prints
// IP fields: dotted IPv4, compressed IPv6, `sip:sport->dip:dport`, `ip:port` for servers.

import { ipv4Text, ipv6Text, isV4Mapped } from '../events/ip-text.js';

export { ipv4Text, ipv6Text, isV4Mapped };

export function ipText(b: Uint8Array | undefined): string {
  if (!b) return '';
  return b.length === 4 ? ipv4Text(b) : ipv6Text(b);
}

export function tupleText(sip: Uint8Array | undefined, sport: number, dip: Uint8Array | undefined, dport: number): string {
  return `${ipText(sip)}:${sport}->${ipText(dip)}:${dport}`;
}

export function serverText(ip: Uint8Array | undefined, port: number): string {
  return `${ipText(ip)}:${port}`;
}
