// Builds the engine the way Falco's start-up does: the priority threshold and matching
// strategy from the configuration, the loaded rules, then rule selection (-D, -T, -t and
// the `rules:` selectors).
import { parsePriority } from '../rules/priority.js';
import { parseRuleMatching, type EngineRule } from './engine-rule.js';
import { RuleEngine, type RuleSelectionOptions } from './rule-engine.js';

export class EngineConfigError extends Error {
  override readonly name = 'EngineConfigError';
}

export interface EngineConfigReader {
  get(path: string): unknown;
}

export interface EngineSettings {
  readonly minPriority: number;
  readonly ruleMatching: 'first' | 'all';
}

/** Reads `priority` and `rule_matching`, with Falco's defaults and messages. */
export function readEngineSettings(cfg: EngineConfigReader): EngineSettings {
  const prioText = String(cfg.get('priority') ?? 'debug');
  const minPriority = parsePriority(prioText);
  if (minPriority === undefined) {
    throw new EngineConfigError(`Unknown priority "${prioText}"--must be one of emergency, alert, critical, error, warning, notice, informational, debug`);
  }
  const rmText = String(cfg.get('rule_matching') ?? 'first');
  const ruleMatching = parseRuleMatching(rmText);
  if (ruleMatching === undefined) throw new EngineConfigError(`Unknown rule matching strategy "${rmText}"--must be one of first, all`);
  return { minPriority, ruleMatching };
}

/** A ready engine: settings applied, rules added, selection applied. */
export function buildEngine(rules: readonly EngineRule[], settings: EngineSettings, selection: RuleSelectionOptions = {}): RuleEngine {
  const engine = new RuleEngine({ minPriority: settings.minPriority, ruleMatching: settings.ruleMatching });
  engine.addRules(rules);
  engine.applySelection(selection);
  return engine;
}
