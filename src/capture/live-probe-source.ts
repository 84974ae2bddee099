// The live event source: runs the kernel probe's loader (probe/build/tercel-probe),
// reads its stdout (a handshake line, then scap events back to back) into EventBatches,
// and its stderr (counters once a second). Reading pauses the pipe when too much is
// queued, so a slow consumer makes the kernel ring fill and drop (counted there)
// instead of this process growing. If the loader dies it is started again, counted
// and logged, within restartDelayMs.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventBatch } from './event-batch.js';
import type { EventSource, EventSourceStats } from './event-source.js';
import { LiveFrameSplitter } from './live-frame-splitter.js';
import { checkLiveProbe, defaultProbePath, LiveProbeError } from './live-probe-preflight.js';
import { liveSchemaHash } from './live-schema-hash.js';
import { LineSplitter, parseProbeStderrLine, type ProbeCounters } from './live-stats-parser.js';
import { EVENT_INFO } from '../events/event-info.js';
import { X86_64_ROUTED, X86_64_SYSCALL_NAMES } from '../events/syscall-table.js';

export interface LiveProbeOptions {
  /** Loader binary; default probe/build/tercel-probe (or $TERCEL_PROBE). */
  binary?: string;
  /** Syscalls to trace, by x86_64 number or name, plus `procexit` for thread exits; default: every one with a dedicated event, and procexit. */
  syscalls?: readonly (number | string)[];
  /** Bytes kept from data buffers (sendto/recvfrom). */
  snaplen?: number;
  /** Ring buffer size in MiB (a power of two). */
  ringbufMb?: number;
  /** Trace only this process (tests). */
  tgid?: number;
  /** How long next() waits for events before answering 'timeout'. */
  timeoutMs?: number;
  /** Delay before starting a loader that died (must stay well under 5 s). */
  restartDelayMs?: number;
  /** Pause reading once this many bytes wait to be handed out. */
  highWaterBytes?: number;
  /** Most bytes handed out in one batch. */
  maxBatchBytes?: number;
  /** Diagnostics (restarts, loader errors, drops). */
  onLog?: (message: string) => void;
  /** Check root, BTF and the binary first (default true; tests with a stand-in loader turn it off). */
  preflight?: boolean;
}

export interface LiveProbeStats extends EventSourceStats {
  /** Counters summed over every run of the loader (the kernel side). */
  probeEvents: number;
  probeDrops: number;
  probeErrors: number;
  restarts: number;
  /** The handshake of the running loader. */
  handshake: Record<string, unknown> | null;
}

/** The loader's subset slot for procexit events (probe/tercel-shared.h TC_SLOT_PROCEXIT). */
export const PROCEXIT_SLOT = 511;

export function resolveSyscalls(list: readonly (number | string)[]): number[] {
  return list.map((s) => {
    if (typeof s === 'number') return s;
    if (s === 'procexit') return PROCEXIT_SLOT;
    if (/^\d+$/.test(s)) return Number(s);
    const nr = X86_64_SYSCALL_NAMES.indexOf(s);
    if (nr < 0) throw new RangeError(`unknown syscall name '${s}'`);
    return nr;
  });
}

/**
 * x86_64 syscall numbers the probe must trace for rules that need these event types
 * (evt.type names such as `openat`, `accept`, `execve`): a syscall is picked when its
 * dedicated event has one of the names, or, for syscalls without one (generic events),
 * when its own name is asked for.
 */
export function syscallsForEventTypes(names: ReadonlySet<string>): number[] {
  const out: number[] = [];
  X86_64_SYSCALL_NAMES.forEach((sys, nr) => {
    if (!sys) return;
    const routed = X86_64_ROUTED[sys];
    const name = routed ? EVENT_INFO[routed[1]]?.name : sys;
    if (name !== undefined && names.has(name)) out.push(nr);
  });
  if (names.has('procexit')) out.push(PROCEXIT_SLOT);
  return out;
}

export class LiveProbeSource implements EventSource {
  readonly stats: LiveProbeStats = { events: 0, unknownEventTypes: 0, skippedBlocks: 0, bytes: 0, probeEvents: 0, probeDrops: 0, probeErrors: 0, restarts: 0, handshake: null };
  private child: ChildProcess | null = null;
  private readonly splitter = new LiveFrameSplitter();
  private chunks: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private waiter: (() => void) | null = null;
  private closed = false;
  private failure: LiveProbeError | null = null;
  private lastCounters: ProbeCounters | null = null;
  private lastError = '';
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly args: string[];
  private readonly binary: string;
  private readonly opts: Required<Pick<LiveProbeOptions, 'timeoutMs' | 'restartDelayMs' | 'highWaterBytes' | 'maxBatchBytes'>>;
  private readyResolve: (() => void) | null = null;
  private readyReject: ((e: Error) => void) | null = null;

  private constructor(private readonly options: LiveProbeOptions) {
    this.binary = options.binary ?? defaultProbePath();
    this.args = [];
    if (options.syscalls) this.args.push('--syscalls', resolveSyscalls(options.syscalls).join(','));
    if (options.snaplen !== undefined) this.args.push('--snaplen', String(options.snaplen));
    if (options.ringbufMb !== undefined) this.args.push('--ringbuf-mb', String(options.ringbufMb));
    if (options.tgid !== undefined) this.args.push('--tgid', String(options.tgid));
    this.opts = {
      timeoutMs: options.timeoutMs ?? 100,
      restartDelayMs: options.restartDelayMs ?? 500,
      highWaterBytes: options.highWaterBytes ?? 64 << 20,
      maxBatchBytes: options.maxBatchBytes ?? 4 << 20,
    };
  }

  /** Checks root, BTF and the binary, starts the loader and waits for its handshake. */
  static async open(options: LiveProbeOptions = {}): Promise<LiveProbeSource> {
    if (options.preflight !== false) {
      const pre = checkLiveProbe(options.binary ?? defaultProbePath());
      if (!pre.ok) throw pre.error;
    }
    const src = new LiveProbeSource(options);
    await src.start();
    return src;
  }

  private log(msg: string): void {
    this.options.onLog?.(msg);
  }

  private start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
      this.spawnLoader();
    });
  }

  private spawnLoader(): void {
    this.splitter.reset();
    this.lastCounters = null;
    const child = spawn(this.binary, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let handshakeDone = false;
    let head: Buffer | null = null;
    const out = child.stdout!;
    const lines = new LineSplitter();
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => lines.push(s, (l) => this.onStderrLine(l)));
    out.on('data', (chunk: Buffer) => {
      if (!handshakeDone) {
        head = head ? Buffer.concat([head, chunk]) : chunk;
        const nl = head.indexOf(10);
        if (nl < 0) return;
        handshakeDone = true;
        const rest = head.subarray(nl + 1);
        if (!this.onHandshake(head.subarray(0, nl).toString('utf8'))) return;
        head = null;
        if (rest.length === 0) return;
        chunk = rest;
      }
      this.chunks.push(chunk);
      this.queued += chunk.length;
      if (this.queued >= this.opts.highWaterBytes && !this.paused) {
        this.paused = true;
        out.pause();
      }
      this.wake();
    });
    child.on('error', (err) => this.onExit(child, null, null, err));
    child.on('close', (code, signal) => this.onExit(child, code, signal));
  }

  private onHandshake(line: string): boolean {
    let hs: Record<string, unknown>;
    try {
      hs = JSON.parse(line) as Record<string, unknown>;
    } catch (cause) {
      this.fail(new LiveProbeError('LIVE_BAD_STREAM', `the probe's first line is not its handshake: ${JSON.stringify(line.slice(0, 80))}`, { cause }));
      return false;
    }
    if (hs.schema !== liveSchemaHash()) {
      this.fail(new LiveProbeError('LIVE_SCHEMA_MISMATCH', `the probe was built from another event schema (${String(hs.schema)}, expected ${liveSchemaHash()}); rebuild it with scripts/build-probe.sh`));
      return false;
    }
    this.stats.handshake = hs;
    const r = this.readyResolve;
    this.readyResolve = this.readyReject = null;
    r?.();
    return true;
  }

  private onStderrLine(line: string): void {
    const l = parseProbeStderrLine(line);
    if (l.kind === 'stats') {
      const prev = this.lastCounters;
      const c = l.counters;
      const dEvents = c.events - (prev?.events ?? 0);
      const dDrops = c.drops - (prev?.drops ?? 0);
      const dErrors = c.errors - (prev?.errors ?? 0);
      this.stats.probeEvents += dEvents;
      this.stats.probeDrops += dDrops;
      this.stats.probeErrors += dErrors;
      this.lastCounters = c;
      if (dDrops > 0) this.log(`live probe: ${dDrops} events dropped in the kernel (ring buffer full)`);
    } else if (l.kind === 'error') {
      this.lastError = l.message;
      this.log(`live probe: ${l.message}`);
    } else {
      this.lastError = l.text;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, err?: Error): void {
    if (child !== this.child) return;
    this.child = null;
    if (this.closed) {
      this.wake();
      return;
    }
    const why = err ? err.message : signal ? `signal ${signal}` : `exit code ${code}`;
    if (this.readyReject) {
      // never got going: a start-up failure is not worth retrying
      this.fail(new LiveProbeError('LIVE_PROBE_FAILED', `the kernel probe failed to start (${why})${this.lastError ? `: ${this.lastError}` : ''}`));
      return;
    }
    if (this.failure) return;
    if (code === 0 && !err) {
      // The loader ends cleanly only when told to: a Ctrl-C or a SIGTERM to the process group
      // reaches it as well as the agent, whose own shutdown then comes a moment later. Not a
      // crash to count and announce unless the agent is still running after a short grace.
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        if (!this.closed) this.restartLoader(why);
      }, Math.min(250, this.opts.restartDelayMs));
      return;
    }
    this.restartLoader(why);
  }

  private restartLoader(why: string): void {
    this.stats.restarts++;
    this.log(`live probe: loader stopped (${why}); restarting (restart #${this.stats.restarts})`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.closed) this.spawnLoader();
    }, this.opts.restartDelayMs);
  }

  private fail(e: LiveProbeError): void {
    this.failure ??= e;
    const rej = this.readyReject;
    this.readyResolve = this.readyReject = null;
    this.child?.kill('SIGTERM');
    rej?.(e);
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The loader's pid (tests use it to kill the loader). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async next(): Promise<EventBatch | 'eof' | 'timeout'> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.chunks.length > 0) {
        const batch = this.takeBatch();
        if (batch) return batch;
      }
      if (this.closed && this.child === null) return 'eof';
      const got = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => { this.waiter = null; resolve(false); }, this.opts.timeoutMs);
        this.waiter = () => { clearTimeout(t); resolve(true); };
      });
      if (!got && this.chunks.length === 0) return this.closed && this.child === null ? 'eof' : 'timeout';
    }
  }

  private takeBatch(): EventBatch | null {
    let take: Buffer[];
    let bytes = 0;
    if (this.queued <= this.opts.maxBatchBytes) {
      take = this.chunks;
      bytes = this.queued;
      this.chunks = [];
    } else {
      let n = 0;
      while (n < this.chunks.length && bytes < this.opts.maxBatchBytes) bytes += this.chunks[n++].length;
      take = this.chunks.splice(0, n);
    }
    this.queued -= bytes;
    if (this.paused && this.queued < this.opts.highWaterBytes / 2 && this.child) {
      this.paused = false;
      this.child.stdout!.resume();
    }
    let batch: EventBatch | null;
    try {
      batch = this.splitter.take(take);
    } catch (e) {
      // out of step: the stream cannot be trusted any more; start the loader again
      this.log(`live probe: ${(e as Error).message}; restarting the loader`);
      this.splitter.reset();
      this.child?.kill('SIGKILL');
      return null;
    }
    if (batch) {
      this.stats.events += batch.length;
      this.stats.bytes += bytes;
      for (let i = 0; i < batch.length; i++) if (EVENT_INFO[batch.type[i]] === undefined) this.stats.unknownEventTypes++;
    }
    return batch;
  }

  /** Stops the loader (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  async close(): Promise<void> {
    if (this.closed && this.child === null) return;
    this.closed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child) return;
    child.stdout!.resume();
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('close', () => { clearTimeout(kill); resolve(); });
      child.kill('SIGTERM');
    });
  }
}
