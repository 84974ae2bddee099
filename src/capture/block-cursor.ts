// Bounds-checked little-endian reads inside one block; running past the block raises a
// ScapFormatError at the absolute offset, so malformed records never throw RangeError.
import { ScapFormatError, type ScapErrorCode } from './scap-format-error.js';
import { splitNul } from '../events/param-decoders.js';

export class BlockCursor {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
    /** Stream offset of buf[0]. */
    readonly base: number,
    readonly path: string,
    readonly what: string,
  ) {}

  get remaining(): number { return this.end - this.pos; }

  fail(detail: string, code: ScapErrorCode = 'SCAP_BAD_RECORD'): never {
    throw new ScapFormatError(code, `${this.what}: ${detail}`, this.path, this.base + this.pos);
  }

  private need(n: number): number {
    if (this.pos + n > this.end) this.fail(`record runs past the end of the block (needs ${n} more bytes)`);
    const p = this.pos;
    this.pos += n;
    return p;
  }

  u8(): number { return this.buf[this.need(1)]; }
  u16(): number { return this.buf.readUInt16LE(this.need(2)); }
  u32(): number { return this.buf.readUInt32LE(this.need(4)); }
  /** Signed 64-bit as a number (exact below 2^53). */
  i64(): number { const p = this.need(8); return this.buf.readInt32LE(p + 4) * 4294967296 + this.buf.readUInt32LE(p); }
  /** Unsigned 64-bit as a number. */
  u64(): number { const p = this.need(8); return this.buf.readUInt32LE(p + 4) * 4294967296 + this.buf.readUInt32LE(p); }
  big64(): bigint { return this.buf.readBigUInt64LE(this.need(8)); }
  bytes(n: number): Buffer { const p = this.need(n); return this.buf.subarray(p, p + n); }
  skip(n: number): void { this.need(n); }

  /** u16 length + bytes, up to the first NUL. */
  str16(max = 65535): string {
    const n = this.u16();
    if (n > max) this.fail(`string length ${n} exceeds ${max}`);
    const b = this.bytes(n);
    const z = b.indexOf(0);
    return b.toString('utf8', 0, z < 0 ? n : z);
  }

  /** u16 length + NUL-separated list. */
  list16(max = 65535): string[] {
    const n = this.u16();
    if (n > max) this.fail(`list length ${n} exceeds ${max}`);
    return splitNul(this.bytes(n));
  }
}
