// Public API of the rules loader (see docs/architecture.md, "Rules <-> app/engine").
export { RulesLoader, type RulesLoaderOptions } from './rules-loader.js';
export type { LoadResult } from './load-result.js';
export { loadResultToJson, loadResultToText, diagnosticToJson } from './load-result.js';
export type { Diagnostic } from './diagnostic.js';
export type { Location, LocationPosition, ItemType } from './load-context.js';
export { ERROR_TEXT, WARNING_TEXT, codeDesc, type ErrorCode, type WarningCode, type LoadCode } from './load-codes.js';
export type { CompiledRule, CompiledMacro, CompiledList, RuleEventTypes, CompileOutput } from './compiled-rules.js';
export type { ExceptionInfo, ExceptionEntry, RuleInfo, MacroInfo, ListInfo, PluginRequirement, EngineVersionInfo } from './rule-infos.js';
export type { ExtraOutputField, ExtraOutputFormat } from './rules-compiler.js';
export type { LoadedPlugin } from './plugin-requirements.js';
export { Priority, PRIORITY_NAMES, parsePriority, priorityName } from './priority.js';
export { ENGINE_VERSION, parseSemver } from './engine-version.js';
