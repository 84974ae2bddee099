// Pass: the set of event types for which a condition can be true, as libsinsp's
// event-code search computes it. `and` intersects, `or` unites, negation is pushed down
// to the leaves (De Morgan) and only inverts leaves that constrain `evt.type`.
// Unknown event type names raise Falco's `unknown event type X` compile error.
//
// Sets are bitsets over the catalog's names, and results are remembered per (frozen) AST
// node: expanded macros are shared subtrees, so each one is inferred once per catalog
// however many rules use it.
import type * as A from './ast.js';
import type { EventTypeCatalog } from './event-type-catalog.js';
import { FilterCompileError, UNKNOWN_EVENT_TYPE } from './filter-errors.js';

export interface EventTypeSet {
  /** True when every event type of the catalog may match (no useful restriction). */
  readonly all: boolean;
  /** The matching names (the whole catalog when `all`), in catalog order. Empty means the condition can never match. */
  readonly names: ReadonlySet<string>;
}

const EVTTYPE_FIELDS = new Set(['evt.type', 'syscall.type']);
const EVTTYPE_OPS = new Set(['=', '==', '!=', 'in']);

export function inferEventTypes(ast: A.Expr, catalog: EventTypeCatalog): EventTypeSet {
  const u = universeOf(catalog);
  const known = u.result.get(ast);
  if (known) return known;
  checkEventTypeNames(ast, catalog, u.namesChecked);
  const bits = new Inference(u).visit(ast, false);
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += popcount(bits[i]!);
  const names = new Set<string>();
  if (count > 0) for (let i = 0; i < u.names.length; i++) if (bits[i >>> 5]! & (1 << (i & 31))) names.add(u.names[i]!);
  const out: EventTypeSet = Object.freeze({ all: count === u.names.length, names });
  u.result.set(ast, out);
  return out;
}

type Bits = Uint32Array;

/** What inference knows about one catalog: its names by bit index, and per-node memos. */
interface Universe {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly full: Bits;
  readonly empty: Bits;
  /** visit() results by node: [plain, negated]. Bitsets here are never written again. */
  readonly memo: WeakMap<A.Expr, [Bits | undefined, Bits | undefined]>;
  /** Subtrees whose evt.type names are all known. */
  readonly namesChecked: WeakSet<A.Expr>;
  readonly result: WeakMap<A.Expr, EventTypeSet>;
}

const universes = new WeakMap<EventTypeCatalog, Universe>();

function universeOf(catalog: EventTypeCatalog): Universe {
  const names = catalog.names();
  const cached = universes.get(catalog);
  // a catalog whose name list changed gets fresh memos
  if (cached && cached.names === names) return cached;
  const words = (names.length + 31) >>> 5;
  const full = new Uint32Array(words);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    index.set(n, i);
    full[i >>> 5]! |= 1 << (i & 31);
  });
  const u: Universe = {
    names, index, full, empty: new Uint32Array(words),
    memo: new WeakMap(), namesChecked: new WeakSet(), result: new WeakMap(),
  };
  universes.set(catalog, u);
  return u;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const isEvtTypeField = (e: A.Expr): e is A.FieldNode =>
  e.kind === 'field' && EVTTYPE_FIELDS.has(e.name) && e.arg === undefined;

/** Falco rejects unknown names in any `evt.type` comparison when compiling the condition. */
function checkEventTypeNames(e: A.Expr, catalog: EventTypeCatalog, checked: WeakSet<A.Expr>): void {
  switch (e.kind) {
    case 'and':
    case 'or':
      if (checked.has(e)) return;
      for (const c of e.children) checkEventTypeNames(c, catalog, checked);
      checked.add(e);
      return;
    case 'not':
      if (checked.has(e)) return;
      checkEventTypeNames(e.child, catalog, checked);
      checked.add(e);
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

class Inference {
  constructor(private readonly u: Universe) {}

  private complement(s: Bits): Bits {
    const out = new Uint32Array(s.length);
    const full = this.u.full;
    for (let i = 0; i < s.length; i++) out[i] = full[i]! & ~s[i]!;
    return out;
  }

  /** The result for `e`; callers must not modify it (it may be shared through the memo). */
  visit(e: A.Expr, negated: boolean): Bits {
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'not':
      case 'binary': {
        let slot = this.u.memo.get(e);
        const known = slot?.[negated ? 1 : 0];
        if (known) return known;
        const out = this.compute(e, negated);
        if (!slot) this.u.memo.set(e, (slot = [undefined, undefined]));
        slot[negated ? 1 : 0] = out;
        return out;
      }
      default:
        // unary checks (even `evt.type exists`), leftover identifiers: neutral
        return this.u.full;
    }
  }

  private compute(e: A.AndNode | A.OrNode | A.NotNode | A.BinaryCheckNode, negated: boolean): Bits {
    switch (e.kind) {
      case 'and':
      case 'or': {
        // under negation, De Morgan turns and into or and vice versa
        const conj = (e.kind === 'and') !== negated;
        const acc = (conj ? this.u.full : this.u.empty).slice();
        for (const c of e.children) {
          const s = this.visit(c, negated);
          if (conj) for (let i = 0; i < acc.length; i++) acc[i]! &= s[i]!;
          else for (let i = 0; i < acc.length; i++) acc[i]! |= s[i]!;
        }
        return acc;
      }
      case 'not':
        return this.visit(e.child, !negated);
      case 'binary':
        return this.check(e, negated);
    }
  }

  private check(e: A.BinaryCheckNode, negated: boolean): Bits {
    const inv = evtNumInvariant(e);
    if (inv !== undefined) return inv !== negated ? this.u.full : this.u.empty;
    if (!EVTTYPE_OPS.has(e.op) || e.modifier || !isEvtTypeField(e.left)) {
      if (e.left.kind === 'transformer' && containsEvtTypeField(e.left)) {
        throw new FilterCompileError('event code search does not support `evt.type` checks with transformers', e.pos);
      }
      return this.u.full;
    }
    const r = e.right;
    if (r.kind !== 'value' && r.kind !== 'list') {
      throw new FilterCompileError(
        'right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search', e.pos);
    }
    const s = new Uint32Array(this.u.full.length);
    const add = (v: string): void => {
      const i = this.u.index.get(v);
      if (i !== undefined) s[i >>> 5]! |= 1 << (i & 31);
    };
    if (r.kind === 'value') add(r.value);
    else for (const item of r.items) add(item.value);
    // `!=` and negation each invert; both together cancel out
    return (e.op === '!=') !== negated ? this.complement(s) : s;
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
