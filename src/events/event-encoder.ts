// Builds scap-encoded events (the V2 layout: ts, tid, len, type, nparams, lengths, data)
// from parameter bytes. Used by the trace writer and by tests; the probe writes the same
// layout from C.
import { EVENT_INFO } from './event-info.js';
import { EVENT_HEADER_SIZE } from './scap-event.js';

export interface RawEvent {
  ts: bigint;
  tid: number;
  type: number;
  /** Parameter bytes in schema order; undefined or empty = an empty parameter. */
  params: readonly (Uint8Array | undefined)[];
}

/** Encodes one event; parameter lengths are 32-bit for large-payload event types. */
export function encodeEvent(e: RawEvent): Buffer {
  const lenSize = EVENT_INFO[e.type]?.largePayload ? 4 : 2;
  let data = 0;
  for (const p of e.params) data += p?.length ?? 0;
  const len = EVENT_HEADER_SIZE + e.params.length * lenSize + data;
  const out = Buffer.allocUnsafe(len);
  out.writeBigUInt64LE(e.ts, 0);
  out.writeBigInt64LE(BigInt(e.tid), 8);
  out.writeUInt32LE(len, 16);
  out.writeUInt16LE(e.type, 20);
  out.writeUInt32LE(e.params.length, 22);
  let lp = EVENT_HEADER_SIZE;
  let dp = EVENT_HEADER_SIZE + e.params.length * lenSize;
  for (const p of e.params) {
    const n = p?.length ?? 0;
    if (lenSize === 2) {
      if (n > 0xffff) throw new RangeError(`parameter of ${n} bytes does not fit a 16-bit length (event type ${e.type})`);
      out.writeUInt16LE(n, lp);
    } else out.writeUInt32LE(n, lp);
    lp += lenSize;
    if (p && n) { out.set(p, dp); dp += n; }
  }
  return out;
}

/** Little-endian helpers for building parameter bytes. */
export const enc = {
  u8: (v: number) => Buffer.from([v & 0xff]),
  u16: (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); return b; },
  u32: (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); return b; },
  i32: (v: number) => { const b = Buffer.alloc(4); b.writeInt32LE(v); return b; },
  i64: (v: number | bigint) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(v)); return b; },
  u64: (v: number | bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; },
  /** NUL-terminated string, as drivers write CHARBUF/FSPATH. */
  str: (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]),
};
