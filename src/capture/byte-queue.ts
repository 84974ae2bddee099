// Streams a file (plain or gzip, detected by its magic) as a queue of bytes: the parser
// looks at `buf` from `pos`, and asks for more when a block is incomplete. Only what has
// not been parsed yet is carried over between chunks; big files are never loaded whole.
//
// Plain files are read with positioned reads into chunk buffers, one chunk ahead. In
// recycling mode (see `recycle()`) a chunk buffer is reused once the queue has moved past
// it: fresh buffers cost a page fault per 4 KiB, which was a third of a replay's CPU time.
// gzip input comes from zlib's stream, whose buffers are its own.
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ScapFormatError } from './scap-format-error.js';

const READ_CHUNK = 1 << 20;
const GUNZIP_CHUNK = 1 << 19;
/** A straddling block is copied alone only when that saves copying at least this much. */
const STITCH_MIN = 1 << 16;
/** Room at the front of a plain chunk buffer for the unread tail of the previous chunk. */
const SLACK = 1 << 16;

/** One read-ahead: `n` bytes at buf[SLACK..]. */
interface ChunkRead { readonly buf: Buffer; readonly n: number; readonly error: unknown }

type FileHandle = Awaited<ReturnType<typeof fsp.open>>;

export class ByteQueue {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Stream offset of buf[0]. */
  base = 0;
  eof = false;
  /** Set when the stream failed (e.g. corrupt gzip); reported once the bytes before it are used. */
  error: ScapFormatError | undefined;
  readonly compressed: boolean;
  // gzip: zlib's stream; plain: the file handle and the next read position.
  readonly #it: AsyncIterator<Buffer> | undefined;
  readonly #stream: Readable | undefined;
  readonly #fh: FileHandle | undefined;
  #filePos = 0;
  /** The read of the next chunk, under way. */
  #ahead: Promise<ChunkRead> | undefined;
  /** The last read came back short (end of file) or failed: no more reads. */
  #fileDone = false;
  /** gzip: tail of a chunk not yet handed out (see ensure). */
  #pending: Buffer | undefined;
  #recycling = false;
  /** The pool buffer under `buf`, when it is one. */
  #bufBacking: Buffer | undefined;
  readonly #pool: Buffer[] = [];

  private constructor(readonly path: string, src: Readable | FileHandle, compressed: boolean) {
    this.compressed = compressed;
    if (compressed) {
      this.#stream = src as Readable;
      this.#it = this.#stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    } else {
      this.#fh = src as FileHandle;
    }
  }

  static async open(path: string): Promise<ByteQueue> {
    let fh: FileHandle;
    const magic = Buffer.alloc(2);
    try {
      fh = await fsp.open(path, 'r');
      try {
        await fh.read(magic, 0, 2, 0);
      } catch (e) {
        await fh.close();
        throw e;
      }
    } catch (e) {
      throw new ScapFormatError('SCAP_IO', `cannot open trace file: ${(e as Error).message}`, path, 0, { cause: e });
    }
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      await fh.close();
      const file = createReadStream(path, { highWaterMark: READ_CHUNK });
      const gz = createGunzip({ chunkSize: GUNZIP_CHUNK });
      file.on('error', (e) => gz.destroy(e));
      file.pipe(gz);
      return new ByteQueue(path, gz, true);
    }
    return new ByteQueue(path, fh, false);
  }

  get available(): number { return this.buf.length - this.pos; }
  /** Stream offset of buf[pos]. */
  get offset(): number { return this.base + this.pos; }

  /**
   * From now on, bytes before `pos` may be overwritten once more bytes are asked for: the
   * caller promises to keep no view into them (no batch, event view or zero-copy value)
   * past that point. Bytes read before this call are never reused.
   */
  recycle(): void {
    this.#recycling = true;
  }

  /** Reads one more chunk; false at the end of the stream (or after a stream error). */
  async more(): Promise<boolean> {
    if (this.#fh !== undefined) return this.#readPlain();
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
   * gzip: a block that straddles two chunks is copied alone into a buffer of its own (the
   * rest of the new chunk is kept for later), so crossing a chunk boundary copies one
   * block, not the whole next chunk.
   */
  async ensure(n: number): Promise<boolean> {
    if (this.available >= n) return true;
    if (this.#fh !== undefined) {
      while (this.available < n) if (!(await this.#readPlain())) return false;
      return true;
    }
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

  async close(): Promise<void> {
    this.eof = true;
    this.#stream?.destroy();
    if (this.#ahead !== undefined) await this.#ahead;
    if (this.#fh !== undefined) await this.#fh.close().catch(() => {});
  }

  /**
   * Plain files: moves to the next chunk, the unread bytes of the current one placed just
   * before it (in the room kept at the front of each chunk buffer); false at the end of
   * the file or after a read error. The read of the chunk after that starts at once, so
   * parsing never waits for the disk or the page cache while a chunk is left.
   */
  async #readPlain(): Promise<boolean> {
    if (this.eof) return false;
    if (this.#ahead === undefined) {
      if (this.#fileDone) { this.eof = true; return false; }
      this.#ahead = this.#fill(this.#takeBuffer(), this.#filePos);
    }
    const a = await this.#ahead;
    this.#ahead = undefined;
    this.#filePos += a.n;
    if (a.error !== undefined) {
      this.#fileDone = true;
      this.error = new ScapFormatError('SCAP_IO', `read failed: ${(a.error as Error).message}`, this.path, this.base + this.buf.length, { cause: a.error });
    } else if (a.n < READ_CHUNK) {
      this.#fileDone = true;
    } else {
      this.#ahead = this.#fill(this.#takeBuffer(), this.#filePos);
    }
    if (a.n === 0) {
      this.#pool.push(a.buf); // never seen by anyone
      this.eof = true;
      return false;
    }
    const rest = this.available;
    let next: Buffer;
    let backing: Buffer | undefined;
    if (rest <= SLACK) {
      if (rest > 0) this.buf.copy(a.buf, SLACK - rest, this.pos, this.buf.length);
      next = a.buf.subarray(SLACK - rest, SLACK + a.n);
      backing = a.buf;
    } else {
      // a block longer than the room: joined in a buffer of its own (rare)
      next = Buffer.allocUnsafeSlow(rest + a.n);
      this.buf.copy(next, 0, this.pos, this.buf.length);
      a.buf.copy(next, rest, SLACK, SLACK + a.n);
      this.#pool.push(a.buf);
    }
    // the old buffer is behind pos now: in recycling mode nobody looks at it any more
    if (this.#bufBacking !== undefined) this.#pool.push(this.#bufBacking);
    this.#bufBacking = this.#recycling ? backing : undefined;
    this.base += this.pos;
    this.buf = next;
    this.pos = 0;
    return true;
  }

  #takeBuffer(): Buffer {
    return this.#pool.pop() ?? Buffer.allocUnsafeSlow(SLACK + READ_CHUNK);
  }

  /** Reads up to READ_CHUNK bytes at `pos` into buf after its front room. */
  async #fill(buf: Buffer, pos: number): Promise<ChunkRead> {
    let n = 0;
    try {
      while (n < READ_CHUNK) {
        const { bytesRead } = await this.#fh!.read(buf, SLACK + n, READ_CHUNK - n, pos + n);
        if (bytesRead === 0) break;
        n += bytesRead;
      }
      return { buf, n, error: undefined };
    } catch (e) {
      return { buf, n, error: e };
    }
  }

  /** gzip: the next chunk (the tail kept by ensure, else zlib's next one); undefined at the end. `end`: stream offset where an error is reported. */
  async #pull(end: number): Promise<Buffer | undefined> {
    const pending = this.#pending;
    if (pending !== undefined) { this.#pending = undefined; return pending; }
    if (this.eof) return undefined;
    let r: IteratorResult<Buffer>;
    try {
      r = await this.#it!.next();
    } catch (e) {
      this.eof = true;
      const msg = (e as Error).message;
      this.error = new ScapFormatError('SCAP_GZIP', `compressed stream is damaged: ${msg}`, this.path, end, { cause: e });
      return undefined;
    }
    if (r.done) { this.eof = true; return undefined; }
    return r.value;
  }
}
