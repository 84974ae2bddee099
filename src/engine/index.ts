// Public API of the engine stage (see docs/architecture.md): the indexed rule engine, its
// set-up from configuration, the drop monitor, and the runner the process-events action calls.
export { RuleEngine, SYSCALL_SOURCE, type RuleEngineOptions, type RuleSelectionOptions } from './rule-engine.js';
export { SourceRuleset, type IndexedRule } from './source-ruleset.js';
export { RuleStats } from './rule-stats.js';
export { parseRuleMatching, type EngineRule, type RuleMatching } from './engine-rule.js';
export { matchesSubstring, matchesWildcard, hasAnyTag } from './rule-selector.js';
export { buildEngine, readEngineSettings, EngineConfigError, type EngineSettings } from './engine-setup.js';
export { EventDropMonitor, readDropConfig, DropConfigError, type DropConfig, type DropAction, type CaptureCounters } from './event-drop-monitor.js';
export { TokenBucket } from './token-bucket.js';
export {
  runReplay, type ReplayOptions, type ReplayResult, type ReplaySummary, type ReplayLogger, type ReplayStateHook,
  type ReplayControls, type HeaderedSource,
} from './replay-runner.js';
export { syscallStateHook } from './syscall-state-hook.js';
