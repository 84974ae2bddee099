// Reject flag combinations that cannot work together, before anything is loaded.
import type { AppState } from '../app-state.js';
import { fatal, ok, type RunResult } from '../run-result.js';

export function checkOptions(s: AppState): RunResult {
  const o = s.options;
  if ((o.disabledRuleSubstrings.length > 0 || o.disabledTags.length > 0) && o.enabledTags.length > 0) {
    return fatal('You can not specify both disabled (-D/-T) and enabled (-t) rules');
  }
  if (o.enableSources.length > 0 && o.disableSources.length > 0) {
    return fatal('You can not mix --enable-source and --disable-source');
  }
  if (o.markdown && o.format !== undefined) return fatal('Cannot specify both --markdown and --format options together');
  return ok();
}
