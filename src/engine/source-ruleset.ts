// The rules of one event source, indexed by event code: for each code, the array of
// enabled rules that can match it, in load order. A rule whose condition does not narrow
// evt.type sits in every code's array. Evaluating an event is one array read and a loop
// over that array; the index is rebuilt only when rules are enabled or disabled.
import type { EngineRule } from './engine-rule.js';

/** A rule as the ruleset holds it: its engine-wide id (for counters) and the codes it can match. */
export interface IndexedRule {
  readonly id: number;
  readonly rule: EngineRule;
  /** Event codes the rule is evaluated for; undefined when it is evaluated for every event. */
  readonly codes: readonly number[] | undefined;
  enabled: boolean;
}

const EMPTY: readonly IndexedRule[] = Object.freeze([]);

export class SourceRuleset {
  readonly rules: IndexedRule[] = [];
  /** Per event code: enabled rules in load order. Codes past the end use `#anyCode`. */
  #byCode: (readonly IndexedRule[])[] = [];
  /** Enabled rules that match every event type (used for codes outside the table). */
  #anyCode: readonly IndexedRule[] = EMPTY;
  #dirty = true;
  /** Exceptions thrown by rule conditions (counted, the rule is taken as not matching). */
  errors = 0;

  /**
   * Codes 0..codeCount-1 and virtualCount more from virtualBase (the engine's codes for
   * generic events, see generic-index-codes.ts) each have a list; any other code gets the
   * rules for every type.
   */
  constructor(readonly source: string, private readonly codeCount: number, private readonly virtualBase = 0, private readonly virtualCount = 0) {}

  /** Position of a code's list, -1 for codes without one. */
  #slot(code: number): number {
    if (code < this.codeCount) return code;
    const v = code - this.virtualBase;
    return v >= 0 && v < this.virtualCount ? this.codeCount + v : -1;
  }

  add(entry: IndexedRule): void {
    this.rules.push(entry);
    this.#dirty = true;
  }

  /** Marks the index stale after `enabled` flags changed. */
  invalidate(): void {
    this.#dirty = true;
  }

  get enabledCount(): number {
    let n = 0;
    for (const r of this.rules) if (r.enabled) n++;
    return n;
  }

  /** Enabled rules evaluated for `code`, in evaluation order. */
  rulesFor(code: number): readonly IndexedRule[] {
    if (this.#dirty) this.#rebuild();
    const k = this.#slot(code);
    return k >= 0 ? this.#byCode[k]! : this.#anyCode;
  }

  /** The first enabled rule whose condition holds for the event, or undefined. */
  first(code: number, ctx: unknown): IndexedRule | undefined {
    if (this.#dirty) this.#rebuild();
    const k = this.#slot(code);
    const list = k >= 0 ? this.#byCode[k]! : this.#anyCode;
    if (list.length === 0) return undefined;
    const scan = k >= 0 ? this.#firstOf[k]! : this.#anyFirst;
    let r = scan(ctx, 0);
    while (r <= -2) {
      // rule -2-r threw: counted, taken as not matching, the scan goes on after it
      this.errors++;
      r = scan(ctx, -1 - r);
    }
    return r < 0 ? undefined : list[r];
  }

  /** Every enabled rule whose condition holds, written to `out`; returns how many. */
  all(code: number, ctx: unknown, out: IndexedRule[]): number {
    if (this.#dirty) this.#rebuild();
    const k = this.#slot(code);
    const list = k >= 0 ? this.#byCode[k]! : this.#anyCode;
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (this.#test(r, ctx)) out[n++] = r;
    }
    return n;
  }

  #test(r: IndexedRule, ctx: unknown): boolean {
    try {
      return r.rule.match(ctx);
    } catch {
      // A failing extractor must not stop the stream; the count shows up in the summary.
      this.errors++;
      return false;
    }
  }

  /** Per event code: the compiled first-match scan of that code's list (see firstMatchScan). */
  #firstOf: FirstScan[] = [];
  #anyFirst: FirstScan = NO_SCAN;

  #rebuild(): void {
    const lists: IndexedRule[][] = Array.from({ length: this.codeCount + this.virtualCount }, () => []);
    const any: IndexedRule[] = [];
    for (const r of this.rules) {
      if (!r.enabled) continue;
      if (r.codes === undefined) {
        any.push(r);
        for (const l of lists) l.push(r);
      } else {
        for (const c of r.codes) { const k = this.#slot(c); if (k >= 0) lists[k]!.push(r); }
      }
    }
    this.#byCode = lists.map((l) => (l.length === 0 ? EMPTY : l));
    this.#anyCode = any.length === 0 ? EMPTY : any;
    const scans = new Map<string, FirstScan>();
    const scanOf = (l: readonly IndexedRule[]): FirstScan => {
      if (l.length === 0) return NO_SCAN;
      const key = l.map((r) => r.id).join(',');
      let f = scans.get(key);
      if (f === undefined) scans.set(key, (f = firstMatchScan(l)));
      return f;
    };
    this.#firstOf = this.#byCode.map(scanOf);
    this.#anyFirst = scanOf(this.#anyCode);
    this.#dirty = false;
  }
}

/**
 * Scans a rule list from position `from`: returns the position of the first rule whose
 * condition holds, -1 when none does, or -2-i when the condition of rule i threw.
 */
type FirstScan = (ctx: unknown, from: number) => number;

const NO_SCAN: FirstScan = () => -1;

/**
 * The scan of one list as generated code: one call site per rule instead of a loop whose
 * single call site sees every rule's condition (megamorphic, never inlined), and one try
 * block for the whole list instead of one per rule.
 */
function firstMatchScan(list: readonly IndexedRule[]): FirstScan {
  const cases: string[] = [];
  for (let i = 0; i < list.length; i++) cases.push(`case ${i}: k = ${i}; if (r${i}.match(ctx)) return ${i};`);
  const names = list.map((_, i) => `r${i}`);
  const body = `return function scan(ctx, from) {\n  let k = from;\n  try {\n    switch (from) {\n      ${cases.join('\n      ')}\n    }\n    return -1;\n  } catch {\n    return -2 - k;\n  }\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, body)(...list.map((r) => r.rule)) as FirstScan;
}
