// Decoders for event parameters, one tiny function per PT_* type. Each reads the raw bytes
// of one parameter (little-endian, as the drivers write them) and returns a JS value typed
// as the field contract expects: 64-bit integers become numbers (exact below 2^53), times
// stay bigint, buffers are zero-copy views, strings stop at the first NUL.
import * as T from './event-table.js';

export interface SockAddr {
  /** PPM_AF_* family (2 = INET, 10 = INET6, 1 = UNIX). */
  readonly family: number;
  /** 4 or 16 bytes in network order (INET/INET6). */
  readonly addr?: Uint8Array;
  readonly port?: number;
  /** Socket path (UNIX). */
  readonly path?: string;
}

export interface SockTuple {
  readonly family: number;
  readonly sip?: Uint8Array;
  readonly sport?: number;
  readonly dip?: Uint8Array;
  readonly dport?: number;
  /** UNIX: kernel addresses of the two socket ends, and the path. */
  readonly source?: bigint;
  readonly dest?: bigint;
  readonly path?: string;
}

export interface FdListEntry { readonly fd: number; readonly flags: number }

export type ParamValue =
  | number | bigint | string | boolean | Uint8Array
  | SockAddr | SockTuple | readonly FdListEntry[] | undefined;

export type ParamDecoder = (buf: Buffer, off: number, len: number) => ParamValue;

export const PPM_AF_UNIX = 1;
export const PPM_AF_INET = 2;
export const PPM_AF_INET6 = 10;

// Unsigned little-endian reads, straight from the bytes (Buffer's readers check their
// arguments, which costs more than the read on the per-event path); callers stay inside
// bounds they have already checked.
export function readU16(b: Buffer, p: number): number {
  return b[p]! | (b[p + 1]! << 8);
}
export function readU32(b: Buffer, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 16777216;
}

// 64-bit integers as numbers. Values that fit in 32 bits (fds, return values, ids) come
// back as small integers, which V8 keeps unboxed; only wider ones are built as doubles
// (a heap number each). Bytes are read directly: Buffer's readers check their arguments.
export function readI64(buf: Buffer, off: number): number {
  const lo = buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24);
  const hi = buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16) | (buf[off + 7]! << 24);
  if (hi === 0 ? lo >= 0 : hi === -1 && lo < 0) return lo;
  return hi * 4294967296 + (lo >>> 0);
}
export function readU64(buf: Buffer, off: number): number {
  const lo = buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24);
  const hi = buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16) | (buf[off + 7]! << 24);
  if (hi === 0 && lo >= 0) return lo;
  return (hi >>> 0) * 4294967296 + (lo >>> 0);
}

/** NUL-separated strings (args, env, cgroups, /proc cmdline): a trailing NUL ends the last one. */
export function splitNul(b: Uint8Array): string[] {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length);
  const out: string[] = [];
  let start = 0;
  for (let k = buf.indexOf(0, start); k !== -1; k = buf.indexOf(0, start)) {
    out.push(buf.toString('utf8', start, k));
    start = k + 1;
  }
  if (start < buf.length) out.push(buf.toString('utf8', start));
  return out;
}

/** Buffer's own UTF-8 decoder, which toString() calls after checking its arguments and looking the encoding up. */
type Utf8Slicing = Buffer & { utf8Slice(start: number, end: number): string };

/** String up to the first NUL (or the end of the parameter). */
export function readCString(buf: Buffer, off: number, len: number): string {
  let end = buf.indexOf(0, off);
  if (end < 0 || end > off + len) end = off + len;
  if (end > buf.length) end = buf.length;
  if (end <= off) return '';
  // straight to the decoder (with toString's bounds kept above): its argument checks and
  // encoding lookup cost as much as decoding a short path
  return (buf as Utf8Slicing).utf8Slice(off, end);
}

const int64: ParamDecoder = (b, o, l) => (l >= 8 ? readI64(b, o) : l >= 4 ? b.readInt32LE(o) : undefined);
const uint64: ParamDecoder = (b, o, l) => (l >= 8 ? readU64(b, o) : l >= 4 ? b.readUInt32LE(o) : undefined);
const int32: ParamDecoder = (b, o, l) => (l >= 4 ? b.readInt32LE(o) : undefined);
const uint32: ParamDecoder = (b, o, l) => (l >= 4 ? b.readUInt32LE(o) : undefined);
const int16: ParamDecoder = (b, o, l) => (l >= 2 ? b.readInt16LE(o) : undefined);
const uint16: ParamDecoder = (b, o, l) => (l >= 2 ? b.readUInt16LE(o) : undefined);
const int8: ParamDecoder = (b, o, l) => (l >= 1 ? b.readInt8(o) : undefined);
const uint8: ParamDecoder = (b, o, l) => (l >= 1 ? b[o] : undefined);
const time64: ParamDecoder = (b, o, l) => (l >= 8 ? b.readBigUInt64LE(o) : undefined);
const string: ParamDecoder = (b, o, l) => readCString(b, o, l);
const bytes: ParamDecoder = (b, o, l) => b.subarray(o, o + l);

export function decodeSockAddr(b: Buffer, o: number, l: number): SockAddr | undefined {
  if (l < 1) return undefined;
  const family = b[o];
  if (family === PPM_AF_INET && l >= 7) return { family, addr: b.subarray(o + 1, o + 5), port: b.readUInt16LE(o + 5) };
  if (family === PPM_AF_INET6 && l >= 19) return { family, addr: b.subarray(o + 1, o + 17), port: b.readUInt16LE(o + 17) };
  if (family === PPM_AF_UNIX) return { family, path: readCString(b, o + 1, l - 1) };
  return { family };
}

export function decodeSockTuple(b: Buffer, o: number, l: number): SockTuple | undefined {
  if (l < 1) return undefined;
  const family = b[o];
  if (family === PPM_AF_INET && l >= 13) {
    return { family, sip: b.subarray(o + 1, o + 5), sport: b.readUInt16LE(o + 5), dip: b.subarray(o + 7, o + 11), dport: b.readUInt16LE(o + 11) };
  }
  if (family === PPM_AF_INET6 && l >= 37) {
    return { family, sip: b.subarray(o + 1, o + 17), sport: b.readUInt16LE(o + 17), dip: b.subarray(o + 19, o + 35), dport: b.readUInt16LE(o + 35) };
  }
  if (family === PPM_AF_UNIX && l >= 17) {
    return { family, source: b.readBigUInt64LE(o + 1), dest: b.readBigUInt64LE(o + 9), path: readCString(b, o + 17, l - 17) };
  }
  return { family };
}

export function decodeFdList(b: Buffer, o: number, l: number): FdListEntry[] | undefined {
  if (l < 2) return undefined;
  const n = b.readUInt16LE(o);
  const out: FdListEntry[] = [];
  for (let i = 0, p = o + 2; i < n && p + 10 <= o + l; i++, p += 10) out.push({ fd: readI64(b, p), flags: b.readInt16LE(p + 8) });
  return out;
}

/** Decoders indexed by PT_* code. PT_DYN is resolved by the caller (selector byte + dynamic table). */
export const PARAM_DECODERS: readonly ParamDecoder[] = (() => {
  const d: ParamDecoder[] = new Array(T.PT_MAX).fill(bytes);
  d[T.PT_NONE] = () => undefined;
  d[T.PT_INT8] = int8; d[T.PT_INT16] = int16; d[T.PT_INT32] = int32; d[T.PT_INT64] = int64;
  d[T.PT_UINT8] = uint8; d[T.PT_UINT16] = uint16; d[T.PT_UINT32] = uint32; d[T.PT_UINT64] = uint64;
  d[T.PT_CHARBUF] = string; d[T.PT_FSPATH] = string; d[T.PT_FSRELPATH] = string;
  d[T.PT_BYTEBUF] = bytes;
  d[T.PT_ERRNO] = int64; d[T.PT_FD] = int64; d[T.PT_PID] = int64;
  d[T.PT_FD32] = int32; d[T.PT_PID32] = int32;
  d[T.PT_SOCKADDR] = decodeSockAddr; d[T.PT_SOCKTUPLE] = decodeSockTuple; d[T.PT_FDLIST] = decodeFdList;
  d[T.PT_SYSCALLID] = uint16; d[T.PT_SIGTYPE] = uint8;
  d[T.PT_RELTIME] = time64; d[T.PT_ABSTIME] = time64;
  d[T.PT_PORT] = uint16; d[T.PT_L4PROTO] = uint8; d[T.PT_SOCKFAMILY] = uint8;
  d[T.PT_BOOL] = (b, o, l) => (l >= 4 ? b.readUInt32LE(o) !== 0 : l >= 1 ? b[o] !== 0 : undefined);
  d[T.PT_IPV4ADDR] = (b, o, l) => (l >= 4 ? b.subarray(o, o + 4) : undefined);
  d[T.PT_IPV6ADDR] = (b, o, l) => (l >= 16 ? b.subarray(o, o + 16) : undefined);
  d[T.PT_IPADDR] = bytes; d[T.PT_IPNET] = bytes; d[T.PT_IPV4NET] = bytes; d[T.PT_IPV6NET] = bytes;
  d[T.PT_FLAGS8] = uint8; d[T.PT_FLAGS16] = uint16; d[T.PT_FLAGS32] = uint32;
  d[T.PT_ENUMFLAGS8] = uint8; d[T.PT_ENUMFLAGS16] = uint16; d[T.PT_ENUMFLAGS32] = uint32;
  d[T.PT_UID] = uint32; d[T.PT_GID] = uint32; d[T.PT_MODE] = uint32; d[T.PT_SIGSET] = uint32;
  d[T.PT_DOUBLE] = (b, o, l) => (l >= 8 ? b.readDoubleLE(o) : undefined);
  return d;
})();
