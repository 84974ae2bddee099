// JSON text written byte for byte as Falco's alert JSON: strings quoted the way its JSON
// writers quote them. Non-ASCII text is kept as UTF-8; the two writers Falco uses differ
// only in the hex case of control-character escapes.

/** Quotes like jsoncpp 0.10 (rule alerts): control characters as `\u00XX`, upper-case hex. */
export function jsonQuote(s: string): string {
  return quote(s, true);
}

/** Quotes like nlohmann::json (internal alerts): control characters as `\u00xx`, lower-case hex. */
export function jsonQuoteLower(s: string): string {
  return quote(s, false);
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\x00-\x1f]/;

function quote(s: string, upper: boolean): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default:
        if (c < 0x20) {
          const hex = c.toString(16).padStart(4, '0');
          out += '\\u' + (upper ? hex.toUpperCase() : hex);
        } else out += s[i];
    }
  }
  return out + '"';
}

/** A double as `%.17g` prints it (jsoncpp's real numbers). */
export function formatDouble17(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'null' : v < 0 ? '-1e+9999' : '1e+9999';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 17) {
    const [m, e] = v.toExponential(16).split('e') as [string, string];
    const n = Number(e);
    return `${stripZeros(m)}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return stripZeros(v.toPrecision(17));
}

const stripZeros = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
