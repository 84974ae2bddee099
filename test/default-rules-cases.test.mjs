// Runs every live test case of tercel's default rules (rules/tests/*.yaml, format in
// docs/rule-tests.md) with `tercel test rules/tests/` and asserts that none fails. Cases
// the machine cannot run (an image that cannot be pulled, a call the kernel refuses where
// the case needs it to succeed) are skipped by the runner and listed here, not failed.
// Needs root and the eBPF probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const probe = process.env.TERCEL_PROBE || join(repo, 'probe', 'build', 'tercel-probe');
const skip = process.getuid?.() !== 0 ? 'needs root (live capture)' : !existsSync(probe) ? `no eBPF probe at ${probe} (scripts/build-probe.sh)` : false;

test('every live test case of the default rules passes', { skip, timeout: 1800000 }, (t) => {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'tercel.js'), 'test', join(repo, 'rules', 'tests'), '--json'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 1700000,
    maxBuffer: 256 << 20,
  });
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    assert.fail(`tercel test gave no JSON (exit ${r.status}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  }
  const failed = [];
  const skipped = [];
  for (const f of doc.files) {
    for (const c of f.cases) {
      const where = `${f.file.replace(repo + '/', '')}: ${c.id}`;
      if (c.status === 'fail') failed.push(`${where}: ${c.reason}${c.diffs.map((d) => `\n    ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}`).join('')}`);
      if (c.status === 'skip') skipped.push(`${where}: ${c.reason}`);
    }
  }
  if (skipped.length) t.diagnostic(`${skipped.length} case(s) skipped:\n${skipped.join('\n')}`);
  assert.ok(doc.summary.passed > 0, 'no case passed');
  assert.deepEqual(failed, [], `${failed.length} of ${doc.summary.total} case(s) failed`);
  assert.equal(r.status, 0);
});
