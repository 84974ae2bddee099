// The bounded queue between the engine and the outputs. The engine never waits on it:
// `push` refuses (and counts) an alert when the queue is full. The consumer takes alerts
// in order; replay, which has no kernel to lose events from, may wait for room instead.
import type { Alert } from './alert.js';

export class AlertQueue {
  #items: (Alert | undefined)[];
  #head = 0;
  #size = 0;
  /** Alerts refused because the queue was full. */
  dropped = 0;
  /** Alerts accepted. */
  accepted = 0;
  #onItem: (() => void) | undefined;
  #roomWaiters: (() => void)[] = [];

  constructor(readonly capacity = 65536) {
    if (!(capacity >= 1)) throw new RangeError(`alert queue capacity must be at least 1, got ${capacity}`);
    this.#items = new Array(capacity);
  }

  get size(): number { return this.#size; }

  /** Adds an alert; false (and counted as dropped) when full. */
  push(a: Alert): boolean {
    if (this.#size === this.capacity) {
      this.dropped++;
      return false;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = a;
    this.#size++;
    this.accepted++;
    const wake = this.#onItem;
    if (wake) { this.#onItem = undefined; wake(); }
    return true;
  }

  /** Takes the oldest alert, or undefined when empty. */
  shift(): Alert | undefined {
    if (this.#size === 0) return undefined;
    const a = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    if (this.#roomWaiters.length > 0 && this.#size <= this.capacity / 2) {
      const ws = this.#roomWaiters;
      this.#roomWaiters = [];
      for (const w of ws) w();
    }
    return a;
  }

  /** Resolves when an alert is available (at once if one is). One waiter at a time. */
  whenNotEmpty(): Promise<void> {
    if (this.#size > 0) return Promise.resolve();
    return new Promise((resolve) => { this.#onItem = resolve; });
  }

  /** Wakes a pending `whenNotEmpty` without an item (used to stop the consumer). */
  wake(): void {
    const wake = this.#onItem;
    if (wake) { this.#onItem = undefined; wake(); }
  }

  /** Resolves once the queue is at most half full: backpressure for producers that may wait. */
  whenRoom(): Promise<void> {
    if (this.#size <= this.capacity / 2) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }
}
