// Small helpers the syscall extractor files share: the binder map type, binders for fields
// without arguments, and per-event caching (an extractor remembers the value it computed
// for the current event, keyed by EvalContext.seq, so a field used twice costs one lookup).
import type { Extractor, FieldArg, FieldValue } from '../field.js';
import type { EvalContext } from '../../state/eval-context.js';

export type Bind = (arg: FieldArg | undefined) => Extractor<EvalContext>;
export type BinderMap = Map<string, Bind>;

/** Registers extractors of fields that take no argument. */
export function plain(map: BinderMap, fields: Record<string, Extractor<EvalContext>>): void {
  for (const [name, fn] of Object.entries(fields)) map.set(name, () => fn);
}

/** Wraps an extractor so it computes once per event. */
export function cached(fn: Extractor<EvalContext>): Extractor<EvalContext> {
  let seq = -1;
  let val: FieldValue | undefined;
  return (ctx) => {
    if (ctx.seq !== seq) { val = fn(ctx); seq = ctx.seq; }
    return val;
  };
}
