// -h/--help: print the flags and exit.
import type { AppState } from '../app-state.js';
import { usageText } from '../cli-options.js';
import { exit, ok, type RunResult } from '../run-result.js';

export function printHelp(s: AppState): RunResult {
  if (!s.options.help) return ok();
  s.out(usageText());
  return exit(0);
}
