// Streams a file (plain or gzip, detected by its magic) as a queue of bytes: the parser
// looks at `buf` from `pos`, and asks for more when a block is incomplete. Only what has
// not been parsed yet is carried over between chunks; big files are never loaded whole.
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ScapFormatError } from './scap-format-error.js';

const READ_CHUNK = 1 << 20;
const GUNZIP_CHUNK = 1 << 19;
/** A straddling block is copied alone only when that saves copying at least this much. */
const STITCH_MIN = 1 << 16;

export class ByteQueue {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Stream offset of buf[0]. */
  base = 0;
  eof = false;
  /** Set when the stream failed (e.g. corrupt gzip); reported once the bytes before it are used. */
  error: ScapFormatError | undefined;
  readonly compressed: boolean;
  private readonly it: AsyncIterator<Buffer>;
  private readonly stream: Readable;
  /** Tail of a chunk not yet handed out (see ensure). */
  #pending: Buffer | undefined;

  private constructor(readonly path: string, stream: Readable, compressed: boolean) {
    this.stream = stream;
    this.compressed = compressed;
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  static async open(path: string): Promise<ByteQueue> {
    let magic: Buffer;
    try {
      const fh = await fsp.open(path, 'r');
      try {
        magic = Buffer.alloc(2);
        await fh.read(magic, 0, 2, 0);
      } finally { await fh.close(); }
    } catch (e) {
      throw new ScapFormatError('SCAP_IO', `cannot open trace file: ${(e as Error).message}`, path, 0, { cause: e });
    }
    const file = createReadStream(path, { highWaterMark: READ_CHUNK });
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      const gz = createGunzip({ chunkSize: GUNZIP_CHUNK });
      file.on('error', (e) => gz.destroy(e));
      file.pipe(gz);
      return new ByteQueue(path, gz, true);
    }
    return new ByteQueue(path, file, false);
  }

  get available(): number { return this.buf.length - this.pos; }
  /** Stream offset of buf[pos]. */
  get offset(): number { return this.base + this.pos; }

  /** Reads one more chunk; false at the end of the stream (or after a stream error). */
  async more(): Promise<boolean> {
    const chunk = await this.#pull(this.base + this.buf.length);
    if (chunk === undefined) return false;
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = chunk;
    } else {
      const rest = this.buf.subarray(this.pos);
      this.base += this.pos;
      this.buf = Buffer.concat([rest, chunk]);
    }
    this.pos = 0;
    return true;
  }

  /**
   * Ensures at least n bytes are available from pos; false if the stream ends first.
   * A block that straddles two chunks is copied alone into a buffer of its own (the rest
   * of the new chunk is kept for later), so crossing a chunk boundary copies one block,
   * not the whole next chunk.
   */
  async ensure(n: number): Promise<boolean> {
    if (this.available >= n) return true;
    const parts: Buffer[] = [this.buf.subarray(this.pos)];
    let have = this.available;
    const base = this.base + this.pos;
    while (have < n) {
      const chunk = await this.#pull(base + have);
      if (chunk === undefined) break;
      parts.push(chunk);
      have += chunk.length;
    }
    this.base = base;
    this.pos = 0;
    if (have - n < STITCH_MIN) {
      this.buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
      return have >= n;
    }
    // the last chunk goes well past the block: keep its tail for the next read
    const last = parts.pop()!;
    const keep = have - n;
    this.#pending = last.subarray(last.length - keep);
    parts.push(last.subarray(0, last.length - keep));
    this.buf = Buffer.concat(parts, n);
    return true;
  }

  /** The next chunk: the tail kept by ensure(), else the stream's next one; undefined at the end. `end`: stream offset where a read error is reported. */
  async #pull(end: number): Promise<Buffer | undefined> {
    const pending = this.#pending;
    if (pending !== undefined) { this.#pending = undefined; return pending; }
    if (this.eof) return undefined;
    let r: IteratorResult<Buffer>;
    try {
      r = await this.it.next();
    } catch (e) {
      this.eof = true;
      const msg = (e as Error).message;
      this.error = this.compressed
        ? new ScapFormatError('SCAP_GZIP', `compressed stream is damaged: ${msg}`, this.path, end, { cause: e })
        : new ScapFormatError('SCAP_IO', `read failed: ${msg}`, this.path, end, { cause: e });
      return undefined;
    }
    if (r.done) { this.eof = true; return undefined; }
    return r.value;
  }

  async close(): Promise<void> {
    this.eof = true;
    this.stream.destroy();
  }
}
