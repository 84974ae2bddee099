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

  constructor(readonly source: string, private readonly codeCount: number) {}

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
    return code < this.#byCode.length ? this.#byCode[code]! : this.#anyCode;
  }

  /** The first enabled rule whose condition holds for the event, or undefined. */
  first(code: number, ctx: unknown): IndexedRule | undefined {
    if (this.#dirty) this.#rebuild();
    const list = code < this.#byCode.length ? this.#byCode[code]! : this.#anyCode;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (this.#test(r, ctx)) return r;
    }
    return undefined;
  }

  /** Every enabled rule whose condition holds, written to `out`; returns how many. */
  all(code: number, ctx: unknown, out: IndexedRule[]): number {
    if (this.#dirty) this.#rebuild();
    const list = code < this.#byCode.length ? this.#byCode[code]! : this.#anyCode;
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

  #rebuild(): void {
    const lists: IndexedRule[][] = Array.from({ length: this.codeCount }, () => []);
    const any: IndexedRule[] = [];
    for (const r of this.rules) {
      if (!r.enabled) continue;
      if (r.codes === undefined) {
        any.push(r);
        for (const l of lists) l.push(r);
      } else {
        for (const c of r.codes) if (c < lists.length) lists[c]!.push(r);
      }
    }
    this.#byCode = lists.map((l) => (l.length === 0 ? EMPTY : l));
    this.#anyCode = any.length === 0 ? EMPTY : any;
    this.#dirty = false;
  }
}
