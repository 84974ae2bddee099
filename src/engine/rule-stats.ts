// Per-rule and per-priority match counters, and the end-of-run summary Falco prints on
// stdout ("Events detected: N", counts by severity, counts by rule name).
import { PRIORITY_NAMES, Priority, priorityName } from '../rules/priority.js';

export class RuleStats {
  total = 0;
  /** Matches per engine rule id. */
  byRule = new Float64Array(16);
  readonly byPriority = new Float64Array(PRIORITY_NAMES.length);
  readonly #names: string[] = [];

  /** Registers a rule id (ids are dense, in load order). */
  onRuleLoaded(id: number, name: string): void {
    if (id >= this.byRule.length) {
      const grown = new Float64Array(Math.max(id + 1, this.byRule.length * 2));
      grown.set(this.byRule);
      this.byRule = grown;
    }
    this.#names[id] = name;
  }

  onMatch(id: number, priority: Priority): void {
    this.total++;
    this.byRule[id]!++;
    this.byPriority[priority]!++;
  }

  /** Matches of one rule by name (0 when unknown). */
  count(name: string): number {
    let n = 0;
    this.#names.forEach((nm, id) => { if (nm === name) n += this.byRule[id]!; });
    return n;
  }

  /** Falco's summary block: severities with a non-zero count, rules with a non-zero count in load order. */
  format(): string {
    let out = `Events detected: ${this.total}\nRule counts by severity:\n`;
    for (let p = 0; p < this.byPriority.length; p++) {
      const n = this.byPriority[p]!;
      if (n > 0) out += `   ${priorityName(p as Priority, true).toUpperCase()}: ${n}\n`;
    }
    out += 'Triggered rules by rule name:\n';
    for (let id = 0; id < this.#names.length; id++) {
      const n = this.byRule[id]!;
      if (n > 0) out += `   ${this.#names[id]}: ${n}\n`;
    }
    return out;
  }

  clear(): void {
    this.total = 0;
    this.byRule.fill(0);
    this.byPriority.fill(0);
  }
}
