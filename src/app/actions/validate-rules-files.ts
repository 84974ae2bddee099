// -V/--validate: load the given files one after another into one loader and print the
// results (Falco's falco_load_results JSON with json_output, else a text summary), then exit:
// 0 when every file loaded (warnings allowed), 1 otherwise.
import type { AppState } from '../app-state.js';
import { RulesLoader, loadResultToJson, loadResultToText } from '../../rules/index.js';
import type { FieldRegistry } from '../../fields/field-registry.js';
import type { EventCatalog } from '../../events/event-catalog.js';
import { readRulesFiles, RulesFileReadError } from '../rules-files.js';
import { appendOutputEntries, printAdditionalFormat } from '../config/append-output.js';
import { describeRules, describedRulesAsText } from '../describe-rules.js';
import { exit, fatal, ok, type RunResult } from '../run-result.js';

/** A loader with the configured `append_output` entries, then `-p` (ConfigError when malformed). */
export function newLoader(s: AppState): RulesLoader {
  const extraOutputs = appendOutputEntries(s.config?.get('append_output'));
  if (s.options.printAdditional) extraOutputs.push({ format: printAdditionalFormat(s.options.printAdditional) });
  return new RulesLoader({ registry: s.registry as FieldRegistry, catalog: s.catalog as EventCatalog, extraOutputs });
}

export function validateRulesFiles(s: AppState): RunResult {
  const files = s.options.validateFiles;
  if (files.length === 0) return ok();
  let contents: Map<string, string>;
  try {
    contents = readRulesFiles(files);
  } catch (e) {
    if (e instanceof RulesFileReadError) return fatal(e.message);
    throw e;
  }
  s.logger.info(`Validating rules file(s):\n${files.map((f) => `   ${f}`).join('\n')}`);
  const json = s.config!.bool('json_output', false);
  const loader = newLoader(s);
  const results: unknown[] = [];
  const summary: string[] = [];
  let successful = true;
  for (const f of files) {
    const res = loader.load(f, contents.get(f)!);
    successful &&= res.successful;
    if (json) results.push(loadResultToJson(res));
    if (!res.successful || res.warnings.length === 0) summary.push(loadResultToText(res, true));
    else {
      summary.push(`${f}: Ok, with warnings`);
      s.logger.warning(loadResultToText(res, true));
    }
  }
  const describe = successful && (s.options.describeAll || s.options.describeRule !== undefined)
    ? describeRules(loader, s.options.describeRule) : undefined;
  if (json) {
    const doc: Record<string, unknown> = { falco_load_results: results };
    if (describe) doc.falco_describe_results = describe;
    s.out(JSON.stringify(doc) + '\n');
  } else {
    s.out(summary.join('\n') + '\n');
    if (describe) s.out('\n' + describedRulesAsText(describe));
  }
  return successful ? exit(0) : fatal(summary.join('\n'));
}
