// Create what rule loading needs: the field registry (syscall fields, with extractors when
// the replay stage provides them) and the event catalog.
import type { AppState } from '../app-state.js';
import { createDefaultRegistry } from '../../fields/index.js';
import { syscallEventCatalog } from '../../events/event-catalog.js';
import { ok, type RunResult } from '../run-result.js';

export async function initEngine(s: AppState): Promise<RunResult> {
  let binders;
  try {
    // Extractors live beside the declarations; absent in builds that only validate.
    ({ syscallBinders: binders } = await import('../../fields/syscall/binders.js'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
  }
  s.registry = createDefaultRegistry(binders);
  s.catalog = syscallEventCatalog;
  return ok();
}
