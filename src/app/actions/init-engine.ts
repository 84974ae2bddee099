// Create what rule loading needs: the field registry (syscall fields with their extractors)
// and the event catalog.
import type { AppState } from '../app-state.js';
import { createDefaultRegistry } from '../../fields/index.js';
import { syscallBinders } from '../../fields/syscall/binders.js';
import { syscallEventCatalog } from '../../events/event-catalog.js';
import { ok, type RunResult } from '../run-result.js';

export function initEngine(s: AppState): RunResult {
  s.registry = createDefaultRegistry(syscallBinders);
  s.catalog = syscallEventCatalog;
  return ok();
}
