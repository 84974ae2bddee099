// The per-event loop of a replay, over one batch: event time for `-M` and the drop monitor,
// the state stage, then the rules. Kept apart from runReplay, a long async function, so
// that V8 optimizes this small loop on its own and early in a run (an on-stack compile of
// runReplay took a large share of a replay's first second), and keeps its numbers unboxed.
import type { EventBatch } from '../capture/event-batch.js';
import { PPME_GENERIC_X, SCAP_DF_STATE_ONLY, ScapEvent } from '../events/scap-event.js';
import type { EngineRule } from './engine-rule.js';
import type { EventDropMonitor } from './event-drop-monitor.js';
import { genericIndexCode } from './generic-index-codes.js';
import type { ReplayStateHook } from './replay-runner.js';
import type { RuleEngine } from './rule-engine.js';
import type { SourceRuleset } from './source-ruleset.js';

/** How a batch ended. */
export const enum BatchEnd {
  /** Every event of the batch was processed. */
  Done = 0,
  /** `-M`'s duration was reached, or an abort came while a rule matched. */
  Stop = 1,
  /** The drop monitor's `exit` action asked to stop. */
  MonitorStop = 2,
}

export interface BatchLoopParts {
  readonly engine: RuleEngine;
  readonly ruleset: SourceRuleset;
  /** `-M` in ns, 0 for no limit. */
  readonly durationNs: number;
  readonly signal: AbortSignal | undefined;
  /** Called for each matching rule; reads `batch`, `index`, `ctx` and `exactTs` for the event. */
  readonly onMatch: (rule: EngineRule) => void;
}

export class BatchLoop {
  /** Events that reached the loop, and those evaluated against the rules (not state-only). */
  seen = 0;
  evaluated = 0;
  /** Time of the first event (ns, as a double), -1 before it. */
  firstTs = -1;
  /** The event being processed: its batch, index and the state's context for it. */
  batch: EventBatch | undefined;
  index = 0;
  ctx: unknown;
  /** Exact time of the event being processed (for alerts). */
  readonly exactTs = (): bigint => this.batch!.ts(this.index);
  #quietUntil = -1;
  // evt.type of generic events (their index code), read through a view of their own
  readonly #genericView = ScapEvent.reusable();

  constructor(private readonly p: BatchLoopParts) {}

  /** Runs every event of `b` through the state and the rules, or up to the one that ends the run. */
  run(b: EventBatch, state: ReplayStateHook, monitor: EventDropMonitor): BatchEnd {
    const { engine, ruleset, durationNs, signal, onMatch } = this.p;
    const exactTs = this.exactTs;
    this.batch = b;
    const buf = b.buf, hdrOffs = b.hdrOff, types = b.type, dumpFlags = b.dumpFlags, n = b.length;
    // no rule for generic events at all: their syscall name need not be read
    const genericRules = ruleset.rulesFor(PPME_GENERIC_X).length + ruleset.rulesFor(PPME_GENERIC_X - 1).length > 0;
    if (this.firstTs < 0 && n > 0) this.firstTs = tsAt(buf, hdrOffs[0]!);
    const firstTs = this.firstTs;
    let quietUntil = this.#quietUntil;
    let end = BatchEnd.Done;
    for (let i = 0; i < n; i++) {
      this.index = i;
      this.seen++;
      const ts = tsAt(buf, hdrOffs[i]!);
      if (durationNs > 0 && ts - firstTs >= durationNs) { end = BatchEnd.Stop; break; }
      if (ts > quietUntil) {
        if (!monitor.onEvent(ts, exactTs)) { end = BatchEnd.MonitorStop; break; }
        quietUntil = this.#quietUntil = monitor.quietUntil;
      }
      const ctx = state.process(b, i);
      this.ctx = ctx;
      if ((dumpFlags[i]! & SCAP_DF_STATE_ONLY) !== 0) continue;
      this.evaluated++;
      let code = types[i]!;
      if (code <= PPME_GENERIC_X && genericRules) code = genericIndexCode(code, b.view(i, this.#genericView).name);
      if (engine.process(ruleset, code, ctx, onMatch) !== 0 && signal?.aborted) { end = BatchEnd.Stop; break; }
    }
    // nothing but the return after the loop: its on-stack optimized code would deoptimize
    // on code that had never run when it was compiled
    return end;
  }
}

/**
 * Time of the event whose header is at `off` (ns since the epoch, as a double). The low
 * word is read as a signed 32-bit integer with its top bit flipped and 2^31 added back
 * inside double arithmetic: read unsigned, it outgrew V8's small-integer guess once its
 * top byte passed 127, and the loop deoptimized in the middle of a run.
 */
function tsAt(buf: Buffer, off: number): number {
  const hi = (buf[off + 4]! | (buf[off + 5]! << 8) | (buf[off + 6]! << 16)) + buf[off + 7]! * 16777216;
  const lo = (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)) ^ -2147483648;
  return hi * 4294967296 + 2147483648 + lo;
}
