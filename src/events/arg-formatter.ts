// Renders event parameters the way libsinsp prints %evt.args: `name=value` or
// `name=value(resolved)`, e.g. `flags=4097(O_RDONLY|O_CLOEXEC)`, `res=-2(ENOENT)`.
// What needs state (fd names `fd=3(<f>/etc/passwd)`, thread names `tid=42(bash)`, paths
// relative to the cwd, user names) comes from an optional resolver; without one the raw
// value is printed.
import * as T from './event-table.js';
import type { ScapEvent } from './scap-event.js';
import { PPME_GENERIC_E, PPME_GENERIC_X } from './scap-event.js';
import { readCString, readI64, PPM_AF_INET, PPM_AF_INET6, PPM_AF_UNIX } from './param-decoders.js';
import { ERRNO_NAMES, SIGNAL_NAMES } from './errno-signal-names.js';
import { PPM_SC_NAMES } from './syscall-table.js';
import type { FlagTable } from './flag-tables.js';
import { ipv4Text, ipv6Text, isV4Mapped } from './ip-text.js';

/** State lookups the formatter can use; each returns undefined when it does not know. */
export interface ArgResolver {
  /** `<f>/etc/passwd` for an fd of the event's thread. */
  fd?(evt: ScapEvent, fd: number): string | undefined;
  /** comm of a thread id. */
  thread?(tid: number): string | undefined;
  /** Absolute path for a relative path parameter. */
  path?(evt: ScapEvent, paramIndex: number, path: string): string | undefined;
  user?(evt: ScapEvent, uid: number): string | undefined;
  group?(evt: ScapEvent, gid: number): string | undefined;
}

export interface FormatOptions {
  resolver?: ArgResolver;
  /** Truncate byte buffers longer than this with `...` (sysdig's default is 80; 0 = never). */
  maxBufferLength?: number;
}

const PPM_AT_FDCWD = -100;

const FIXED_WIDTH: Record<number, number> = {
  [T.PT_INT8]: 1, [T.PT_UINT8]: 1, [T.PT_L4PROTO]: 1, [T.PT_SOCKFAMILY]: 1, [T.PT_SIGTYPE]: 1, [T.PT_FLAGS8]: 1, [T.PT_ENUMFLAGS8]: 1,
  [T.PT_INT16]: 2, [T.PT_UINT16]: 2, [T.PT_PORT]: 2, [T.PT_SYSCALLID]: 2, [T.PT_FLAGS16]: 2, [T.PT_ENUMFLAGS16]: 2,
  [T.PT_INT32]: 4, [T.PT_UINT32]: 4, [T.PT_FLAGS32]: 4, [T.PT_ENUMFLAGS32]: 4, [T.PT_UID]: 4, [T.PT_GID]: 4, [T.PT_MODE]: 4,
  [T.PT_BOOL]: 4, [T.PT_SIGSET]: 4, [T.PT_IPV4ADDR]: 4, [T.PT_FD32]: 4, [T.PT_PID32]: 4,
  [T.PT_INT64]: 8, [T.PT_ERRNO]: 8, [T.PT_FD]: 8, [T.PT_PID]: 8, [T.PT_RELTIME]: 8, [T.PT_ABSTIME]: 8, [T.PT_DOUBLE]: 8,
  [T.PT_UINT64]: 4, [T.PT_IPV6ADDR]: 16,
};

function errnoName(v: number): string { return v < 0 ? ERRNO_NAMES.get(-v) ?? '' : ''; }

/** Names of the flags set in `val`, libsinsp's order and rules (exact match for enums). */
export function flagNames(table: FlagTable | undefined, value: number, exact: boolean): string {
  if (!table) return '';
  const out: string[] = [];
  let val = value >>> 0;
  const initial = val;
  for (const [name, fv] of table) {
    let match = false;
    if (exact) match = fv === initial;
    else if ((fv === 0 && initial === 0) || (fv !== 0 && (val & fv) >>> 0 === fv && val !== 0)) {
      match = true;
      val = (val & ~fv) >>> 0;
    }
    if (match) {
      out.push(name);
      if (!exact && fv === initial) break;
    }
  }
  return out.join('|');
}

function modeNames(table: FlagTable | undefined, value: number): string {
  if (!table) return '';
  const out: string[] = [];
  let val = value >>> 0;
  const initial = val;
  let k = 0;
  for (; k < table.length && table[k][1] !== initial; k++) {
    const fv = table[k][1];
    if ((fv === 0 && initial === 0) || (fv !== 0 && (val & fv) >>> 0 === fv && val !== 0)) {
      out.push(table[k][0]);
      val = (val & ~fv) >>> 0;
    }
  }
  if (k < table.length) out.push(table[k][0]);
  return out.join('|');
}

/** printf-like numeric rendering per PF_* (octal `%#o`, hex `%X`, zero-padded, decimal). */
function num(v: number | bigint, fmt: number, bits: number, signed: boolean): string {
  let b = BigInt(v);
  if (fmt === T.PF_OCT || fmt === T.PF_HEX) b = BigInt.asUintN(bits, b);
  else if (!signed) b = BigInt.asUintN(bits, b);
  else b = BigInt.asIntN(bits, b);
  if (fmt === T.PF_OCT) return b === 0n ? '0' : '0' + b.toString(8);
  if (fmt === T.PF_HEX) return b.toString(16).toUpperCase();
  if (fmt === T.PF_10_PADDED_DEC) return b.toString().padStart(9, '0');
  return b.toString();
}

function dots(buf: Uint8Array, max: number): string {
  let s = '';
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.';
  }
  if (max > 0 && s.length > max) s = s.slice(0, max - 3) + '...';
  return s;
}

function sockaddr(b: Buffer, o: number, l: number): string {
  const fam = b[o];
  if (fam === PPM_AF_UNIX) return readCString(b, o + 1, l - 1);
  if (fam === PPM_AF_INET && l >= 7) return `${ipv4Text(b, o + 1)}:${b.readUInt16LE(o + 5)}`;
  if (fam === PPM_AF_INET6 && l >= 19) return `${ipv6Text(b, o + 1)}:${b.readUInt16LE(o + 17)}`;
  return `family ${fam}`;
}

function socktuple(b: Buffer, o: number, l: number): string {
  const fam = b[o];
  if (fam === PPM_AF_INET && l >= 13) return `${ipv4Text(b, o + 1)}:${b.readUInt16LE(o + 5)}->${ipv4Text(b, o + 7)}:${b.readUInt16LE(o + 11)}`;
  if (fam === PPM_AF_INET6 && l >= 37) {
    const sp = b.readUInt16LE(o + 17), dp = b.readUInt16LE(o + 35);
    if (isV4Mapped(b, o + 1) && isV4Mapped(b, o + 19)) return `${ipv4Text(b, o + 13)}:${sp}->${ipv4Text(b, o + 31)}:${dp}`;
    return `${ipv6Text(b, o + 1)}:${sp}->${ipv6Text(b, o + 19)}:${dp}`;
  }
  if (fam === PPM_AF_UNIX && l >= 17) {
    return `${b.readBigUInt64LE(o + 1).toString(16)}->${b.readBigUInt64LE(o + 9).toString(16)} ${readCString(b, o + 17, l - 17)}`;
  }
  return `family ${fam}`;
}

/** [value, resolved] strings of parameter i, as libsinsp's get_param_as_str gives them. */
export function formatParam(evt: ScapEvent, i: number, opts: FormatOptions = {}): [string, string] {
  const info = evt.info?.params[i];
  const len = evt.paramLength(i);
  if (!info) return ['', ''];
  let type = info.type;
  let fmt = info.fmt;
  const b = evt.buf;
  let o = evt.paramOffset(i);
  let l = len;
  if (l === 0) {
    const nullish = type === T.PT_BYTEBUF || type === T.PT_SOCKTUPLE || type === T.PT_FDLIST || type === T.PT_DYN;
    return [nullish ? 'NULL' : '<NA>', ''];
  }
  if (type === T.PT_DYN) {
    const d = info.dynamic?.[b[o]];
    if (!d) return ['INVALID DYNAMIC PARAMETER', ''];
    type = d[0]; o += 1; l -= 1;
  }
  // a damaged parameter shorter than its type: print its bytes rather than read past it
  const width = FIXED_WIDTH[type];
  if (width !== undefined && l < width) return [dots(b.subarray(o, o + l), opts.maxBufferLength ?? 0), ''];
  if ((type === T.PT_SOCKTUPLE || type === T.PT_SOCKADDR || type === T.PT_FDLIST || type === T.PT_IPADDR) && l < 2) return ['<NA>', ''];
  const r = opts.resolver;
  switch (type) {
    case T.PT_INT8: return [num(b.readInt8(o), fmt, 8, true), ''];
    case T.PT_INT16: return [num(b.readInt16LE(o), fmt, 16, true), ''];
    case T.PT_INT32: return [num(b.readInt32LE(o), fmt, 32, true), ''];
    case T.PT_INT64: return [num(b.readBigInt64LE(o), fmt, 64, true), ''];
    case T.PT_UINT8: return [num(b[o], fmt, 8, false), ''];
    case T.PT_UINT16: case T.PT_PORT: return [num(b.readUInt16LE(o), fmt, 16, false), ''];
    case T.PT_UINT32: return [num(b.readUInt32LE(o), fmt, 32, false), ''];
    // libsinsp prints uint64 through a signed conversion
    case T.PT_UINT64: return [num(l >= 8 ? b.readBigInt64LE(o) : BigInt(b.readUInt32LE(o)), fmt, 64, fmt === T.PF_DEC || fmt === T.PF_NA || fmt === T.PF_ID), ''];
    case T.PT_L4PROTO: case T.PT_SOCKFAMILY: return [String(b[o]), ''];
    case T.PT_FD: case T.PT_FD32: {
      const fd = type === T.PT_FD ? readI64(b, o) : b.readInt32LE(o);
      let res = '';
      if (fd >= 0) res = r?.fd?.(evt, fd) ?? '';
      else if (fd === PPM_AT_FDCWD) res = 'AT_FDCWD';
      else res = errnoName(fd);
      return [String(fd), res];
    }
    case T.PT_PID: case T.PT_PID32: {
      const pid = type === T.PT_PID ? readI64(b, o) : b.readInt32LE(o);
      return [String(pid), r?.thread?.(pid) ?? ''];
    }
    case T.PT_ERRNO: {
      const v = readI64(b, o);
      return [String(v), errnoName(v)];
    }
    case T.PT_CHARBUF: return [readCString(b, o, l), ''];
    case T.PT_FSPATH: case T.PT_FSRELPATH: {
      const p = readCString(b, o, l);
      const abs = p !== '' && !p.startsWith('/') ? r?.path?.(evt, i, p) ?? '' : '';
      return [p, abs];
    }
    case T.PT_BYTEBUF: case T.PT_CHARBUFARRAY: case T.PT_CHARBUF_PAIR_ARRAY:
      return [dots(b.subarray(o, o + l), opts.maxBufferLength ?? 0), ''];
    case T.PT_SOCKADDR: return [sockaddr(b, o, l), ''];
    case T.PT_SOCKTUPLE: return [socktuple(b, o, l), ''];
    case T.PT_FDLIST: {
      const n = b.readUInt16LE(o);
      const parts: string[] = [];
      for (let k = 0, p = o + 2; k < n && p + 10 <= o + l; k++, p += 10) {
        const fd = readI64(b, p);
        const tch = r?.fd?.(evt, fd)?.charAt(1) || '?';
        parts.push(`${fd}:${tch}${(b.readInt16LE(p + 8) >>> 0).toString(16)}`);
      }
      return [parts.join(' '), ''];
    }
    case T.PT_SYSCALLID: {
      const id = b.readUInt16LE(o);
      return PPM_SC_NAMES[id] !== undefined ? [String(id), PPM_SC_NAMES[id]] : ['<unknown syscall>', ''];
    }
    case T.PT_SIGTYPE: return [String(b[o]), SIGNAL_NAMES.get(b[o]) ?? ''];
    case T.PT_RELTIME: {
      const v = b.readBigUInt64LE(o);
      if (v === 0xffffffffffffffffn) return ['none', ''];
      return [v.toString(), `${formatG(Number(v) / 1e9)}s`];
    }
    case T.PT_ABSTIME: return [b.readBigUInt64LE(o).toString(), ''];
    case T.PT_FLAGS8: case T.PT_FLAGS16: case T.PT_FLAGS32:
    case T.PT_ENUMFLAGS8: case T.PT_ENUMFLAGS16: case T.PT_ENUMFLAGS32: {
      const w = type === T.PT_FLAGS8 || type === T.PT_ENUMFLAGS8 ? 1 : type === T.PT_FLAGS16 || type === T.PT_ENUMFLAGS16 ? 2 : 4;
      const v = w === 1 ? b[o] : w === 2 ? b.readUInt16LE(o) : b.readUInt32LE(o);
      const exact = type === T.PT_ENUMFLAGS8 || type === T.PT_ENUMFLAGS16 || type === T.PT_ENUMFLAGS32;
      return [String(v), flagNames(info.flagTable, v, exact)];
    }
    case T.PT_MODE: {
      const v = b.readUInt32LE(o);
      return [num(v, fmt, 32, false), modeNames(info.flagTable, v)];
    }
    case T.PT_UID: case T.PT_GID: {
      const v = b.readUInt32LE(o);
      if (v === 0xffffffff) return ['-1', '<NONE>'];
      const name = type === T.PT_UID ? r?.user?.(evt, v) : r?.group?.(evt, v);
      return [String(v | 0), name ?? (r ? '<NA>' : '')];
    }
    case T.PT_BOOL: return [String(b.readUInt32LE(o) !== 0 ? 1 : 0), ''];
    case T.PT_IPV4ADDR: return [ipv4Text(b, o), ''];
    case T.PT_IPV6ADDR: return [ipv6Text(b, o), ''];
    case T.PT_IPADDR: return [l === 4 ? ipv4Text(b, o) : l === 16 ? ipv6Text(b, o) : '', ''];
    case T.PT_DOUBLE: return [b.readDoubleLE(o).toFixed(6), ''];
    case T.PT_SIGSET: return [String(b.readUInt32LE(o)), ''];
    default: return [dots(b.subarray(o, o + l), opts.maxBufferLength ?? 0), ''];
  }
}

/** C's `%lg`: 6 significant digits, trailing zeros dropped. */
function formatG(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -5 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = v.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** The %evt.args string: `name=value` pairs separated by spaces; empty for generic exits. */
export function formatArgs(evt: ScapEvent, opts: FormatOptions = {}): string {
  // generic events carry only the syscall id, already shown as evt.type
  if (evt.type === PPME_GENERIC_X || evt.type === PPME_GENERIC_E) return '';
  const info = evt.info;
  if (!info) return '';
  const parts: string[] = [];
  const n = Math.min(evt.nparams, info.params.length);
  for (let i = 0; i < n; i++) {
    const [v, res] = formatParam(evt, i, opts);
    parts.push(res === '' ? `${info.params[i].name}=${v}` : `${info.params[i].name}=${v}(${res})`);
  }
  return parts.join(' ');
}
