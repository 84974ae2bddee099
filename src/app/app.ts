// Start-up as an ordered list of small actions, then teardown steps that always run
// (as Falco's app.cpp does). The first action that does not return `ok` ends the run.
import type { AppState } from './app-state.js';
import type { RunResult } from './run-result.js';

export type Action = (s: AppState) => RunResult | Promise<RunResult>;
export type Teardown = (s: AppState) => void | Promise<void>;

export interface RunOutcome { code: number; error?: string }

export async function runActions(s: AppState, actions: readonly Action[], teardown: readonly Teardown[]): Promise<RunOutcome> {
  let outcome: RunOutcome = { code: 0 };
  try {
    for (const action of actions) {
      const r = await action(s);
      if (r.kind === 'ok') continue;
      outcome = r.kind === 'exit' ? { code: r.code } : { code: r.code ?? 1, error: r.message };
      break;
    }
  } catch (e) {
    outcome = { code: 1, error: `Runtime error: ${(e as Error).message}. Exiting.` };
    if (process.env.TERCEL_DEBUG) console.error(e);
  } finally {
    for (const t of teardown) {
      try {
        await t(s);
      } catch (e) {
        s.logger.error(`teardown failed: ${(e as Error).message}`);
      }
    }
  }
  return outcome;
}
