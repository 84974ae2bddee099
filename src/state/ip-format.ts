// Text forms of addresses and socket tuples as libsinsp names sockets (fd.name) and prints
// IP fields: dotted IPv4, compressed IPv6, `sip:sport->dip:dport`, `ip:port` for servers.

export function ipv4Text(b: Uint8Array, o = 0): string { return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`; }

export function ipv6Text(b: Uint8Array, o = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}

export function ipText(b: Uint8Array | undefined): string {
  if (!b) return '';
  return b.length === 4 ? ipv4Text(b) : ipv6Text(b);
}

export function isV4Mapped(b: Uint8Array): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

export function tupleText(sip: Uint8Array | undefined, sport: number, dip: Uint8Array | undefined, dport: number): string {
  return `${ipText(sip)}:${sport}->${ipText(dip)}:${dport}`;
}

export function serverText(ip: Uint8Array | undefined, port: number): string {
  return `${ipText(ip)}:${port}`;
}
