// Functions the generated condition code calls: transformers and the comparisons that do
// not fit in one JS expression. Kept small and monomorphic; `undefined` means "no value"
// and propagates through every transformer.
import { compileGlob } from './glob-matcher.js';
import { bytesEqual, inNetwork, type IpNetwork } from './ip-address.js';

type V = unknown;

/** Marks a slot not yet extracted in this evaluation (never a field value). */
export const UNSET: unique symbol = Symbol('unset');

const NON_ASCII = /[^\x00-\x7f]/;

/** C tolower/toupper work on ASCII only; JS case mapping would also fold other letters. */
export function asciiLower(s: string): string {
  return NON_ASCII.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

export function asciiUpper(s: string): string {
  return NON_ASCII.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.toUpperCase();
}

const mapStr = (v: V, f: (s: string) => string | undefined): V => {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = typeof x === 'string' ? f(x) : undefined;
      if (r === undefined) return undefined;
      out.push(r);
    }
    return out;
  }
  return undefined;
};

const basenameOf = (s: string) => s.slice(s.lastIndexOf('/') + 1);

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
function b64Bytes(s: string): Buffer | undefined {
  if (!B64.test(s)) return undefined;
  const body = s.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  return Buffer.from(body, 'base64');
}

const utf8Length = (s: string) => (NON_ASCII.test(s) ? Buffer.byteLength(s, 'utf8') : s.length);

function getopt(args: V, optstring: V, selector: string | undefined): V {
  if (!Array.isArray(args) || typeof optstring !== 'string') return undefined;
  const valid = new Set<string>();
  const withArg = new Set<string>();
  for (let i = optstring.startsWith(':') ? 1 : 0; i < optstring.length; i++) {
    const o = optstring[i];
    if (o === ':') continue;
    valid.add(o);
    if (optstring[i + 1] === ':') { withArg.add(o); i++; }
  }
  const results: string[] = [];
  let selected: string | undefined;
  const emit = (name: string, value: string | undefined) => {
    if (selector !== undefined) selected = value ?? name;
    else { results.push(name); if (value !== undefined) results.push(value); }
  };
  outer: for (let ai = 0; ai < args.length; ai++) {
    const arg = String(args[ai]);
    if (arg === '--') break;
    if (arg.length > 2 && arg.startsWith('--')) continue;
    if (arg.length <= 1 || arg[0] !== '-') break;
    for (let i = 1; i < arg.length; i++) {
      const o = arg[i];
      if (o === ':' || !valid.has(o)) {
        if (selector === undefined) results.push('?');
        continue;
      }
      const match = selector === undefined || o === selector;
      if (!withArg.has(o)) {
        if (match) emit(o, undefined);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < arg.length) value = arg.slice(i + 1);
      else if (ai + 1 < args.length) value = String(args[++ai]);
      if (value === undefined) {
        if (match) emit('', undefined);
        break outer;
      }
      if (match) emit(o, value);
      continue outer;
    }
  }
  if (selector !== undefined) return selected;
  return results;
}

// glob patterns that come from another field are compiled on first sight and kept (bounded)
const globCache = new Map<string, (s: string) => boolean>();
function globMatch(pattern: string, s: string, ci: boolean): boolean {
  const key = (ci ? 'i' : 'c') + pattern;
  let m = globCache.get(key);
  if (!m) {
    if (globCache.size > 1024) globCache.clear();
    globCache.set(key, (m = compileGlob(pattern, ci)));
  }
  return m(s);
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const helpers = {
  UNSET,
  tolower: (v: V): V => mapStr(v, asciiLower),
  toupper: (v: V): V => mapStr(v, asciiUpper),
  basename: (v: V): V => mapStr(v, basenameOf),
  b64: (v: V): V => {
    if (v instanceof Uint8Array) {
      const b = b64Bytes(asBuffer(v).toString('latin1'));
      return b && Uint8Array.from(b);
    }
    return mapStr(v, (s) => b64Bytes(s)?.toString('utf8'));
  },
  len: (v: V): V => {
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v.length;
    if (typeof v === 'string') {
      const nul = v.indexOf('\0');
      return utf8Length(nul < 0 ? v : v.slice(0, nul));
    }
    if (v instanceof Uint8Array) return v.length;
    return undefined;
  },
  join: (sep: V, items: V): V => {
    if (typeof sep !== 'string' || !Array.isArray(items)) return undefined;
    return items.join(sep);
  },
  concat: (...parts: V[]): V => {
    let out = '';
    for (const p of parts) {
      if (p === undefined) return undefined;
      out += String(p);
    }
    return out;
  },
  getopt,
  globMatch,
  /** `(a, b, ...)` as a transformer argument: one list of every element's values. */
  tlist: (...items: V[]): V => {
    const out: unknown[] = [];
    for (const x of items) {
      if (x === undefined) return undefined;
      if (Array.isArray(x)) out.push(...x);
      else out.push(x);
    }
    return out;
  },
  lower: asciiLower,
  bytesEqual,
  bytesIncludes: (h: Uint8Array, n: Uint8Array): boolean => asBuffer(h).indexOf(asBuffer(n)) >= 0,
  bytesStartsWith: (h: Uint8Array, n: Uint8Array): boolean =>
    n.length <= h.length && asBuffer(h).compare(asBuffer(n), 0, n.length, 0, n.length) === 0,
  bytesEndsWith: (h: Uint8Array, n: Uint8Array): boolean =>
    n.length <= h.length && asBuffer(h).compare(asBuffer(n), 0, n.length, h.length - n.length, h.length) === 0,
  inNetwork,
  anyBytesEqual: (x: Uint8Array, cs: readonly Uint8Array[]): boolean => cs.some((c) => bytesEqual(x, c)),
  anyInNetwork: (x: Uint8Array, ns: readonly IpNetwork[]): boolean => ns.some((n) => inNetwork(x, n)),
  /** List field `in`: every element is a member (an empty list is trivially in). */
  allIn: (v: readonly unknown[], set: ReadonlySet<unknown>): boolean => {
    for (const x of v) if (!set.has(x)) return false;
    return true;
  },
  anyIn: (v: readonly unknown[], set: ReadonlySet<unknown>): boolean => {
    for (const x of v) if (set.has(x)) return true;
    return false;
  },
  allMatch: (v: readonly unknown[], p: (x: any) => boolean): boolean => {
    for (const x of v) if (!p(x)) return false;
    return true;
  },
  anyMatch: (v: readonly unknown[], p: (x: any) => boolean): boolean => {
    for (const x of v) if (p(x)) return true;
    return false;
  },
  /** Right-hand-side field values as a list, for `in`/`intersects` against another field. */
  asList: (v: V): readonly unknown[] => (Array.isArray(v) ? v : [v]),
  /** Membership with the equality of the compared type (bytes for addresses and buffers). */
  memberOf: (x: unknown, list: readonly unknown[]): boolean => {
    if (x instanceof Uint8Array) return list.some((y) => y instanceof Uint8Array && bytesEqual(x, y));
    return list.includes(x);
  },
  unbound: (name: string) => () => {
    throw new Error(`field '${name}' has no extractor yet: it can be compiled into a condition but not evaluated`);
  },
};

export type Helpers = typeof helpers;
