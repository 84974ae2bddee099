// The engine: one indexed ruleset per event source, the priority threshold applied at
// load, enable/disable by name and tag with Falco's semantics, first/all matching and
// per-rule counters. The hot path is `process()`: one array read for the event's code,
// a loop over the candidate rules, no allocation.
import type { Priority } from '../rules/priority.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { EVENT_INFO } from '../events/event-info.js';
import type { EngineRule, RuleMatching } from './engine-rule.js';
import { hasAnyTag, matchesSubstring, matchesWildcard } from './rule-selector.js';
import { RuleStats } from './rule-stats.js';
import { canMatchCode } from './event-code-pruner.js';
import { GENERIC_INDEX_BASE, GENERIC_INDEX_COUNT, genericIndexCodeOf } from './generic-index-codes.js';
import { PPME_GENERIC_E, PPME_GENERIC_X } from '../events/scap-event.js';
import { SourceRuleset, type IndexedRule } from './source-ruleset.js';

export const SYSCALL_SOURCE = 'syscall';
/** Asynchronous meta events reach every syscall rule, as in Falco's index. */
const PPME_ASYNCEVENT_E = EVENT_INFO.find((e) => e.id === 'ASYNCEVENT_E')?.code;

export interface RuleEngineOptions {
  /** Rules less severe than this are not loaded (Falco's `priority`). Default: Debug (all). */
  readonly minPriority?: Priority;
  readonly ruleMatching?: RuleMatching;
  /** Event codes of an event-type name, for the syscall source. Default: the shared catalog. */
  readonly codesOf?: (name: string) => readonly number[];
}

/** Falco's rule selection from the command line and `rules:` in falco.yaml. */
export interface RuleSelectionOptions {
  /** `-D`: disable rules whose name contains one of these. */
  readonly disabledSubstrings?: readonly string[];
  /** `-T`: disable rules carrying one of these tags. */
  readonly disabledTags?: readonly string[];
  /** `-t`: only rules carrying one of these tags stay enabled. */
  readonly enabledTags?: readonly string[];
  /** falco.yaml `rules:` selectors, in order; `rule` takes `*` wildcards. */
  readonly selections?: readonly { readonly op: 'enable' | 'disable'; readonly rule?: string; readonly tag?: string }[];
}

export class RuleEngine {
  readonly stats = new RuleStats();
  readonly ruleMatching: RuleMatching;
  readonly minPriority: number;
  readonly #sources = new Map<string, SourceRuleset>();
  readonly #all: IndexedRule[] = [];
  readonly #codesOf: (name: string) => readonly number[];
  /** Scratch for `all` matching, reused across events. */
  readonly #scratch: IndexedRule[] = [];

  constructor(options: RuleEngineOptions = {}) {
    this.minPriority = options.minPriority ?? 7;
    this.ruleMatching = options.ruleMatching ?? 'first';
    this.#codesOf = options.codesOf ?? ((n) => syscallEventCatalog.indexCodes(n));
  }

  /**
   * Adds loaded rules in order. Rules below the priority threshold are skipped, as Falco's
   * compiler does; the rest keep their own `enabled` flag. Returns how many were added.
   */
  addRules(rules: readonly EngineRule[]): number {
    let added = 0;
    for (const rule of rules) {
      if (rule.priority > this.minPriority) continue;
      const entry: IndexedRule = { id: this.#all.length, rule, codes: this.#codesFor(rule), enabled: rule.enabled };
      this.#all.push(entry);
      this.ruleset(rule.source).add(entry);
      this.stats.onRuleLoaded(entry.id, rule.name);
      added++;
    }
    return added;
  }

  /** The ruleset of a source (created empty on first use). */
  ruleset(source: string): SourceRuleset {
    let rs = this.#sources.get(source);
    if (!rs) this.#sources.set(source, (rs = new SourceRuleset(source, EVENT_INFO.length, GENERIC_INDEX_BASE, GENERIC_INDEX_COUNT)));
    return rs;
  }

  sources(): string[] {
    return [...this.#sources.keys()];
  }

  /** Every loaded rule, in load order. */
  rules(): readonly IndexedRule[] {
    return this.#all;
  }

  enabledCount(source?: string): number {
    let n = 0;
    for (const r of this.#all) if (r.enabled && (source === undefined || r.rule.source === source)) n++;
    return n;
  }

  /** Falco's `enable_rule`: every rule whose name contains `substring` ('' = all). */
  enableBySubstring(substring: string, enabled: boolean): number {
    return this.#set((r) => matchesSubstring(substring, r.rule.name), enabled);
  }

  enableByName(name: string, enabled: boolean): number {
    return this.#set((r) => r.rule.name === name, enabled);
  }

  enableByWildcard(pattern: string, enabled: boolean): number {
    return this.#set((r) => matchesWildcard(pattern, r.rule.name), enabled);
  }

  /** Every rule carrying at least one of `tags`. */
  enableByTags(tags: Iterable<string>, enabled: boolean): number {
    const set = new Set(tags);
    return this.#set((r) => hasAnyTag(r.rule.tags, set), enabled);
  }

  /**
   * Applies command-line and configuration selection in Falco's order: `-D`, `-T`, then
   * `-t` (disable everything, enable the tagged rules), then the `rules:` selectors.
   * The CLI rejects `-t` mixed with `-D`/`-T` before this is called.
   */
  applySelection(sel: RuleSelectionOptions): void {
    for (const s of sel.disabledSubstrings ?? []) this.enableBySubstring(s, false);
    if (sel.disabledTags?.length) this.enableByTags(sel.disabledTags, false);
    if (sel.enabledTags?.length) {
      this.enableBySubstring('', false);
      this.enableByTags(sel.enabledTags, true);
    }
    for (const s of sel.selections ?? []) {
      const on = s.op === 'enable';
      if (s.rule !== undefined && s.rule !== '') this.enableByWildcard(s.rule, on);
      if (s.tag !== undefined && s.tag !== '') this.enableByTags([s.tag], on);
    }
  }

  /**
   * Evaluates an event of `source` with code `code` (for a generic syscall event, its
   * `genericIndexCode`, so only the rules naming its syscall are tried; its plain code
   * still works, trying every rule that names a syscall). Calls `onMatch` for the first
   * matching rule, or for each one when matching is `all`; returns how many matched.
   */
  process(rs: SourceRuleset, code: number, ctx: unknown, onMatch: (rule: EngineRule) => void): number {
    if (this.ruleMatching === 'first') {
      const r = rs.first(code, ctx);
      if (r === undefined) return 0;
      this.stats.onMatch(r.id, r.rule.priority);
      onMatch(r.rule);
      return 1;
    }
    const out = this.#scratch;
    const n = rs.all(code, ctx, out);
    for (let i = 0; i < n; i++) {
      const r = out[i]!;
      this.stats.onMatch(r.id, r.rule.priority);
      onMatch(r.rule);
    }
    return n;
  }

  #set(pred: (r: IndexedRule) => boolean, enabled: boolean): number {
    let n = 0;
    for (const r of this.#all) {
      if (!pred(r)) continue;
      n++;
      if (r.enabled === enabled) continue;
      r.enabled = enabled;
      this.ruleset(r.rule.source).invalidate();
    }
    return n;
  }

  #codesFor(rule: EngineRule): readonly number[] | undefined {
    if (rule.source !== SYSCALL_SOURCE || rule.eventTypes === undefined || rule.eventTypes.all) return undefined;
    const codes = new Set<number>();
    for (const name of rule.eventTypes.names) {
      let generic = false;
      for (const c of this.#codesOf(name)) { codes.add(c); if (c === PPME_GENERIC_E || c === PPME_GENERIC_X) generic = true; }
      // a generic event of this syscall is looked up under the syscall's virtual codes
      const v = generic ? genericIndexCodeOf(name) : undefined;
      if (v !== undefined) { codes.add(v); codes.add(v + 1); }
    }
    if (PPME_ASYNCEVENT_E !== undefined) codes.add(PPME_ASYNCEVENT_E);
    const sorted = [...codes].sort((a, b) => a - b);
    // evt.type/evt.dir are constant per code: drop the codes the condition rules out
    const ast = rule.ast;
    return ast === undefined ? sorted : sorted.filter((c) => canMatchCode(ast, c));
  }
}
