// Cuts the loader's stdout into whole scap events and packs them into EventBatches.
// Events arrive back to back; each header carries its own length, so an event split
// across pipe reads is carried over to the next batch.
import { EventBatch } from './event-batch.js';
import { EVENT_HEADER_SIZE } from '../events/scap-event.js';
import { LiveProbeError } from './live-probe-preflight.js';

/** Largest event the probe can send (its scratch buffer is 32 KiB per event). */
export const MAX_LIVE_EVENT = 1 << 16;

export class LiveFrameSplitter {
  private carry: Buffer | null = null;
  private nextNum = 1;
  private base = 0;

  /**
   * Makes a batch of the whole events in `chunks` (plus what was carried over); the tail
   * of a cut event is kept for the next call. Returns null when no whole event is there.
   */
  take(chunks: Buffer[], cpu = 0): EventBatch | null {
    let buf: Buffer;
    if (this.carry) chunks.unshift(this.carry);
    buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    this.carry = null;
    let count = 0;
    let off = 0;
    while (off + EVENT_HEADER_SIZE <= buf.length) {
      const len = buf.readUInt32LE(off + 16);
      if (len < EVENT_HEADER_SIZE || len > MAX_LIVE_EVENT) {
        throw new LiveProbeError('LIVE_BAD_STREAM', `probe stream out of step at byte ${this.base + off}: event length ${len}`);
      }
      if (off + len > buf.length) break;
      off += len;
      count++;
    }
    if (off < buf.length) this.carry = Buffer.from(buf.subarray(off));
    if (count === 0) return null;
    const batch = new EventBatch(buf, count, this.nextNum, this.base);
    let p = 0;
    for (let i = 0; i < count; i++) {
      const len = buf.readUInt32LE(p + 16);
      batch.hdrOff[i] = p;
      batch.lensOff[i] = p + EVENT_HEADER_SIZE;
      batch.nparams[i] = buf.readUInt32LE(p + 22);
      batch.lenSize[i] = 2;
      batch.cpu[i] = cpu;
      batch.type[i] = buf.readUInt16LE(p + 20);
      p += len;
    }
    batch.length = count;
    this.nextNum += count;
    this.base += off;
    return batch;
  }

  /** Drops a partial event (the probe restarted: its tail will never come). */
  reset(): void {
    if (this.carry) this.base += this.carry.length;
    this.carry = null;
  }

  get pendingBytes(): number {
    return this.carry?.length ?? 0;
  }
}
