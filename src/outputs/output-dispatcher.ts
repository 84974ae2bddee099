// Feeds alerts from the queue to every output, off the engine's path. Each output gets
// each alert in order. A failed delivery is retried a few times with a short pause; an
// output that still fails is marked down for a while, during which its alerts are
// counted as dropped without waiting on it, and a failure is logged once per interval.
// The engine never waits on this loop (replay may, through the queue's backpressure).
import type { Alert } from '../alerts/alert.js';
import type { AlertQueue } from '../alerts/alert-queue.js';
import type { Output, OutputLogger } from './output.js';

export interface DispatcherOptions {
  /** Attempts per alert before it is dropped for an output (default 3). */
  readonly attempts?: number;
  /** Pause between attempts, ms (default 20). */
  readonly retryDelayMs?: number;
  /** How long an output stays down after failing every attempt, ms (default 1000). */
  readonly downMs?: number;
  /** At most one failure message per output per interval, ms (default 10000). */
  readonly logIntervalMs?: number;
  /** An emit slower than this is reported (Falco's `output_timeout`, default 2000). */
  readonly timeoutMs?: number;
  /** Alerts taken from the queue per batch before outputs are flushed (default 256). */
  readonly batch?: number;
}

export interface OutputStats {
  readonly name: string;
  delivered: number;
  dropped: number;
  failures: number;
}

interface Slot {
  readonly output: Output;
  readonly stats: OutputStats;
  downUntil: number;
  lastLog: number;
  unlogged: number;
  lastError: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class OutputDispatcher {
  readonly #slots: Slot[];
  readonly #attempts: number;
  readonly #retryDelayMs: number;
  readonly #downMs: number;
  readonly #logIntervalMs: number;
  readonly #timeoutMs: number;
  readonly #batch: number;
  #running: Promise<void> | undefined;
  #stopping = false;
  #reopenRequested = false;

  constructor(
    private readonly queue: AlertQueue,
    outputs: readonly Output[],
    private readonly logger: OutputLogger,
    opts: DispatcherOptions = {},
  ) {
    this.#slots = outputs.map((output) => ({
      output, stats: { name: output.name, delivered: 0, dropped: 0, failures: 0 },
      downUntil: 0, lastLog: -Infinity, unlogged: 0, lastError: '',
    }));
    this.#attempts = Math.max(1, opts.attempts ?? 3);
    this.#retryDelayMs = opts.retryDelayMs ?? 20;
    this.#downMs = opts.downMs ?? 1000;
    this.#logIntervalMs = opts.logIntervalMs ?? 10000;
    this.#timeoutMs = opts.timeoutMs ?? 2000;
    this.#batch = Math.max(1, opts.batch ?? 256);
  }

  get stats(): readonly OutputStats[] {
    return this.#slots.map((s) => s.stats);
  }

  /** Alerts dropped by any output (each output counts its own). */
  get dropped(): number {
    let n = 0;
    for (const s of this.#slots) n += s.stats.dropped;
    return n;
  }

  /** Initialises every output; rejects with the first failure. */
  async init(): Promise<void> {
    for (const s of this.#slots) await s.output.init();
  }

  /** Starts the delivery loop. */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Asks every output to reopen before the next alert (SIGUSR1). */
  requestReopen(): void {
    this.#reopenRequested = true;
    this.queue.wake();
  }

  /** Delivers what is queued, then closes every output. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.queue.wake();
    this.start();
    await this.#running;
    for (const s of this.#slots) {
      try {
        await s.output.close();
      } catch (e) {
        this.logger.error(`${s.output.name}: ${(e as Error).message}`);
      }
    }
    this.#flushLogs();
  }

  async #loop(): Promise<void> {
    for (;;) {
      if (this.#reopenRequested) {
        this.#reopenRequested = false;
        for (const s of this.#slots) {
          try {
            await s.output.reopen();
            s.downUntil = 0;
          } catch (e) {
            this.logger.error(`${s.output.name}: ${(e as Error).message}`);
          }
        }
      }
      let n = 0;
      for (let a = this.queue.shift(); a !== undefined; a = this.queue.shift()) {
        for (const s of this.#slots) await this.#deliver(s, a);
        if (++n >= this.#batch) break;
      }
      if (n > 0) {
        for (const s of this.#slots) await this.#flush(s);
        continue;
      }
      if (this.#stopping) return;
      await this.queue.whenNotEmpty();
    }
  }

  async #deliver(s: Slot, a: Alert): Promise<void> {
    if (s.downUntil > Date.now()) {
      s.stats.dropped++;
      s.unlogged++;
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const started = Date.now();
        await s.output.emit(a);
        const took = Date.now() - started;
        if (took > this.#timeoutMs) this.logger.error(`"${s.output.name}" output timeout, the output took ${took} ms for one alert`);
        s.stats.delivered++;
        return;
      } catch (e) {
        s.stats.failures++;
        s.lastError = (e as Error).message;
        if (attempt >= this.#attempts) break;
        await sleep(this.#retryDelayMs * attempt);
      }
    }
    s.stats.dropped++;
    s.unlogged++;
    s.downUntil = Date.now() + this.#downMs;
    this.#maybeLog(s);
  }

  async #flush(s: Slot): Promise<void> {
    if (!s.output.flush) return;
    try {
      await s.output.flush();
    } catch (e) {
      s.stats.failures++;
      s.lastError = (e as Error).message;
      this.#maybeLog(s);
    }
  }

  #maybeLog(s: Slot): void {
    const now = Date.now();
    if (now - s.lastLog < this.#logIntervalMs) return;
    s.lastLog = now;
    this.logger.error(`${s.output.name} output failing (${s.lastError}); ${s.unlogged} alert(s) dropped since the last report, ${s.stats.dropped} in total`);
    s.unlogged = 0;
  }

  /** At the end, report drops not yet reported. */
  #flushLogs(): void {
    for (const s of this.#slots) {
      if (s.unlogged > 0) {
        this.logger.error(`${s.output.name} output: ${s.unlogged} alert(s) dropped since the last report, ${s.stats.dropped} in total`);
        s.unlogged = 0;
      }
    }
  }
}
