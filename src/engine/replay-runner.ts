// Runs events through the whole pipeline: batches from a source (a .scap trace, or a live
// source), state, the engine, alert formatting, the queue and the outputs; then the
// end-of-run summary. This is what the CLI's process-events action calls.
//
// Falco's behaviour kept here: `-M` stops once the events span that many seconds (and a
// replay then waits out the duration); state-only events (EVF dump flag) update state but
// are not evaluated; the drop monitor runs on event time; `outputs.rate` limits alerts; a
// damaged trace keeps the alerts already raised and ends the run with an error naming the
// file and byte offset. Replay waits for the outputs when the queue fills; live capture
// never waits (a full queue drops and counts).
import type { EventBatch } from '../capture/event-batch.js';
import type { EventSource } from '../capture/event-source.js';
import type { ScapHeader } from '../capture/scap-header-records.js';
import { ScapFileSource } from '../capture/scap-file-source.js';
import { ScapFormatError } from '../capture/scap-format-error.js';
import { formatInternalAlert } from '../alerts/internal-alert.js';
import { timeOfDay } from '../alerts/alert-time.js';
import { Priority } from '../rules/priority.js';
import { createDefaultOutputRegistry, type OutputRegistry } from '../outputs/output-registry.js';
import { startAlertPipeline, type AlertPipeline } from '../outputs/output-setup.js';
import { readAlertSettings, type ConfigReader } from '../outputs/outputs-config.js';
import type { EngineRule } from './engine-rule.js';
import { BatchEnd, BatchLoop } from './batch-loop.js';
import { buildEngine, readEngineSettings } from './engine-setup.js';
import { EventDropMonitor, readDropConfig, type CaptureCounters, type DropConfig } from './event-drop-monitor.js';
import { TokenBucket } from './token-bucket.js';
import type { RuleEngine, RuleSelectionOptions } from './rule-engine.js';
import { SYSCALL_SOURCE } from './rule-engine.js';
import { syscallStateHook } from './syscall-state-hook.js';

export type ReplayLogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug';

/** The agent's logger (the app's Logger fits). */
export interface ReplayLogger {
  log(level: ReplayLogLevel, message: string): void;
  error(message: string): void;
  warning(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

/** The state stage as the runner drives it. */
export interface ReplayStateHook {
  /** Called once when the source is open: a trace header's thread, fd and user tables seed the state. */
  begin?(source: HeaderedSource): void;
  /** Applies event `i` of the batch to the state and returns the context rules and outputs read. */
  process(batch: EventBatch, i: number): unknown;
}

/** An event source, with the header records when it has them (traces do). */
export type HeaderedSource = EventSource & { readonly header?: ScapHeader };

export interface ReplayControls {
  /** Reopens every output before the next alert (SIGUSR1). */
  reopenOutputs(): void;
}

export interface ReplayOptions {
  /** The .scap trace to replay (plain or gzip). */
  readonly tracePath?: string;
  /** Instead of `tracePath`: an open source (live capture); closed at the end. */
  readonly source?: HeaderedSource;
  /** Capture counters for the drop monitor (a live probe's events and drops); default: events seen, no drops. */
  readonly captureCounters?: () => CaptureCounters;
  /** falco.yaml with overrides applied (FalcoConfig fits); `path` names it in config errors. */
  readonly config: ConfigReader & { readonly path?: string };
  /** Loaded rules (the loader's CompiledRule fits), in load order. Ignored when `engine` is given. */
  readonly rules?: readonly EngineRule[];
  /** A ready engine, instead of building one from `rules`, the config and `selection`. */
  readonly engine?: RuleEngine;
  readonly selection?: RuleSelectionOptions;
  readonly logger: ReplayLogger;
  /** Standard output (alerts of the stdout output and the summary). */
  readonly out: (text: string) => void;
  /** Standard error for the blocks Falco prints without the logger (drop and verbose stats). */
  readonly err?: (text: string) => void;
  /** `-M`: seconds of events to process, 0 for all. */
  readonly durationSec?: number;
  /** `-U`. */
  readonly unbuffered?: boolean;
  /** `-v`: timing and counts on stderr at the end. */
  readonly verbose?: boolean;
  /** Default: the syscall state tables (`syscallStateHook()`). */
  readonly state?: ReplayStateHook;
  readonly outputRegistry?: OutputRegistry;
  /** Aborting stops the replay after the current event (SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  readonly onStart?: (controls: ReplayControls) => void;
  /** Alert queue capacity (default 65536). */
  readonly queueCapacity?: number;
}

export interface ReplaySummary {
  /** Events read from the trace. */
  readonly eventsRead: number;
  /** Events evaluated against the rules. */
  readonly eventsEvaluated: number;
  /** Rule matches (Falco's "Events detected"). */
  readonly detections: number;
  /** Alerts refused by the full queue. */
  readonly queueDropped: number;
  /** Alerts outputs could not deliver, summed over outputs. */
  readonly outputDropped: number;
  /** Rule conditions that threw (taken as not matching). */
  readonly ruleErrors: number;
  readonly unknownEventTypes: number;
  readonly elapsedMs: number;
  /** Falco's stdout summary block. */
  readonly text: string;
}

export interface ReplayResult {
  readonly exitCode: number;
  /** Set when the run failed: the message the CLI prints. */
  readonly error?: string;
  readonly summary: ReplaySummary;
}

const defaultOutputs = createDefaultOutputRegistry();
const TIMEOUTS_RULE = 'Falco internal: timeouts notification';

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  if (signal?.aborted) return resolve();
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** Runs the replay to the end (or to the first error) and prints the end-of-run blocks. */
export async function runReplay(o: ReplayOptions): Promise<ReplayResult> {
  const started = Date.now();
  const err = o.err ?? ((t: string) => { process.stderr.write(t); });
  const configName = o.config.path ?? 'falco.yaml';
  let engine: RuleEngine;
  let dropConfig: DropConfig;
  let pipeline: AlertPipeline;
  let maxTimeouts = 1000;
  try {
    engine = o.engine ?? buildEngine(o.rules ?? [], readEngineSettings(o.config), o.selection);
    dropConfig = readDropConfig(o.config, configName);
    maxTimeouts = o.config.num('syscall_event_timeouts.max_consecutives', 1000);
    if (!(maxTimeouts >= 1)) {
      throw new Error(`Error reading config file(${configName}): the maximum consecutive timeouts without an event must be an unsigned integer > 0`);
    }
    const settings = readAlertSettings(o.config, { unbuffered: o.unbuffered, configName, implemented: (n) => (o.outputRegistry ?? defaultOutputs).has(n) });
    pipeline = await startAlertPipeline(settings, { logger: o.logger, stdout: o.out, registry: o.outputRegistry ?? defaultOutputs, queueCapacity: o.queueCapacity });
  } catch (e) {
    return { exitCode: 1, error: (e as Error).message, summary: emptySummary(started) };
  }
  const { formatter, queue, dispatcher, settings } = pipeline;
  o.onStart?.({ reopenOutputs: () => dispatcher.requestReopen() });

  let source: HeaderedSource | undefined;
  const live = o.source !== undefined;
  const sourceName = o.tracePath ?? 'live capture';
  let error: string | undefined;
  const rs = engine.ruleset(SYSCALL_SOURCE);
  const signal = o.signal;

  const rate = o.config.num('outputs.rate', 0);
  const limiter = rate > 0 ? new TokenBucket(rate, o.config.num('outputs.max_burst', 1000)) : undefined;
  // Reads the event being evaluated from the loop (made once, not per event).
  const onMatch = (rule: EngineRule) => {
    if (limiter && !limiter.claim(1, Date.now() * 1e6)) {
      o.logger.debug(`Skipping rate-limited notification for rule ${rule.name}`);
      return;
    }
    queue.push(formatter.format(rule, loop.ctx, loop.exactTs()));
  };
  const loop = new BatchLoop({ engine, ruleset: rs, durationNs: (o.durationSec ?? 0) * 1e9, signal, onMatch });
  const monitor = new EventDropMonitor(dropConfig, o.captureCounters ?? (() => ({ events: loop.seen, drops: 0 })), {
    log: (level, m) => o.logger.log(level, m),
    alert: (a) => { queue.push(formatInternalAlert(a, settings.json, settings.hostname)); },
  });
  let timeouts = 0;

  try {
    if (o.source) source = o.source;
    // The default state keeps nothing of an event past the event (alerts are formatted
    // at once), so the trace's read buffers can be reused.
    else if (o.tracePath !== undefined) source = await ScapFileSource.open(o.tracePath, { recycleBuffers: o.state === undefined });
    else throw new Error('no trace file and no event source given');
  } catch (e) {
    // Falco stops before processing (and prints no summary) when the trace cannot be opened.
    await dispatcher.stop();
    const message = e instanceof ScapFormatError ? e.message : `${sourceName}: ${(e as Error).message}`;
    return { exitCode: 1, error: message, summary: emptySummary(started) };
  }
  const state = o.state ?? syscallStateHook();
  try {
    state.begin?.(source);
    for (;;) {
      const b = await source.next();
      if (b === 'eof') break;
      if (b === 'timeout') {
        if (signal?.aborted) break;
        if (++timeouts > maxTimeouts) {
          timeouts = 0;
          const firstTs = loop.firstTs;
          queue.push(formatInternalAlert({
            ts: BigInt(Date.now()) * 1_000_000n, priority: Priority.Debug, rule: TIMEOUTS_RULE,
            msg: `${TIMEOUTS_RULE}. ${maxTimeouts} consecutive timeouts without event.`,
            fields: { last_event_time: firstTs < 0 ? 'none' : timeOfDay(BigInt(Math.round(firstTs))) },
          }, settings.json, settings.hostname));
        }
        continue;
      }
      timeouts = 0;
      // Abort comes from a signal handler, which runs between batches (the loop never
      // yields), so it is checked per batch; matches re-check it (an output may abort).
      if (signal?.aborted) break;
      const end = loop.run(b, state, monitor);
      if (end === BatchEnd.MonitorStop) { error = 'Drop manager internal error'; break; }
      if (end === BatchEnd.Stop) break;
      // Replay has no kernel to lose events from: let the outputs catch up rather than drop.
      if (!live && queue.size > queue.capacity / 2) await queue.whenRoom();
    }
  } catch (e) {
    if (e instanceof ScapFormatError) error = e.message;
    else error = `${sourceName}: ${(e as Error).message}`;
  } finally {
    loop.batch = undefined;
    loop.ctx = undefined;
    await source?.close().catch(() => {});
  }

  err(monitor.formatStats());
  if (!error && !live && (o.durationSec ?? 0) > 0) await sleep(o.durationSec! * 1000, o.signal);
  await dispatcher.stop();

  const elapsedMs = Date.now() - started;
  const eventsRead = source?.stats.events ?? 0;
  if (o.verbose) {
    const secs = elapsedMs / 1000;
    if (live) {
      const c = o.captureCounters?.() ?? { events: loop.seen, drops: 0 };
      err(`Driver Events:${c.events}\nDriver Drops:${c.drops}\n`);
    }
    err(`Elapsed time: ${secs.toFixed(3)}, Captured Events: ${eventsRead}, ${(secs > 0 ? eventsRead / secs : 0).toFixed(2)} eps\n`);
  }
  if (queue.dropped > 0) o.logger.warning(`${queue.dropped} alert(s) dropped because the output queue was full`);
  if (rs.errors > 0) o.logger.warning(`${rs.errors} rule evaluation(s) failed and were taken as no match`);
  const text = engine.stats.format();
  o.out(text);
  const summary: ReplaySummary = {
    eventsRead, eventsEvaluated: loop.evaluated, detections: engine.stats.total, queueDropped: queue.dropped,
    outputDropped: dispatcher.dropped, ruleErrors: rs.errors, unknownEventTypes: source?.stats.unknownEventTypes ?? 0,
    elapsedMs, text,
  };
  return error ? { exitCode: 1, error, summary } : { exitCode: 0, summary };
}

function emptySummary(started: number): ReplaySummary {
  return {
    eventsRead: 0, eventsEvaluated: 0, detections: 0, queueDropped: 0, outputDropped: 0, ruleErrors: 0,
    unknownEventTypes: 0, elapsedMs: Date.now() - started, text: '',
  };
}
