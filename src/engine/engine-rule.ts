// What the engine needs from a loaded rule: the subset of the loader's CompiledRule that
// evaluation, selection and alerting read. Tests build these by hand.
import type { CompiledRule } from '../rules/compiled-rules.js';

export type EngineRule = Pick<CompiledRule,
  'name' | 'source' | 'priority' | 'tags' | 'enabled' | 'eventTypes' | 'match' | 'outputTemplate'>
  /** The expanded condition, when known: lets the engine drop event codes it can never match. */
  & Partial<Pick<CompiledRule, 'ast' | 'extraOutputFields'>>;

/** How many matching rules one event may raise: Falco's `rule_matching` setting. */
export type RuleMatching = 'first' | 'all';

export function parseRuleMatching(text: string): RuleMatching | undefined {
  return text === 'first' || text === 'all' ? text : undefined;
}
