// Load the rules files (-r, else the configuration's rules_files), stopping at the first
// file that fails; log warnings; then -L/-l describe and exit, or hand the rules on.
import type { AppState } from '../app-state.js';
import { loadResultToText } from '../../rules/index.js';
import { expandRulesPaths, RulesPathError } from '../config/rules-paths.js';
import { readRulesFiles, RulesFileReadError } from '../rules-files.js';
import { describeRules, describedRulesAsText, RuleNotLoadedError } from '../describe-rules.js';
import { newLoader } from './validate-rules-files.js';
import { exit, fatal, ok, type RunResult } from '../run-result.js';

export function loadRulesFiles(s: AppState): RunResult {
  const configured = s.options.rulesFiles.length > 0 ? s.options.rulesFiles : s.config!.rulesFiles();
  if (configured.length === 0) {
    return fatal('You must specify at least one rules file/directory via -r or a rules_files entry in falco.yaml');
  }
  let files: string[];
  let contents: Map<string, string>;
  try {
    files = expandRulesPaths(configured);
    contents = readRulesFiles(files);
  } catch (e) {
    if (e instanceof RulesPathError || e instanceof RulesFileReadError) return fatal(e.message);
    throw e;
  }
  const loader = newLoader(s);
  s.logger.info(`Loading rules from:\n${files.map((f) => `   ${f}`).join('\n')}`);
  for (const f of files) {
    const res = loader.load(f, contents.get(f)!);
    if (!res.successful) return fatal(loadResultToText(res, true));
    if (res.warnings.length > 0) s.logger.warning(loadResultToText(res, true));
  }
  s.loader = loader;
  s.rulesFilesLoaded = files;

  if (s.options.describeAll || s.options.describeRule !== undefined) {
    let described;
    try {
      described = describeRules(loader, s.options.describeRule);
    } catch (e) {
      if (e instanceof RuleNotLoadedError) return fatal(e.message);
      throw e;
    }
    s.out(s.config!.bool('json_output', false) ? JSON.stringify(described) + '\n' : describedRulesAsText(described));
    return exit(0);
  }
  return ok();
}
