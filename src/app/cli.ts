// tercel's command line: parse flags, then run the start-up actions in order (as Falco's
// app.cpp does), printing a fatal result as `Error: <message>` and returning the exit code.
import { createAppState } from './app-state.js';
import { runActions, type Action, type Teardown } from './app.js';
import { CliUsageError, parseCliOptions } from './cli-options.js';
import { checkOptions } from './actions/check-options.js';
import { printHelp } from './actions/print-help.js';
import { loadConfig } from './actions/load-config.js';
import { printVersion } from './actions/print-version.js';
import { initEngine } from './actions/init-engine.js';
import { listFields } from './actions/list-fields.js';
import { listEvents } from './actions/list-events.js';
import { validateRulesFiles } from './actions/validate-rules-files.js';
import { loadRulesFiles } from './actions/load-rules-files.js';
import { processEvents } from './actions/process-events.js';
import { captureCommand } from './capture-command.js';

export const ACTIONS: readonly Action[] = [
  printHelp,
  checkOptions,
  loadConfig,
  printVersion,
  initEngine,
  listFields,
  listEvents,
  validateRulesFiles,
  loadRulesFiles,
  processEvents,
];

export const TEARDOWN: readonly Teardown[] = [];

export async function main(argv: string[]): Promise<number> {
  // `tercel capture ...` is a subcommand of its own (live trace recording)
  if (argv[0] === 'capture') return captureCommand(argv.slice(1));
  // `tercel test ...` performs rule test cases live (src/app/rule-test/), loaded only when asked for
  if (argv[0] === 'test') return (await import('./rule-test/rule-test-command.js')).runRuleTestCommand(argv.slice(1));
  let options;
  try {
    options = parseCliOptions(argv);
  } catch (e) {
    if (e instanceof CliUsageError) {
      process.stderr.write(`Error: ${e.message}\nRun 'tercel --help' for the list of options.\n`);
      return 1;
    }
    throw e;
  }
  const s = createAppState(options);
  const outcome = await runActions(s, ACTIONS, TEARDOWN);
  if (outcome.error !== undefined) {
    const msg = outcome.error.endsWith('\n') ? outcome.error : outcome.error + '\n';
    process.stderr.write(`Error: ${msg}`);
  }
  return outcome.code;
}
