// Feeds thousands of damaged rules files to the loader: lines dropped, swapped or
// duplicated, keys exchanged, text truncated, characters flipped. Each load must end in
// a LoadResult (success, or coded errors with locations) and never throw, report an
// internal error, or hang. The seed is fixed so failures reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { ERROR_TEXT, WARNING_TEXT, RulesLoader, loadResultToJson, loadResultToText } from './index.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';
import { seededRandom } from '../testing/seeded-random.js';

const SEED = 0x7e5ce1;
const ITERATIONS = 2500;
const SHARED = CONFORMANCE_DIR;

const rng = seededRandom;

const SAMPLES = [
  `- list: bins\n  items: [cat, "my app", 'x']\n- macro: m\n  condition: proc.name in (bins)\n- rule: r\n  desc: d\n  condition: evt.type in (open, execve) and m\n  output: "seen %proc.name %fd.name"\n  priority: WARNING\n  tags: [a, b]\n  exceptions:\n    - name: ex\n      fields: [proc.name, fd.name]\n      comps: [=, startswith]\n      values:\n        - [cat, /tmp]\n`,
  `- required_engine_version: 0.57.0\n- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n    alternatives:\n      - name: c2\n        version: 1.0.0\n- rule: r\n  condition: and proc.pid > 0\n  output: more\n  override:\n    condition: append\n    output: append\n`,
  `---\n- macro: a\n  condition: evt.type=open\n---\n- rule: x\n  enabled: false\n- rule: y\n  desc: y\n  condition: a or (evt.type=close and not fd.name startswith /dev)\n  output: "*%evt.arg.fd %proc.aname[2]"\n  priority: info\n  skip-if-unknown-filter: true\n`,
];

function corpus(): string[] {
  const out = [...SAMPLES];
  const dirs = [join(SHARED, 'legacy-suite/rules'), join(SHARED, 'legacy-suite/rules/exceptions')];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (f.endsWith('.yaml')) out.push(readFileSync(join(d, f), 'utf8'));
  }
  // Windows of the upstream files keep each load small while covering their constructs.
  for (const f of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']) {
    const p = join(SHARED, 'upstream-rules', f);
    if (!existsSync(p)) continue;
    const lines = readFileSync(p, 'utf8').split('\n');
    const starts = lines.flatMap((l, i) => (l.startsWith('- ') ? [i] : []));
    for (let i = 0; i < starts.length; i += 6) out.push(lines.slice(starts[i], starts[Math.min(i + 6, starts.length - 1)]).join('\n'));
  }
  return out;
}

const KEYS = ['rule', 'macro', 'list', 'condition', 'output', 'desc', 'priority', 'items', 'append', 'override', 'exceptions', 'fields', 'comps', 'values', 'enabled', 'tags', 'source', 'name', 'required_engine_version'];
const NOISE = [':', '-', '[', ']', '{', '}', "'", '"', '\n', ' ', '#', '%', '&', '*', '!', '|', '>', '(', ')', ',', '\t', '\\', 'é', '\u0000'];

function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let lines = text.split('\n');
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * lines.length);
    const j = Math.floor(r() * lines.length);
    switch (Math.floor(r() * 9)) {
      case 0: lines.splice(i, 1); break;
      case 1: [lines[i], lines[j]] = [lines[j]!, lines[i]!]; break;
      case 2: lines.splice(i, 0, lines[j]!); break;
      case 3: lines = lines.join('\n').slice(0, Math.floor(r() * text.length)).split('\n'); break;
      case 4: {
        const l = lines[i] ?? '';
        const p = Math.floor(r() * (l.length + 1));
        lines[i] = l.slice(0, p) + pick(NOISE) + l.slice(p + 1);
        break;
      }
      case 5: lines[i] = (lines[i] ?? '').replace(/^(\s*-?\s*)([\w-]+):/, (_m, pre: string) => `${pre}${pick(KEYS)}:`); break;
      case 6: lines[i] = (lines[i] ?? '').replace(/^\s*/, (s) => (r() < 0.5 ? s.slice(1) : `${s} `)); break;
      case 7: lines.splice(i, 0, `  ${pick(KEYS)}: ${pick(['true', 'append', 'replace', '[a, b]', '', '~', 'x y', '{a: b}', '12', '"%proc.name"'])}`); break;
      default: lines[i] = (lines[i] ?? '').replace(/\b(append|replace|true|false|WARNING|open|proc\.name)\b/, () => pick(['replace', 'append', 'false', 'nope', 'INFO', 'nosuch', 'proc.nosuch'])); break;
    }
  }
  return lines.join('\n');
}

const CODES = new Set([...Object.keys(ERROR_TEXT), ...Object.keys(WARNING_TEXT)]);

test('mutated rules files always end in a LoadResult', { timeout: 120_000 }, () => {
  const r = rng(SEED);
  const registry = createDefaultRegistry();
  const files = corpus();
  let successes = 0;
  let failures = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const loader = new RulesLoader({ registry, catalog: syscallEventCatalog });
    // Sometimes two files in a row, so appends and overrides meet earlier definitions.
    const count = r() < 0.3 ? 2 : 1;
    for (let f = 0; f < count; f++) {
      const text = mutate(files[Math.floor(r() * files.length)]!, r);
      const t0 = performance.now();
      let res;
      try {
        res = loader.load(`fuzz-${it}-${f}.yaml`, text);
      } catch (e) {
        assert.fail(`iteration ${it}: load threw ${(e as Error)?.stack}\n--- input ---\n${text}`);
      }
      assert.ok(performance.now() - t0 < 5000, `iteration ${it}: load took too long\n${text}`);
      assert.equal(typeof res.successful, 'boolean');
      assert.equal(res.successful, res.errors.length === 0);
      for (const d of [...res.errors, ...res.warnings]) {
        assert.ok(CODES.has(d.code), `unknown code ${d.code}`);
        assert.ok(d.locations.length > 0 && d.locations[0]!.itemType === 'rules content');
        assert.equal(typeof d.snippet, 'string');
        assert.ok(!d.message.startsWith('internal error'), `iteration ${it}: ${d.message}\n--- input ---\n${text}`);
      }
      JSON.stringify(loadResultToJson(res));
      loadResultToText(res);
      if (res.successful) successes++;
      else failures++;
    }
  }
  // Both outcomes must be exercised, or the mutations are too weak or too strong.
  assert.ok(successes > 50 && failures > 50, `successes=${successes} failures=${failures}`);
});
