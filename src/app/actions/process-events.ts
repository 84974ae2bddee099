// Process events: replay a trace (-e, or engine.kind=replay) or capture live; with
// --dry-run, stop here after configuration and rules have loaded.
import type { AppState } from '../app-state.js';
import { exit, fatal, type RunResult } from '../run-result.js';

export async function processEvents(s: AppState): Promise<RunResult> {
  if (s.options.dryRun) {
    s.logger.info('Skipping event processing in dry-run');
    return exit(0);
  }
  return fatal('event processing is not available in this build yet');
}
