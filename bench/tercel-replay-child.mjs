// Child process for the replay benchmark when the CLI cannot replay yet: loads the rules
// files, seeds the state from the trace header and runs the engine's replay function, the
// same pipeline `tercel -e` drives. Alerts and the end-of-run summary (with "Events
// detected: N") go to stdout, as the CLI prints them; a JSON line with counts to stderr.
//   node bench/tercel-replay-child.mjs TRACE [RULES_FILE...]
import { readFileSync } from 'node:fs';

const [trace, ...rulesFiles] = process.argv.slice(2);
const { runReplay } = await import('../dist/engine/replay-runner.js');
const { SyscallState } = await import('../dist/state/syscall-state.js');
const { syscallBinders } = await import('../dist/fields/syscall/binders.js');
const { createDefaultRegistry } = await import('../dist/fields/index.js');
const { syscallEventCatalog } = await import('../dist/events/event-catalog.js');
const { RulesLoader, loadResultToText } = await import('../dist/rules/index.js');
const { FalcoConfig } = await import('../dist/app/config/falco-config.js');

const loader = new RulesLoader({ registry: createDefaultRegistry(syscallBinders), catalog: syscallEventCatalog });
for (const f of rulesFiles) {
  const res = loader.load(f, readFileSync(f, 'utf8'));
  if (!res.successful) { process.stderr.write(loadResultToText(res, true)); process.exit(2); }
}
const config = new FalcoConfig({ priority: 'debug', stdout_output: { enabled: true } });
const state = new SyscallState();
const log = () => {};
const logger = { log, error: log, warning: log, info: log, debug: log };
const res = await runReplay({
  tracePath: trace,
  config,
  rules: loader.rules(),
  logger,
  out: (t) => { process.stdout.write(t); },
  err: () => {},
  state: {
    begin: (source) => state.loadHeader(source.header),
    process: (batch, i) => state.process(batch.event(i)),
  },
});
process.stderr.write(JSON.stringify({ exitCode: res.exitCode, error: res.error, eventsRead: res.summary.eventsRead, detections: res.summary.detections, ruleErrors: res.summary.ruleErrors }) + '\n');
process.exitCode = res.exitCode;
