// Pass: the load warnings Falco's rule loader derives from a condition's AST
// (filter_warning_resolver): comparing k8s-audit/json fields with "<NA>" (LOAD_UNSAFE_NA_CHECK)
// and using fields deprecated since enter events were dropped (LOAD_DEPRECATED_ITEM).
import type * as A from './ast.js';

export type ConditionWarningCode = 'LOAD_UNSAFE_NA_CHECK' | 'LOAD_DEPRECATED_ITEM';

export interface ConditionWarning {
  readonly code: ConditionWarningCode;
  /** For LOAD_DEPRECATED_ITEM: the deprecated field's name. */
  readonly field?: string;
  readonly pos: A.Pos;
}

/** Fields Falco flags as deprecated, with the explanation its loader attaches. */
export const DEPRECATED_FIELDS: ReadonlyMap<string, string> = new Map([
  ['evt.dir', "enter events are no longer delivered by live capture, so 'evt.dir = <' is always true there and 'evt.dir = >' always false; drop the 'evt.dir' check from the condition"],
  ...['evt.latency', 'evt.latency.s', 'evt.latency.ns', 'evt.latency.human', 'evt.wait_latency'].map(
    (f): [string, string] => [f, 'this field has no value now that enter events are no longer delivered.']),
]);

const NO_VALUE = '<NA>';
const EQUALITY_OPS = new Set(['=', '==', '!=', 'in', 'intersects', 'pmatch']);
const isUnsafeField = (name: string) => name.startsWith('ka.') || name.startsWith('jevt.');

/**
 * Returns at most one LOAD_UNSAFE_NA_CHECK and one LOAD_DEPRECATED_ITEM per deprecated
 * field, as Falco reports each warning code once per condition.
 */
export function collectConditionWarnings(ast: A.Expr): ConditionWarning[] {
  const out: ConditionWarning[] = [];
  let naReported = false;
  const deprecated = new Set<string>();

  // returns the name of the last field met while walking a check's left side
  const visitLeft = (e: A.Expr): string | undefined => {
    if (e.kind === 'field') {
      if (DEPRECATED_FIELDS.has(e.name) && !deprecated.has(e.name)) {
        deprecated.add(e.name);
        out.push({ code: 'LOAD_DEPRECATED_ITEM', field: e.name, pos: e.pos });
      }
      return e.name;
    }
    let last: string | undefined;
    if (e.kind === 'transformer') for (const a of e.args) last = visitLeft(a) ?? last;
    if (e.kind === 'transformerList') for (const a of e.items) last = visitLeft(a) ?? last;
    return last;
  };

  const walk = (e: A.Expr): void => {
    switch (e.kind) {
      case 'and':
      case 'or':
        e.children.forEach(walk);
        return;
      case 'not':
        walk(e.child);
        return;
      case 'unary':
        visitLeft(e.left);
        return;
      case 'binary': {
        const last = visitLeft(e.left);
        if (naReported || last === undefined || !isUnsafeField(last) || !EQUALITY_OPS.has(e.op) || e.modifier) return;
        const r = e.right;
        const hit = (r.kind === 'value' && r.value === NO_VALUE) || (r.kind === 'list' && r.items.some((i) => i.value === NO_VALUE));
        if (hit) {
          naReported = true;
          out.push({ code: 'LOAD_UNSAFE_NA_CHECK', pos: e.pos });
        }
        return;
      }
      default:
        return;
    }
  };
  walk(ast);
  return out;
}
