// The loader's product: lists, macros and rules after every loaded file has been compiled,
// in the shapes the engine, alert formatting and `-L`/describe read.
import type { Expr } from '../filter/index.js';
import type { ResolvedField } from '../fields/field-registry.js';
import type { FieldSegment, OutputTemplate } from '../alerts/output-template.js';
import type { Priority } from './priority.js';
import type { ExceptionInfo, ListInfo, MacroInfo, RuleInfo } from './rule-infos.js';

export interface CompiledList {
  readonly name: string;
  /** Items with references to earlier lists replaced by their items. */
  readonly items: readonly string[];
  readonly used: boolean;
  readonly info: ListInfo;
}

export interface CompiledMacro {
  readonly name: string;
  /** The condition as written (with appends). */
  readonly condition: string;
  /** Parsed, before expansion (what describe/-L reads to name the macros and lists it uses). */
  readonly parsed: Expr;
  /** Parsed, with nested macros and lists expanded. */
  readonly ast: Expr;
  readonly used: boolean;
  readonly info: MacroInfo;
}

/** Event types a rule can match: `all` when the condition does not restrict evt.type usefully. */
export interface RuleEventTypes {
  readonly all: boolean;
  /** Event type names (the whole catalog when `all`); empty when the rule can never match. */
  readonly names: ReadonlySet<string>;
}

/** One `append_output` extra field: a field to extract, or a fixed value, under `key`. */
export type ExtraOutputFieldSegment = { readonly key: string; readonly segment: FieldSegment } | { readonly key: string; readonly value: string };

export interface CompiledRule {
  /** Position among compiled rules (definition order of each rule's first definition). */
  readonly id: number;
  readonly name: string;
  readonly desc: string;
  readonly source: string;
  /** The condition as written (with appends), before exceptions are added. */
  readonly condition: string;
  /** The condition that was compiled: with exceptions as `and not (...)`. */
  readonly compiledCondition: string;
  /** The compiled condition parsed, before expansion. */
  readonly parsed: Expr;
  /** Parsed condition with macros and lists expanded. */
  readonly ast: Expr;
  /** For the syscall source; undefined for other sources. */
  readonly eventTypes: RuleEventTypes | undefined;
  /** Evaluates the condition for one event context. */
  readonly match: (ctx: any) => boolean;
  /** Fields the condition reads. */
  readonly conditionFields: readonly ResolvedField[];
  /** The output as written (trimmed, with appends and extra formats). */
  readonly output: string;
  readonly outputTemplate: OutputTemplate;
  /** `append_output` extra_fields: in the JSON output_fields only, never in the text. */
  readonly extraOutputFields?: readonly ExtraOutputFieldSegment[];
  readonly priority: Priority;
  /** Sorted, as Falco keeps tags in an ordered set. */
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly exceptions: readonly ExceptionInfo[];
  /** Fields named by the exceptions. */
  readonly exceptionFields: readonly string[];
  readonly capture: boolean;
  readonly captureDuration: number;
  readonly info: RuleInfo;
}

export interface CompileOutput {
  readonly lists: readonly CompiledList[];
  readonly macros: readonly CompiledMacro[];
  readonly rules: readonly CompiledRule[];
}
