// A batch of events that share one buffer. Per-event facts the hot path needs first
// (code, thread, dump flags) sit in typed arrays; an event view (ScapEvent) with lazy
// parameter decoding is made only when asked for, or one reusable view is moved along.
import { ScapEvent } from '../events/scap-event.js';
import { readI64 } from '../events/param-decoders.js';

export class EventBatch {
  /** Number of events in the batch. */
  length = 0;
  /** Offset of each event header in `buf`. */
  readonly hdrOff: Uint32Array;
  /** Offset of each event's parameter length array. */
  readonly lensOff: Uint32Array;
  readonly nparams: Uint16Array;
  /** 2 or 4 (large payload in V2 blocks). */
  readonly lenSize: Uint8Array;
  readonly cpu: Uint16Array;
  /** EVF dump flags (SCAP_DF_*). */
  readonly dumpFlags: Uint32Array;
  /** Event code of each event. */
  readonly type: Uint16Array;

  /** Buffer the events sit in. */
  buf: Buffer;
  /** evt.num of the first event (1-based count over the whole stream). */
  firstNum: number;
  /** Stream offset of buf[0], for error messages and tools. */
  base: number;

  constructor(buf: Buffer, capacity: number, firstNum: number, base: number) {
    this.buf = buf;
    this.firstNum = firstNum;
    this.base = base;
    this.hdrOff = new Uint32Array(capacity);
    this.lensOff = new Uint32Array(capacity);
    this.nparams = new Uint16Array(capacity);
    this.lenSize = new Uint8Array(capacity);
    this.cpu = new Uint16Array(capacity);
    this.dumpFlags = new Uint32Array(capacity);
    this.type = new Uint16Array(capacity);
  }

  get capacity(): number { return this.hdrOff.length; }

  /** Empties the batch to be filled again over another buffer (sources that recycle batches). */
  refill(buf: Buffer, firstNum: number, base: number): this {
    this.buf = buf;
    this.firstNum = firstNum;
    this.base = base;
    this.length = 0;
    return this;
  }

  /** Thread id of event i without making a view. */
  tid(i: number): number {
    return readI64(this.buf, this.hdrOff[i]! + 8);
  }

  /** Timestamp of event i (ns since the epoch). */
  ts(i: number): bigint { return this.buf.readBigUInt64LE(this.hdrOff[i]); }

  /** A lazy view of event i. */
  event(i: number): ScapEvent {
    if (i < 0 || i >= this.length) throw new RangeError(`event index ${i} outside batch of ${this.length}`);
    return new ScapEvent(this.buf, this.hdrOff[i], this.lensOff[i], this.nparams[i], this.lenSize[i] as 2 | 4,
      this.firstNum + i, this.cpu[i], this.dumpFlags[i]);
  }

  /**
   * Points the reusable view `into` at event i and returns it (no allocation: the replay
   * hot path uses one view for every event; see ScapEvent.reset).
   */
  view(i: number, into: ScapEvent): ScapEvent {
    return into.reset(this.buf, this.hdrOff[i]!, this.lensOff[i]!, this.nparams[i]!, this.lenSize[i] as 2 | 4,
      this.firstNum + i, this.cpu[i]!, this.dumpFlags[i]!);
  }

  *[Symbol.iterator](): IterableIterator<ScapEvent> {
    for (let i = 0; i < this.length; i++) yield this.event(i);
  }
}
