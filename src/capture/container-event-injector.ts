// Wraps a live event source so that events tercel makes itself (the `container` meta event
// Falco emits when a runtime's metadata arrives) reach the pipeline in stream order: queued
// events come out of next() in a batch of their own, before the source's next batch, and
// then go through state and rules like probe events.
//
// An injected event gets the current time (never earlier than the last delivered event, so
// time stays monotonic for the drop monitor and -M) and the event number following the
// last delivered one (the next probe event repeats it: the probe numbers its own stream).
// Counters are the wrapped source's: injected events are not counted as read.
import { EventBatch } from './event-batch.js';
import type { EventSource, EventSourceStats } from './event-source.js';
import type { ScapHeader } from './scap-header-records.js';
import { encodeEvent } from '../events/event-encoder.js';
import { EVENT_INFO } from '../events/event-info.js';
import { EVENT_HEADER_SIZE } from '../events/scap-event.js';

/** The current `container` event layout: one CHARBUF parameter, libsinsp's JSON. */
const CONTAINER_JSON_2_E = EVENT_INFO.find((e) => e.id === 'CONTAINER_JSON_2_E')!.code;

interface Pending { tid: number; type: number; params: readonly (Uint8Array | undefined)[] }

export class ContainerEventInjector implements EventSource {
  readonly #inner: EventSource & { readonly header?: ScapHeader };
  readonly #now: () => bigint;
  #pending: Pending[] = [];
  #lastTs = 0n;
  #nextNum = 1;

  constructor(inner: EventSource & { readonly header?: ScapHeader }, opts: { now?: () => bigint } = {}) {
    this.#inner = inner;
    // wall-clock nanoseconds: the epoch at start-up plus the monotonic clock since
    const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
    this.#now = opts.now ?? (() => origin + process.hrtime.bigint());
  }

  get header(): ScapHeader | undefined { return this.#inner.header; }
  get stats(): EventSourceStats { return this.#inner.stats; }
  /** Events waiting for the next next() call. */
  get pending(): number { return this.#pending.length; }

  /** Queues an event (parameter bytes in schema order); it is stamped when delivered. */
  inject(tid: number, type: number, params: readonly (Uint8Array | undefined)[]): void {
    this.#pending.push({ tid, type, params });
  }

  /** Queues a `container` event carrying `json` (`{"container": {...}}`) for thread `tid`. */
  injectContainer(json: string, tid: number): void {
    this.inject(tid, CONTAINER_JSON_2_E, [Buffer.from(json + '\0', 'utf8')]);
  }

  async next(): Promise<EventBatch | 'eof' | 'timeout'> {
    if (this.#pending.length > 0) return this.#injectedBatch();
    const b = await this.#inner.next();
    if (b instanceof EventBatch && b.length > 0) {
      const ts = b.ts(b.length - 1);
      if (ts > this.#lastTs) this.#lastTs = ts;
      this.#nextNum = b.firstNum + b.length;
    }
    return b;
  }

  close(): Promise<void> { return this.#inner.close(); }

  #injectedBatch(): EventBatch {
    const list = this.#pending;
    this.#pending = [];
    const now = this.#now();
    const ts = now > this.#lastTs ? now : this.#lastTs;
    this.#lastTs = ts;
    const bufs = list.map((p) => encodeEvent({ ts, tid: p.tid, type: p.type, params: p.params }));
    const batch = new EventBatch(Buffer.concat(bufs), list.length, this.#nextNum, 0);
    let off = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      batch.hdrOff[i] = off;
      batch.lensOff[i] = off + EVENT_HEADER_SIZE;
      batch.nparams[i] = p.params.length;
      batch.lenSize[i] = EVENT_INFO[p.type]?.largePayload ? 4 : 2;
      batch.type[i] = p.type;
      off += bufs[i]!.length;
    }
    batch.length = list.length;
    return batch;
  }
}
