// Runs the DNS name cache's lookups a few at a time, urgent ones first. The system resolver
// works on libuv's small thread pool (four threads), which file I/O shares: however slow a
// DNS server is, lookups never hold more than `atOnce` of those threads.
import type { NameResolver, ResolvedAddress } from './dns-name-cache.js';

export interface NameLookupQueueOptions {
  /** Lookups under way at once (default 2). */
  atOnce?: number;
  /** A lookup longer than this is reported slow (default 500 ms). */
  slowMs?: number;
}

interface Waiting { readonly name: string; readonly done: Promise<void>; readonly resolve: () => void }

export class NameLookupQueue {
  readonly #resolver: NameResolver;
  readonly #onResult: (name: string, addresses: readonly ResolvedAddress[], slow: boolean) => void;
  readonly #atOnce: number;
  readonly #slowMs: number;
  #waiting: Waiting[] = [];
  /** The last lookup started for each name, while it runs. */
  #running = new Map<string, { readonly seq: number; readonly done: Promise<void> }>();
  /** Per name: the sequence number of the last lookup started and of the last result taken. */
  #started = new Map<string, number>();
  #taken = new Map<string, number>();
  #active = 0;

  constructor(resolver: NameResolver, onResult: (name: string, addresses: readonly ResolvedAddress[], slow: boolean) => void, o: NameLookupQueueOptions = {}) {
    this.#resolver = resolver;
    this.#onResult = onResult;
    this.#atOnce = o.atOnce ?? 2;
    this.#slowMs = o.slowMs ?? 500;
  }

  /**
   * Asks for a lookup of `name`; settles when it is done. A request for a name already
   * waiting or being looked up shares that lookup, except that an urgent one (the name may
   * have just changed) goes to the front and, if a lookup already runs, starts a new one.
   */
  request(name: string, urgent = false): Promise<void> {
    const i = this.#waiting.findIndex((w) => w.name === name);
    if (i >= 0) {
      const w = this.#waiting[i]!;
      if (urgent && i > 0) { this.#waiting.splice(i, 1); this.#waiting.unshift(w); }
      return w.done;
    }
    const running = this.#running.get(name);
    if (running && !urgent) return running.done;
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => { resolve = r; });
    const w = { name, done, resolve };
    if (urgent) this.#waiting.unshift(w); else this.#waiting.push(w);
    this.#pump();
    return done;
  }

  /** Results of the lookups of `name` under way now will be ignored (a newer answer was taken elsewhere). */
  supersede(name: string): void {
    this.#taken.set(name, this.#started.get(name) ?? 0);
  }

  /** Drops the lookups not started yet (their requests settle at once). */
  clear(): void {
    for (const w of this.#waiting.splice(0)) w.resolve();
  }

  #pump(): void {
    while (this.#active < this.#atOnce && this.#waiting.length > 0) this.#start(this.#waiting.shift()!);
  }

  #start(w: Waiting): void {
    const seq = (this.#started.get(w.name) ?? 0) + 1;
    this.#started.set(w.name, seq);
    this.#running.set(w.name, { seq, done: w.done });
    this.#active++;
    const t0 = Date.now();
    const finish = (addresses: readonly ResolvedAddress[]) => {
      if (this.#running.get(w.name)?.seq === seq) this.#running.delete(w.name);
      // an older lookup that ends after a newer one must not overwrite its result
      if (seq > (this.#taken.get(w.name) ?? 0)) {
        this.#taken.set(w.name, seq);
        this.#onResult(w.name, addresses, Date.now() - t0 > this.#slowMs);
      }
      w.resolve();
      this.#active--;
      this.#pump();
    };
    this.#resolver(w.name).then(finish, () => finish([]));
  }
}
