// Pass: the set of event types for which a condition can be true, as libsinsp's
// event-code search computes it. `and` intersects, `or` unites, negation is pushed down
// to the leaves (De Morgan) and only inverts leaves that constrain `evt.type`.
// Unknown event type names raise Falco's `unknown event type X` compile error.
import type * as A from './ast.js';
import type { EventTypeCatalog } from './event-type-catalog.js';
import { FilterCompileError, UNKNOWN_EVENT_TYPE } from './filter-errors.js';

export interface EventTypeSet {
  /** True when every event type of the catalog may match (no useful restriction). */
  readonly all: boolean;
  /** The matching names (the whole catalog when `all`). Empty means the condition can never match. */
  readonly names: ReadonlySet<string>;
}

const EVTTYPE_FIELDS = new Set(['evt.type', 'syscall.type']);
const EVTTYPE_OPS = new Set(['=', '==', '!=', 'in']);

export function inferEventTypes(ast: A.Expr, catalog: EventTypeCatalog): EventTypeSet {
  checkEventTypeNames(ast, catalog);
  const universe = new Set(catalog.names());
  const names = new Inference(universe).visit(ast, false);
  return { all: names.size === universe.size, names };
}

const isEvtTypeField = (e: A.Expr): e is A.FieldNode =>
  e.kind === 'field' && EVTTYPE_FIELDS.has(e.name) && e.arg === undefined;

/** Falco rejects unknown names in any `evt.type` comparison when compiling the condition. */
function checkEventTypeNames(e: A.Expr, catalog: EventTypeCatalog): void {
  switch (e.kind) {
    case 'and':
    case 'or':
      for (const c of e.children) checkEventTypeNames(c, catalog);
      return;
    case 'not':
      checkEventTypeNames(e.child, catalog);
      return;
    case 'binary': {
      if (!isEvtTypeField(e.left)) return;
      const values = e.right.kind === 'value' ? [e.right] : e.right.kind === 'list' ? e.right.items : [];
      for (const v of values) {
        if (!catalog.has(v.value)) throw new FilterCompileError(`unknown event type ${v.value}`, v.pos, UNKNOWN_EVENT_TYPE);
      }
      return;
    }
    default:
      return;
  }
}

const intersect = (a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> => {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
};

class Inference {
  constructor(private readonly universe: ReadonlySet<string>) {}

  private complement(s: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    for (const x of this.universe) if (!s.has(x)) out.add(x);
    return out;
  }

  visit(e: A.Expr, negated: boolean): Set<string> {
    switch (e.kind) {
      case 'and':
      case 'or': {
        // under negation, De Morgan turns and into or and vice versa
        const conj = (e.kind === 'and') !== negated;
        let acc: Set<string> = conj ? new Set(this.universe) : new Set();
        for (const c of e.children) {
          const s = this.visit(c, negated);
          acc = conj ? intersect(acc, s) : new Set([...acc, ...s]);
        }
        return acc;
      }
      case 'not':
        return this.visit(e.child, !negated);
      case 'binary':
        return this.check(e, negated);
      default:
        // unary checks (even `evt.type exists`), leftover identifiers: neutral
        return new Set(this.universe);
    }
  }

  private check(e: A.BinaryCheckNode, negated: boolean): Set<string> {
    const inv = evtNumInvariant(e);
    if (inv !== undefined) {
      const s = inv ? new Set(this.universe) : new Set<string>();
      return negated ? this.complement(s) : s;
    }
    if (!EVTTYPE_OPS.has(e.op) || e.modifier || !isEvtTypeField(e.left)) {
      if (e.left.kind === 'transformer' && containsEvtTypeField(e.left)) {
        throw new FilterCompileError('event code search does not support `evt.type` checks with transformers', e.pos);
      }
      return new Set(this.universe);
    }
    const r = e.right;
    if (r.kind !== 'value' && r.kind !== 'list') {
      throw new FilterCompileError(
        'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search', e.pos);
    }
    const values = r.kind === 'value' ? [r.value] : r.items.map((i) => i.value);
    let s = new Set(values.filter((v) => this.universe.has(v)));
    // `!=` and negation each invert; both together cancel out
    if ((e.op === '!=') !== negated) s = this.complement(s);
    return s;
  }
}

function containsEvtTypeField(e: A.Expr): boolean {
  if (isEvtTypeField(e)) return true;
  if (e.kind === 'transformer') return e.args.some(containsEvtTypeField);
  if (e.kind === 'transformerList') return e.items.some(containsEvtTypeField);
  return false;
}

/**
 * `evt.num` starts at 1 for every event, so some checks on it are known true or false
 * (`evt.num = 0` never matches: the "never_true" idiom). Returns undefined when undecided.
 */
function evtNumInvariant(e: A.BinaryCheckNode): boolean | undefined {
  if (e.left.kind !== 'field' || e.left.name !== 'evt.num' || e.left.arg !== undefined || e.modifier) return undefined;
  const parse = (s: string): bigint | undefined => (/^\s*\d+$/.test(s) ? BigInt(s.trim()) : undefined);
  if (e.op === 'in') {
    if (e.right.kind !== 'list') return undefined;
    return e.right.items.every((i) => parse(i.value) === 0n) ? false : undefined;
  }
  if (e.right.kind !== 'value') return undefined;
  const n = parse(e.right.value);
  if (n === undefined) return undefined;
  switch (e.op) {
    case '=': case '==': return n === 0n ? false : undefined;
    case '!=': return n === 0n ? true : undefined;
    case '<': return n <= 1n ? false : undefined;
    case '<=': return n === 0n ? false : undefined;
    case '>': return n === 0n ? true : undefined;
    case '>=': return n <= 1n ? true : undefined;
    default: return undefined;
  }
}
