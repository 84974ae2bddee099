// -L / -l <rule>: describe rules (and, for -L in JSON, macros and lists) in the shape of
// Falco's describe output, or as its two-column text table.
import type { CompiledMacro, CompiledRule, RulesLoader } from '../rules/index.js';
import { priorityName } from '../rules/index.js';
import { formatCondition } from '../filter/index.js';

function ruleJson(r: CompiledRule) {
  return {
    info: {
      name: r.name, condition: r.condition, priority: priorityName(r.priority), output: r.output,
      description: r.desc, enabled: r.enabled, source: r.source, capture: r.capture,
      capture_duration: r.captureDuration, tags: [...r.tags],
    },
    details: {
      condition_fields: [...new Set(r.conditionFields.map((f) => f.text))].sort(),
      output_fields: [...r.outputTemplate.fieldTexts],
      exception_fields: [...r.exceptionFields].sort(),
      exception_names: r.exceptions.map((e) => e.name).sort(),
      events: r.eventTypes ? [...r.eventTypes.names].sort() : [],
      condition_compiled: formatCondition(r.ast),
      output_compiled: r.output,
    },
  };
}

function macroJson(m: CompiledMacro) {
  return { info: { name: m.name, condition: m.condition }, details: { used: m.used, condition_compiled: formatCondition(m.ast) } };
}

export class RuleNotLoadedError extends Error {}

export function describeRules(loader: RulesLoader, ruleName?: string): Record<string, unknown> {
  if (ruleName !== undefined) {
    const r = loader.rules().find((x) => x.name === ruleName);
    if (!r) throw new RuleNotLoadedError(`Rule "${ruleName}" is not loaded`);
    return { rules: [ruleJson(r)] };
  }
  const req = loader.requiredEngineVersion();
  return {
    required_engine_version: req ? `${req.version.major}.${req.version.minor}.${req.version.patch}` : '0.0.0',
    required_plugin_versions: loader.requiredPluginVersions().map((alts) => ({
      name: alts[0]!.name, version: alts[0]!.version,
      alternatives: alts.slice(1).map((a) => ({ name: a.name, version: a.version })),
    })),
    rules: loader.rules().map(ruleJson),
    macros: loader.macros().map(macroJson),
    lists: loader.lists().map((l) => ({ info: { name: l.name, items: [...l.info.items] }, details: { used: l.used, items_compiled: [...l.items] } })),
  };
}

/** Wraps `text` to lines of at most `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let cur = '';
  const room = width - indent;
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > room) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n' + ' '.repeat(indent));
}

export function describedRulesAsText(described: Record<string, unknown>): string {
  const col = (a: string, b: string) => `${a.padEnd(50)} ${b}\n`;
  let s = col('Rule', 'Description') + col('----', '-----------');
  for (const r of described.rules as ReturnType<typeof ruleJson>[]) s += col(r.info.name, wrap(r.info.description, 51, 110) + '\n');
  return s;
}
