// Runs every live test case of tercel's default rules (rules/tests/*.yaml, format in
// docs/rule-tests.md) with `tercel test rules/tests/` and asserts that none fails. Cases
// the machine cannot run (an image that is not there, a call the kernel refuses where
// the case needs it to succeed) are skipped by the runner and listed here, not failed.
// Cases that need something tercel does not do yet are listed in KNOWN_GAPS with the
// reason: their failures are printed as known gaps, never hidden, and a gap case that
// passes is printed too, so the entry gets removed.
// Needs root and the eBPF probe; container cases need scripts/podman-setup.sh's images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { withLiveLock } from './helpers/live-harness.mjs';

const repo = resolve(import.meta.dirname, '..');
const probe = process.env.TERCEL_PROBE || join(repo, 'probe', 'build', 'tercel-probe');
const skip = process.getuid?.() !== 0 ? 'needs root (live capture)' : !existsSync(probe) ? `no eBPF probe at ${probe} (scripts/build-probe.sh)` : false;

/** Case ids (before the matrix part) whose failure is a known tercel gap, with why. */
const KNOWN_GAPS = new Map([
  // ['<test file>: <case id>', '<what tercel lacks, and what Falco does>'],
]);

const baseId = (id) => (id.includes('[') ? id.slice(0, id.indexOf('[')) : id);

test('every live test case of the default rules passes', { skip, timeout: 1800000 }, async (t) => {
  // Holds the live tests' lock: the cases' processes would otherwise show up in the other
  // live test files' captures (and theirs in ours).
  let seconds;
  const r = await withLiveLock(() => {
    const started = Date.now();
    const out = spawnSync(process.execPath, [join(repo, 'bin', 'tercel.js'), 'test', join(repo, 'rules', 'tests'), '--json'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 1700000,
      maxBuffer: 256 << 20,
    });
    seconds = ((Date.now() - started) / 1000).toFixed(1);
    return out;
  }, { timeoutMs: 1_800_000 });
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    assert.fail(`tercel test gave no JSON (exit ${r.status}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  }
  const failed = [];
  const skipped = [];
  const gaps = [];
  const gapsPassing = [];
  const perFile = [];
  for (const f of doc.files) {
    const name = f.file.replace(/^.*\//, '');
    const n = { pass: 0, fail: 0, skip: 0, gap: 0 };
    for (const c of f.cases) {
      const where = `${name}: ${c.id}`;
      const gap = KNOWN_GAPS.get(`${name}: ${baseId(c.id)}`);
      if (c.status === 'fail' && gap) {
        n.gap++;
        gaps.push(`${where}: ${gap}`);
        continue;
      }
      n[c.status]++;
      if (c.status === 'pass' && gap) gapsPassing.push(`${where} passes now: remove it from KNOWN_GAPS`);
      if (c.status === 'fail') failed.push(`${where}: ${c.reason}${(c.diffs ?? []).map((d) => `\n    ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}`).join('')}`);
      if (c.status === 'skip') skipped.push(`${where}: ${c.reason}`);
    }
    perFile.push(`${name}: ${n.pass} passed, ${n.fail} failed, ${n.skip} skipped, ${n.gap} known gap(s)`);
  }
  // one diagnostic per line: reporters escape newlines inside one
  const say = (title, lines) => {
    if (!lines.length) return;
    t.diagnostic(title);
    for (const l of lines) t.diagnostic(`  ${l}`);
  };
  say(`tercel test rules/tests/ took ${seconds} s`, perFile);
  say(`${skipped.length} case(s) skipped:`, skipped);
  say(`${gaps.length} case(s) fail on a known tercel gap:`, gaps);
  say('known gaps that pass now:', gapsPassing);
  assert.ok(doc.summary.passed > 0, 'no case passed');
  assert.deepEqual(failed, [], `${failed.length} of ${doc.summary.total} case(s) failed`);
  // tercel test exits 1 when any case fails, known gaps included.
  assert.equal(r.status, gaps.length ? 1 : 0);
});
