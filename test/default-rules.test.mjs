// Black-box checks of tercel's default rules (rules/*.yaml) and their live test cases
// (rules/tests/*.yaml): each rules file, and the three together in load order, validate
// through the built CLI with no errors and no warnings; every rule carries the metadata
// and output fields operators rely on; helpers shared between files are defined
// identically (a later file would otherwise silently change an earlier file's rules);
// every rule has at least one positive and one negative test case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'bin', 'tercel.js');
const FILES = [
  { path: 'rules/tercel_rules.yaml', maturity: 'maturity_stable', tests: 'rules/tests/tercel_rules.tests.yaml' },
  { path: 'rules/tercel-incubating_rules.yaml', maturity: 'maturity_incubating', tests: 'rules/tests/tercel-incubating_rules.tests.yaml' },
  { path: 'rules/tercel-sandbox_rules.yaml', maturity: 'maturity_sandbox', tests: 'rules/tests/tercel-sandbox_rules.tests.yaml' },
];
const PRIORITIES = new Set(['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'INFO', 'DEBUG']);

const load = (p) => parse(readFileSync(join(repo, p), 'utf8'));

/** Runs `tercel -V f1 -V f2 ... -o json_output=true` and returns its load results. */
function validate(paths) {
  const args = [cli];
  for (const p of paths) args.push('-V', p);
  args.push('-o', 'json_output=true');
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  let out;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`tercel -V gave no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, results: out.falco_load_results };
}

function assertClean(paths) {
  const { status, results } = validate(paths);
  const problems = [];
  for (const res of results) {
    for (const e of res.errors) problems.push(`${res.name}: error ${e.code}: ${e.message} ${e.context?.snippet ?? ''}`);
    for (const w of res.warnings) problems.push(`${res.name}: warning ${w.code}: ${w.message} ${w.context?.snippet ?? ''}`);
  }
  assert.deepEqual(problems, []);
  assert.equal(results.length, paths.length);
  for (const res of results) assert.equal(res.successful, true);
  assert.equal(status, 0);
}

for (const f of FILES) {
  test(`${f.path} validates alone with no errors or warnings`, () => assertClean([f.path]));
}

test('the three rules files validate together, in order, with no errors or warnings', () => {
  assertClean(FILES.map((f) => f.path));
});

for (const f of FILES) {
  test(`${f.path}: every rule has desc, priority, tags and a full output`, () => {
    const rules = load(f.path).filter((i) => i && 'rule' in i);
    assert.ok(rules.length > 0);
    for (const r of rules) {
      const where = `${f.path}: ${r.rule}`;
      assert.ok(typeof r.desc === 'string' && r.desc.trim().length > 20, `${where}: desc`);
      assert.ok(PRIORITIES.has(String(r.priority).toUpperCase()), `${where}: priority`);
      assert.ok(Array.isArray(r.tags), `${where}: tags`);
      assert.ok(r.tags.includes(f.maturity), `${where}: ${f.maturity} tag`);
      assert.equal(r.tags.filter((t) => String(t).startsWith('maturity_')).length, 1, `${where}: one maturity tag`);
      assert.ok(r.tags.some((t) => /^mitre_[a-z_]+$/.test(t)), `${where}: mitre_* tactic tag`);
      assert.ok(r.tags.some((t) => /^T\d{4}(\.\d{3})?$/.test(t)), `${where}: ATT&CK technique tag`);
      for (const field of ['%container.id', '%k8s.pod.name', '%k8s.ns.name', '%proc.name', '%proc.cmdline', '%proc.pname', '%user.name', '%user.uid', '%container.name', '%container.image.repository']) {
        assert.ok(String(r.output).includes(field), `${where}: output lacks ${field}`);
      }
      assert.match(String(r.condition), /\buser_known_[a-z_]+\b/, `${where}: no user_known_* tuning macro`);
    }
  });
}

test('rule names are unique across the three files', () => {
  const seen = new Map();
  for (const f of FILES) {
    for (const i of load(f.path)) {
      if (!i || !('rule' in i)) continue;
      assert.ok(!seen.has(i.rule), `rule '${i.rule}' in ${f.path} and ${seen.get(i.rule)}`);
      seen.set(i.rule, f.path);
    }
  }
});

test('macros and lists defined in several files are defined identically', () => {
  const defs = new Map();
  for (const f of FILES) {
    for (const i of load(f.path)) {
      if (!i) continue;
      const key = 'macro' in i ? `macro ${i.macro}` : 'list' in i ? `list ${i.list}` : undefined;
      if (!key) continue;
      const body = JSON.stringify('macro' in i ? String(i.condition).replace(/\s+/g, ' ').trim() : i.items);
      const prev = defs.get(key);
      if (prev) assert.equal(body, prev.body, `${key} differs between ${prev.file} and ${f.path}`);
      else defs.set(key, { body, file: f.path });
    }
  }
});

for (const f of FILES) {
  test(`${f.tests}: every rule has a positive and a negative case, and cases name real rules`, () => {
    const priorities = new Map(load(f.path).filter((i) => i && 'rule' in i).map((i) => [i.rule, String(i.priority).toUpperCase()]));
    const rules = new Set(priorities.keys());
    const doc = load(f.tests);
    assert.equal(doc.version, 1);
    assert.equal(doc.rules_file, f.path.replace(/^rules\//, ''));
    const pos = new Map(), neg = new Map();
    const ids = new Set();
    for (const c of doc.cases) {
      assert.ok(!ids.has(c.id), `duplicate case id ${c.id}`);
      ids.add(c.id);
      assert.ok(rules.has(c.rule), `case ${c.id} names unknown rule '${c.rule}'`);
      assert.ok(Array.isArray(c.chain) && c.chain.length > 0, `case ${c.id}: chain`);
      const none = c.expect === 'none';
      if (!none) {
        assert.equal(c.expect.rule ?? c.rule, c.rule, `case ${c.id}: expect.rule`);
        assert.equal(String(c.expect.priority).toUpperCase(), priorities.get(c.rule), `case ${c.id}: expect.priority`);
      }
      const counts = none ? neg : pos;
      counts.set(c.rule, (counts.get(c.rule) ?? 0) + 1);
    }
    const missing = [];
    for (const r of rules) {
      if (!pos.has(r)) missing.push(`${r}: no positive case`);
      if (!neg.has(r)) missing.push(`${r}: no negative case`);
    }
    assert.deepEqual(missing, []);
  });
}
