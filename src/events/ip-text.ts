// Text of raw IP addresses as libsinsp prints them (dotted IPv4, inet_ntop-style compressed
// IPv6), shared by the argument formatter and the state's fd names.

/** Dotted IPv4 of the 4 bytes at `o`. */
export function ipv4Text(b: Uint8Array, o = 0): string { return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`; }

/** IPv6 of the 16 bytes at `o`, the longest run (two or more) of zero groups shown as `::`. */
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

/** True when the 16 bytes at `o` are an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
export function isV4Mapped(b: Uint8Array, o = 0): boolean {
  if (b.length < o + 16) return false;
  for (let i = 0; i < 10; i++) if (b[o + i] !== 0) return false;
  return b[o + 10] === 0xff && b[o + 11] === 0xff;
}
