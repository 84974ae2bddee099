// The contract every event source (trace replay, live probe, plugins) implements.
//
// A source hands out batches: many events sharing one buffer, described by typed arrays,
// so that replay costs no per-event allocation until a consumer asks for an event view.
// `next()` is async because reading a file or a pipe is; one await per batch (thousands
// of events) keeps the promise overhead negligible at millions of events per second.
import type { EventBatch } from './event-batch.js';

export interface EventSourceStats {
  /** Events delivered. */
  events: number;
  /** Events skipped because this schema does not know their type (counted, never fatal). */
  unknownEventTypes: number;
  /** Non-event blocks met between events and skipped. */
  skippedBlocks: number;
  /** Bytes consumed from the (uncompressed) stream. */
  bytes: number;
}

export interface EventSource {
  /** Next batch of events, 'eof' at the end, or 'timeout' for live sources with nothing to give yet. */
  next(): Promise<EventBatch | 'eof' | 'timeout'>;
  /** Releases the underlying file or stream; safe to call twice. */
  close(): Promise<void>;
  readonly stats: EventSourceStats;
}
