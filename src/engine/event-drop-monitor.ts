// Falco's `syscall_event_drops`: once per second of event time, compare the capture's
// drop counter with its event counter; when the share of dropped events exceeds the
// threshold, and the token bucket allows, take the configured actions (log, alert, exit).
// `simulate_drops: true` adds one drop per check (and forces the threshold to 0) so that
// the machinery can be tested on a trace.
import { Priority } from '../rules/priority.js';
import { TokenBucket } from './token-bucket.js';

export type DropAction = 'ignore' | 'log' | 'alert' | 'exit';

export interface DropConfig {
  readonly actions: readonly DropAction[];
  readonly threshold: number;
  readonly rate: number;
  readonly maxBurst: number;
  readonly simulateDrops: boolean;
}

export class DropConfigError extends Error {
  override readonly name = 'DropConfigError';
}

/** What is read from the configuration (FalcoConfig fits). */
export interface DropConfigReader {
  get(path: string): unknown;
  num(path: string, dflt: number): number;
  bool(path: string, dflt: boolean): boolean;
}

/** Reads and checks `syscall_event_drops.*` with Falco's defaults and error texts. */
export function readDropConfig(cfg: DropConfigReader, configName = 'falco.yaml'): DropConfig {
  const err = (m: string) => new DropConfigError(`Error reading config file (${configName}): ${m}`);
  const raw = cfg.get('syscall_event_drops.actions');
  const list = Array.isArray(raw) ? raw.map(String) : raw === undefined || raw === null ? [] : [String(raw)];
  const actions: DropAction[] = [];
  for (const act of list) {
    if (act === 'ignore') {
      if (!actions.includes('ignore')) actions.push('ignore');
    } else if (act === 'log' || act === 'alert') {
      if (actions.includes('ignore')) throw err(`syscall event drop action "${act}" does not make sense with the "ignore" action`);
      if (!actions.includes(act)) actions.push(act);
    } else if (act === 'exit') {
      if (!actions.includes('exit')) actions.push('exit');
    } else {
      throw err('available actions for syscall event drops are "ignore", "log", "alert", and "exit"');
    }
  }
  if (actions.length === 0) actions.push('ignore');
  const threshold = cfg.num('syscall_event_drops.threshold', 0.1);
  if (threshold < 0 || threshold > 1) throw err('syscall event drops threshold must be a double in the range [0, 1]');
  return {
    actions,
    threshold,
    rate: cfg.num('syscall_event_drops.rate', 0.03333),
    maxBurst: cfg.num('syscall_event_drops.max_burst', 1),
    simulateDrops: cfg.bool('syscall_event_drops.simulate_drops', false),
  };
}

/** Counters of the capture, read at each check. */
export interface CaptureCounters {
  readonly events: number;
  readonly drops: number;
}

export interface DropAlert {
  readonly ts: bigint;
  readonly priority: Priority;
  readonly rule: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface DropMonitorHooks {
  log(level: 'debug' | 'info' | 'warning' | 'critical', message: string): void;
  alert(a: DropAlert): void;
}

const ONE_SECOND = 1e9;
const RULE = 'Falco internal: syscall event drop';
/** Buffer-drop categories of the alert's fields: replay and the probe report no breakdown. */
const CATEGORY_FIELDS = [
  'n_drops_buffer_clone_fork_enter', 'n_drops_buffer_clone_fork_exit', 'n_drops_buffer_execve_enter',
  'n_drops_buffer_execve_exit', 'n_drops_buffer_connect_enter', 'n_drops_buffer_connect_exit',
  'n_drops_buffer_open_enter', 'n_drops_buffer_open_exit', 'n_drops_buffer_dir_file_enter',
  'n_drops_buffer_dir_file_exit', 'n_drops_buffer_other_interest_enter', 'n_drops_buffer_other_interest_exit',
  'n_drops_scratch_map', 'n_drops_page_faults', 'n_drops_bug',
];

export class EventDropMonitor {
  /** Checks that found drops above the threshold. */
  detected = 0;
  /** Times actions were taken (limited by the token bucket). */
  actionsTaken = 0;
  #nextCheck = 0;
  #last: CaptureCounters = { events: 0, drops: 0 };
  readonly #bucket: TokenBucket;
  readonly #threshold: number;

  constructor(readonly config: DropConfig, private readonly counters: () => CaptureCounters, private readonly hooks: DropMonitorHooks) {
    this.#bucket = new TokenBucket(config.rate, config.maxBurst);
    this.#threshold = config.simulateDrops ? 0 : config.threshold;
    this.#last = counters();
  }

  /**
   * Event time (ns) up to which onEvent has nothing to do: a caller may skip the call for
   * events at or before it (-1 before the first event).
   */
  get quietUntil(): number { return this.#nextCheck === 0 ? -1 : this.#nextCheck; }

  /**
   * Call for every event with its time in ns (a double is precise enough for one-second
   * checks); `exactTs` gives the exact time for an alert. Returns false when an `exit`
   * action asks to stop.
   */
  onEvent(ts: number, exactTs: () => bigint = () => BigInt(Math.round(ts))): boolean {
    if (this.#nextCheck === 0) this.#nextCheck = ts + ONE_SECOND;
    if (this.#nextCheck >= ts) return true;
    this.#nextCheck = ts + ONE_SECOND;
    const now = this.counters();
    const deltaEvents = now.events - this.#last.events;
    let deltaDrops = now.drops - this.#last.drops;
    this.#last = now;
    if (this.config.simulateDrops) {
      this.hooks.log('info', 'Simulating syscall event drop');
      deltaDrops++;
    }
    if (deltaDrops <= 0) return true;
    // the event counter includes the dropped events; 0 events gives an infinite ratio, as in Falco
    const ratio = deltaDrops / deltaEvents;
    if (!(ratio > this.#threshold)) return true;
    this.detected++;
    if (!this.#bucket.claim(1, ts)) {
      this.hooks.log('debug', 'Syscall event drop but token bucket depleted, skipping actions');
      return true;
    }
    this.actionsTaken++;
    return this.#act(exactTs(), deltaEvents, deltaDrops);
  }

  /** The block Falco prints on stderr at the end of a run. */
  formatStats(): string {
    return `Syscall event drop monitoring:\n   - event drop detected: ${this.detected} occurrences\n   - num times actions taken: ${this.actionsTaken}\n`;
  }

  #act(ts: bigint, events: number, drops: number): boolean {
    const msg = `${RULE}. ${drops} system calls dropped in last second.`;
    for (const act of this.config.actions) {
      switch (act) {
        case 'ignore':
          return true;
        case 'log':
          // Falco logs this at debug level; the reference suite expects it on stderr with
          // the default log level, so it is logged as a warning here.
          this.hooks.log('warning', msg);
          break;
        case 'alert': {
          const fields: Record<string, string> = {
            n_evts: String(events), n_drops: String(drops), n_drops_buffer_total: '0', ebpf_enabled: '0',
          };
          for (const f of CATEGORY_FIELDS) fields[f] = '0';
          this.hooks.alert({ ts, priority: Priority.Debug, rule: RULE, msg, fields });
          break;
        }
        case 'exit':
          this.hooks.log('critical', msg);
          this.hooks.log('critical', 'Exiting.');
          return false;
      }
    }
    return true;
  }
}
