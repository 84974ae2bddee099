// Replays a .scap trace (plain or gzip) as batches of events. The header blocks are read
// at open and exposed as typed records; event blocks (EV/EVF, V1/V2/V2_LARGE) are then
// cut from the stream chunk by chunk, without copying events. A damaged file yields every
// event before the damage, then a ScapFormatError naming the file and the byte offset.
import { ByteQueue } from './byte-queue.js';
import { BlockCursor } from './block-cursor.js';
import { EventBatch } from './event-batch.js';
import type { EventSource, EventSourceStats } from './event-source.js';
import * as B from './scap-block-types.js';
import { ScapFormatError, type ScapErrorCode } from './scap-format-error.js';
import type { ScapHeader } from './scap-header-records.js';
import { parseFdList, parseInterfaceList, parseMachineInfo, parseProcList, parseUserList } from './header-block-parsers.js';
import { EVENT_INFO } from '../events/event-info.js';
import { readU16, readU32 } from '../events/param-decoders.js';

export interface ScapFileOptions {
  /** Most events per batch (default 8192). */
  maxBatchEvents?: number;
  /**
   * Reuse read buffers and the batch object: the caller keeps nothing of a batch (no
   * batch, event view or zero-copy parameter value) once it asks for the next batch.
   * Saves a page fault per 4 KiB read and the batch's arrays. Default false.
   */
  recycleBuffers?: boolean;
}

/** Blocks larger than this are taken as corruption rather than waited for. */
const MAX_BLOCK = 256 * 1024 * 1024;
const HDR_V2 = 26;
const HDR_V1 = 22;

// Old writers stored a length 3 bytes too long for these two events (libscap corrects it too).
/** Per event code (any 16-bit value): 0 unknown to the schema, KNOWN, KNOWN | LARGE (32-bit parameter lengths in V2 blocks). */
const KNOWN = 1, LARGE = 2;
const CODE_FACTS: Uint8Array = Uint8Array.from({ length: 65536 }, (_, code) => {
  const e = EVENT_INFO[code];
  return e === undefined ? 0 : KNOWN | (e.largePayload ? LARGE : 0);
});
/** Parameters the schema lists per event code (V1 events are checked against it). */
const SCHEMA_NPARAMS: Uint8Array = Uint8Array.from(EVENT_INFO, (e) => e.params.length);
// A typed array rather than a Set: it is read for every V1 event.
const LEN_QUIRK: Uint8Array = Uint8Array.from(EVENT_INFO, (e) => (e.id === 'NOTIFICATION_E' || e.id === 'INFRASTRUCTURE_EVENT_E' ? 1 : 0));

export class ScapFileSource implements EventSource {
  readonly stats: EventSourceStats = { events: 0, unknownEventTypes: 0, skippedBlocks: 0, bytes: 0 };
  private nextNum = 1;
  private failure: ScapFormatError | undefined;
  private finished = false;
  private readonly maxBatch: number;
  private readonly recycle: boolean;
  /** The one batch handed out again and again when recycling. */
  private spare: EventBatch | undefined;

  private constructor(readonly path: string, private readonly q: ByteQueue, readonly header: ScapHeader, opts: ScapFileOptions) {
    this.maxBatch = Math.max(1, opts.maxBatchEvents ?? 8192);
    this.recycle = opts.recycleBuffers === true;
  }

  /** True when the file was gzip-compressed. */
  get compressed(): boolean { return this.q.compressed; }

  /** Opens a trace and reads its header blocks. Throws ScapFormatError if the header is unreadable. */
  static async open(path: string, opts: ScapFileOptions = {}): Promise<ScapFileSource> {
    const q = await ByteQueue.open(path);
    try {
      const header = await readHeader(q, path);
      // header records may hold views into the bytes read so far: those are never reused
      if (opts.recycleBuffers) q.recycle();
      return new ScapFileSource(path, q, header, opts);
    } catch (e) {
      await q.close();
      throw e;
    }
  }

  async next(): Promise<EventBatch | 'eof'> {
    for (;;) {
      if (this.failure) {
        const f = this.failure;
        this.finished = true;
        throw f;
      }
      if (this.finished) return 'eof';
      const batch = this.cut();
      if (batch.length > 0) return batch;
      if (this.failure) continue;
      if (this.q.available >= 8) {
        // an incomplete block: its length says how much to wait for
        const tl = this.q.buf.readUInt32LE(this.q.pos + 4);
        if (await this.q.ensure(tl)) continue;
      } else if (await this.q.more()) continue;
      // the stream has ended (or failed)
      if (this.q.error) { this.failure = this.q.error; continue; }
      if (this.q.available > 0) {
        this.failure = this.err('SCAP_TRUNCATED', `file ends inside a block (${this.q.available} bytes of an incomplete block)`, this.q.offset);
        continue;
      }
      this.finished = true;
      await this.q.close();
      return 'eof';
    }
  }

  async close(): Promise<void> {
    this.finished = true;
    await this.q.close();
  }

  private err(code: ScapErrorCode, detail: string, offset: number): ScapFormatError {
    return new ScapFormatError(code, detail, this.path, offset);
  }

  /** Cuts the complete blocks at the front of the queue into a batch. */
  private cut(): EventBatch {
    const q = this.q;
    const buf = q.buf;
    let cap = Math.min(this.maxBatch, Math.floor((buf.length - q.pos) / 30) + 1);
    let batch: EventBatch;
    if (this.recycle) {
      // the caller is done with the previous batch: fill it again (its arrays hold maxBatch)
      batch = (this.spare ??= new EventBatch(buf, this.maxBatch, 0, 0)).refill(buf, this.nextNum, q.base);
      cap = this.maxBatch;
    } else {
      batch = new EventBatch(buf, cap, this.nextNum, q.base);
    }
    const start = q.pos;
    const p = this.cutBlocks(batch, cap);
    const n = batch.length;
    this.stats.bytes += p - start;
    this.stats.events += n;
    this.nextNum += n;
    q.pos = p;
    return batch;
  }

  /**
   * cut()'s loop: fills `batch` with up to `cap` events from the queue's position and
   * returns the position after the last block taken. A function of its own so that the
   * loop's on-stack optimized code ends in a plain return: the bookkeeping that followed the
   * loop had never run when V8 compiled it, and deoptimized it at the end of every batch.
   */
  private cutBlocks(batch: EventBatch, cap: number): number {
    const q = this.q;
    const buf = q.buf;
    const end = buf.length;
    let p = q.pos;
    const hdrOffs = batch.hdrOff, lensOffs = batch.lensOff, nparamsOf = batch.nparams, lenSizes = batch.lenSize;
    const cpus = batch.cpu, dumpFlags = batch.dumpFlags, types = batch.type;
    let n = 0;
    const stats = this.stats;
    // Bytes are read directly (u16/u32 below) rather than with Buffer's readers, whose
    // argument checks cost more than the read itself; every read is inside a length
    // already checked against the buffer.
    while (n < cap && end - p >= 8) {
      const bt = readU32(buf, p);
      const tl = readU32(buf, p + 4);
      if (tl < 12 || tl > MAX_BLOCK) {
        this.failure = this.err('SCAP_BAD_BLOCK', `implausible block length ${tl} (block type 0x${bt.toString(16)})`, q.base + p);
        break;
      }
      if (end - p < tl) break;
      const trailer = readU32(buf, p + tl - 4);
      if (trailer !== tl) {
        this.failure = this.err('SCAP_BAD_BLOCK', `block trailer ${trailer} does not match block length ${tl} (block type 0x${bt.toString(16)})`, q.base + p);
        break;
      }
      let v2: boolean, flagged: boolean;
      if (bt === B.EV_BLOCK_TYPE_V2) { v2 = true; flagged = false; }
      else if (B.isEventBlock(bt)) { v2 = B.isV2EventBlock(bt); flagged = B.isFlaggedEventBlock(bt); }
      else {
        stats.skippedBlocks++;
        p += tl;
        continue;
      }
      const bodyEnd = p + tl - 4;
      const body = p + 8;
      const e = body + (flagged ? 6 : 2);
      const hdr = v2 ? HDR_V2 : HDR_V1;
      const avail = bodyEnd - e;
      if (avail < hdr) {
        this.failure = this.err('SCAP_BAD_EVENT', `event header exceeds block payload (block length ${tl})`, q.base + p);
        break;
      }
      const type = readU16(buf, e + 20);
      const facts = CODE_FACTS[type]!;
      if (facts === 0) {
        stats.unknownEventTypes++;
        p += tl;
        continue;
      }
      let len = readU32(buf, e + 16);
      let nparams: number;
      let lenSize: 2 | 4 = 2;
      let lens: number;
      if (v2) {
        nparams = readU32(buf, e + 22);
        lenSize = (facts & LARGE) !== 0 ? 4 : 2;
        lens = e + HDR_V2;
        if (len < HDR_V2 || len > avail) {
          this.failure = this.err('SCAP_BAD_EVENT', `event length ${len} does not fit its block (${avail} bytes available)`, q.base + e);
          break;
        }
        if (nparams > 0xffff || HDR_V2 + nparams * lenSize > len) {
          this.failure = this.err('SCAP_BAD_EVENT', `nparams ${nparams} does not fit in event length ${len}`, q.base + e);
          break;
        }
        let data = nparams * lenSize;
        const room = len - HDR_V2;
        let bad = -1;
        if (lenSize === 2) {
          for (let i = 0, lp = lens; i < nparams; i++, lp += 2) {
            data += buf[lp]! | (buf[lp + 1]! << 8);
            if (data > room) { bad = i; break; }
          }
        } else {
          for (let i = 0, lp = lens; i < nparams; i++, lp += 4) {
            data += readU32(buf, lp);
            if (data > room) { bad = i; break; }
          }
        }
        if (bad >= 0) {
          this.failure = this.err('SCAP_BAD_EVENT', `parameter ${bad} length exceeds event length ${len}`, q.base + e);
          break;
        }
      } else {
        if (LEN_QUIRK[type] === 1) len -= 3;
        lens = e + HDR_V1;
        if (len < HDR_V1 || len > avail) {
          this.failure = this.err('SCAP_BAD_EVENT', `event length ${len} does not fit its block (${avail} bytes available)`, q.base + e);
          break;
        }
        // V1 events do not say how many parameters they carry: find the count whose
        // lengths add up to the event length, starting from the schema's count.
        const evEnd = e + len;
        nparams = -1;
        for (let k = SCHEMA_NPARAMS[type]!; k >= 0; k--) {
          let v = lens + 2 * k;
          if (v > evEnd) continue;
          for (let i = 0; i < k; i++) v += readU16(buf, lens + 2 * i);
          if (v === evEnd) { nparams = k; break; }
        }
        if (nparams < 0) {
          this.failure = this.err('SCAP_BAD_EVENT', `cannot work out the parameters of a '${EVENT_INFO[type]!.name}' event (code ${type}, length ${len})`, q.base + e);
          break;
        }
      }
      hdrOffs[n] = e;
      lensOffs[n] = lens;
      nparamsOf[n] = nparams;
      lenSizes[n] = lenSize;
      cpus[n] = readU16(buf, body);
      dumpFlags[n] = flagged ? readU32(buf, body + 2) : 0;
      types[n] = type;
      batch.length = ++n;
      p += tl;
    }
    return p;
  }
}


async function readHeader(q: ByteQueue, path: string): Promise<ScapHeader> {
  const fail = (code: ScapErrorCode, detail: string, off: number): never => {
    throw q.error ?? new ScapFormatError(code, detail, path, off);
  };
  if (!(await q.ensure(8))) fail('SCAP_NOT_SCAP', 'not a scap file: too short for a section header', 0);
  const bt = q.buf.readUInt32LE(q.pos);
  if (bt !== B.SHB_BLOCK_TYPE) fail('SCAP_NOT_SCAP', `not a scap file: first block type is 0x${bt.toString(16)}, expected a section header`, 0);
  const shl = q.buf.readUInt32LE(q.pos + 4);
  if (shl < 28 || shl > MAX_BLOCK) fail('SCAP_NOT_SCAP', `section header length ${shl} is invalid`, 4);
  if (!(await q.ensure(shl))) fail('SCAP_TRUNCATED', 'file ends inside the section header', q.offset);
  const magic = q.buf.readUInt32LE(q.pos + 8);
  if (magic === B.SHB_MAGIC_SWAPPED) fail('SCAP_NOT_SCAP', 'big-endian traces are not supported', 8);
  if (magic !== B.SHB_MAGIC) fail('SCAP_NOT_SCAP', `bad byte-order magic 0x${magic.toString(16)}`, 8);
  const majorVersion = q.buf.readUInt16LE(q.pos + 12);
  const minorVersion = q.buf.readUInt16LE(q.pos + 14);
  if (majorVersion > B.SCAP_MAJOR_VERSION) fail('SCAP_VERSION', `trace format ${majorVersion}.${minorVersion} is newer than this reader (${B.SCAP_MAJOR_VERSION}.x)`, 12);
  const sectionLength = q.buf.readBigUInt64LE(q.pos + 16);
  if (q.buf.readUInt32LE(q.pos + shl - 4) !== shl) fail('SCAP_BAD_BLOCK', 'section header trailer does not match its length', q.offset + shl - 4);
  q.pos += shl;
  const h: ScapHeader = {
    section: { majorVersion, minorVersion, sectionLength },
    threads: [], fds: [], users: [], groups: [], interfaces: [], skippedBlockTypes: [],
  };
  for (;;) {
    if (!(await q.ensure(8))) {
      if (q.available === 0 && !q.error) return h; // a trace with no events
      fail('SCAP_TRUNCATED', 'file ends inside a block header', q.offset);
    }
    const t = q.buf.readUInt32LE(q.pos);
    const tl = q.buf.readUInt32LE(q.pos + 4);
    if (B.isEventBlock(t)) return h;
    const at = q.offset;
    if (tl < 12 || tl > MAX_BLOCK) fail('SCAP_BAD_BLOCK', `implausible block length ${tl} (block type 0x${t.toString(16)})`, at);
    if (!(await q.ensure(tl))) fail('SCAP_TRUNCATED', `file ends inside a block of type 0x${t.toString(16)} (${tl} bytes)`, at);
    if (q.buf.readUInt32LE(q.pos + tl - 4) !== tl) fail('SCAP_BAD_BLOCK', `block trailer does not match block length ${tl} (block type 0x${t.toString(16)})`, at);
    const c = new BlockCursor(q.buf, q.pos + 8, q.pos + tl - 4, q.base, path, `block 0x${t.toString(16)}`);
    switch (t) {
      case B.MI_BLOCK_TYPE: case B.MI_BLOCK_TYPE_INT:
        h.machine = parseMachineInfo(c); break;
      case B.FDL_BLOCK_TYPE: case B.FDL_BLOCK_TYPE_INT: case B.FDL_BLOCK_TYPE_V2:
        parseFdList(c, t, h.fds); break;
      case B.UL_BLOCK_TYPE: case B.UL_BLOCK_TYPE_INT: case B.UL_BLOCK_TYPE_V2:
        parseUserList(c, t, h.users, h.groups); break;
      case B.IL_BLOCK_TYPE: case B.IL_BLOCK_TYPE_INT: case B.IL_BLOCK_TYPE_V2:
        parseInterfaceList(c, t, h.interfaces); break;
      default:
        if (B.PROCLIST_VERSION.has(t)) parseProcList(c, t, h.threads);
        else h.skippedBlockTypes.push(t);
    }
    q.pos += tl;
  }
}

/** Opens a .scap trace (plain or gzip) as an event source. */
export function openScapFile(path: string, opts?: ScapFileOptions): Promise<ScapFileSource> {
  return ScapFileSource.open(path, opts);
}
