// The event-type index loses nothing: replaying a trace with whole rules files loaded
// (rule_matching: all) gives, for every rule, exactly the alerts that replaying with that
// rule alone gives, where the rule alone is left out of the index (its copy claims every
// event type, so it is evaluated on every event: a brute-force reference). Runs in-process over every legacy trace, with the upstream syscall
// rules and with the rules the legacy suite was written against. Skips when the shared
// reference data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RulesLoader } from '../dist/rules/index.js';
import { createDefaultRegistry } from '../dist/fields/index.js';
import { syscallBinders } from '../dist/fields/syscall/binders.js';
import { syscallEventCatalog } from '../dist/events/event-catalog.js';
import { runReplay } from '../dist/engine/index.js';
import { FalcoConfig } from '../dist/app/config/falco-config.js';
import { Logger } from '../dist/app/logger.js';

const repo = resolve(import.meta.dirname, '..');
const shared = process.env.TERCEL_SHARED_DIR ?? resolve(repo, '..', 'shared');
const conf = join(shared, 'conformance');
const skip = existsSync(conf) ? false : `reference data not found at ${conf}`;

const RULE_SETS = {
  upstream: ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => join(conf, 'upstream-rules', f)),
  pinned: [join(conf, 'legacy-suite', 'pinned-rules', 'falco_rules.yaml')],
  own: [join(repo, 'test', 'fixtures', 'index-probe-rules.yaml')],
};
// Sets that must raise alerts on these traces (so the comparison cannot pass vacuously).
const MUST_ALERT = new Set(['own']);

function loadRules(files) {
  const loader = new RulesLoader({ registry: createDefaultRegistry(syscallBinders), catalog: syscallEventCatalog });
  for (const f of files) {
    const r = loader.load(f, readFileSync(f, 'utf8'));
    assert.ok(r.successful, `${f}: ${JSON.stringify(r.errors[0])}`);
  }
  return loader.rules();
}

const quiet = new Logger();
quiet.toStderr = false;

/** Alerts per rule name: the list of "time output" strings, in order. */
async function replay(trace, rules, only) {
  if (only !== undefined) rules = rules.filter((r) => r.name === only).map((r) => ({ ...r, eventTypes: r.eventTypes && { all: true, names: r.eventTypes.names } }));
  const config = new FalcoConfig({ rule_matching: 'all', json_output: true, priority: 'debug', stdout_output: { enabled: true }, syscall_event_drops: { actions: ['ignore'] } });
  let text = '';
  const res = await runReplay({
    tracePath: trace, config, rules, logger: quiet, out: (t) => { text += t; }, err: () => {},
  });
  assert.equal(res.exitCode, 0, res.error);
  const byRule = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    const a = JSON.parse(line);
    if (!byRule.has(a.rule)) byRule.set(a.rule, []);
    byRule.get(a.rule).push(`${a.time} ${a.output}`);
  }
  return byRule;
}

const traces = skip ? [] : readdirSync(join(conf, 'legacy-suite', 'trace_files')).filter((f) => f.endsWith('.scap')).sort();

for (const [setName, files] of Object.entries(RULE_SETS)) {
  test(`event-type index: ${setName} rules, every rule alone vs all together`, { skip, timeout: 10 * 60_000 }, async () => {
    const rules = loadRules(files);
    const names = [...new Set(rules.filter((r) => r.enabled).map((r) => r.name))];
    let total = 0;
    for (const t of traces) {
      const trace = join(conf, 'legacy-suite', 'trace_files', t);
      const together = await replay(trace, rules);
      for (const name of names) {
        const alone = await replay(trace, rules, name);
        assert.deepEqual(together.get(name) ?? [], alone.get(name) ?? [], `${t}: rule '${name}'`);
        total += (alone.get(name) ?? []).length;
      }
    }
    console.log(`${setName}: ${names.length} rules x ${traces.length} traces, ${total} alerts compared`);
    if (MUST_ALERT.has(setName)) assert.ok(total > 0, 'the rules raised no alert at all');
  });
}
