// Black-box tests of `tercel test` (src/app/rule-test/): options, listing and test-file
// errors run anywhere; the live part (root and the eBPF probe) runs a small rules file of
// its own with three cases — a passing positive, a passing negative and a deliberately
// failing case — and checks the per-case lines, the field diff, the summary, the JSON
// form and the non-zero exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const repo = resolve(import.meta.dirname, '..');
const bin = join(repo, 'bin', 'tercel.js');
const tmp = mkdtempSync(join(tmpdir(), 'tercel-rule-test-'));
const probe = process.env.TERCEL_PROBE || join(repo, 'probe', 'build', 'tercel-probe');
const liveSkip = process.getuid?.() !== 0 ? 'needs root (live capture)' : !existsSync(probe) ? `no eBPF probe at ${probe} (scripts/build-probe.sh)` : false;

function tercel(...args) {
  const r = spawnSync(process.execPath, [bin, 'test', ...args], { encoding: 'utf8', timeout: 180000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name, text) {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

file('secret_rules.yaml', `
- list: secret_readers
  items: [backup-agent]
- rule: Test Secret Read
  desc: a program other than the backup agent read a test secret
  condition: >
    evt.type in (open, openat, openat2) and evt.rawres >= 0
    and fd.name startswith /opt/tercel-tests/work/ and fd.name endswith /secret.txt
    and not proc.name in (secret_readers)
  output: secret read (file=%fd.name proc.name=%proc.name proc.pname=%proc.pname proc.pid=%proc.pid user.name=%user.name)
  priority: WARNING
`);

const cases = file('secret.tests.yaml', `version: 1
rules_file: secret_rules.yaml
cases:
  - id: secret-read-by-cat
    rule: Test Secret Read
    matrix:
      user: [root, nobody]
    setup:
      - write: {path: "{{work}}/secret.txt", data: "s3cret\\n", mode: "0644"}
    chain:
      - {name: bash}
      - {name: cat, argv: [cat, "{{work}}/secret.txt"], user: "{{user}}"}
    actions:
      - read: {path: "{{work}}/secret.txt"}
    expect:
      priority: Warning
      output_fields: {proc.name: cat, proc.pname: bash, fd.name: "{{work}}/secret.txt", user.name: "{{user}}"}
  - id: secret-read-by-backup-agent
    rule: Test Secret Read
    setup:
      - write: {path: "{{work}}/secret.txt", data: "s3cret\\n"}
    chain:
      - {name: backup-agent}
    actions:
      - read: {path: "{{work}}/secret.txt"}
    expect: none
  - id: deliberately-wrong
    rule: Test Secret Read
    setup:
      - write: {path: "{{work}}/secret.txt", data: "s3cret\\n"}
    chain:
      - {name: less}
    actions:
      - read: {path: "{{work}}/secret.txt"}
    expect:
      priority: Critical
      output_fields: {proc.name: more}
`);

test('tercel test --help lists the options', () => {
  const r = tercel('--help');
  assert.equal(r.code, 0);
  for (const o of ['-r <rules_file>', '--json', '--case', '--timeout', '--image', '--list']) assert.ok(r.out.includes(o), o);
});

test('usage errors exit 2 with a message', () => {
  assert.equal(tercel().code, 2);
  const r = tercel(cases, '--bogus');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option '--bogus'/);
  assert.match(tercel(cases, '--timeout', 'soon').err, /--timeout needs a positive number/);
});

test('--list shows the expanded cases without running them', () => {
  const r = tercel(cases, '--list');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /secret\.tests\.yaml \(rules: .*secret_rules\.yaml\)/);
  assert.match(r.out, /secret-read-by-cat\[user=root\]: Test Secret Read -> alert/);
  assert.match(r.out, /secret-read-by-cat\[user=nobody\]/);
  assert.match(r.out, /secret-read-by-backup-agent: Test Secret Read -> none/);
  assert.equal(tercel(cases, '--list', '--case', 'backup').out.trim().split('\n').length, 2);
});

test('a test file with mistakes exits 2 and names each problem with a code and a line', () => {
  const bad = file('bad.tests.yaml', `version: 1
rules_file: secret_rules.yaml
cases:
  - id: x
    rule: R
    chain: [{name: a}]
    actions: [{teleport: {}}]
    expect: none
`);
  const r = tercel(bad, '--list');
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.tests\.yaml:4:\d+: RT_UNKNOWN_OP: x: actions\[0\]: unknown action 'teleport'/);
});

test('live: passing positive and negative cases, a failing case with its diff, exit 1', { skip: liveSkip, timeout: 240000 }, () => {
  const r = tercel(cases);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^ {2}PASS secret-read-by-cat\[user=root\]$/m, r.out + r.err);
  assert.match(r.out, /^ {2}PASS secret-read-by-cat\[user=nobody\]$/m, r.out + r.err);
  assert.match(r.out, /^ {2}PASS secret-read-by-backup-agent$/m, r.out + r.err);
  assert.match(r.out, /^ {2}FAIL deliberately-wrong: 1 alert\(s\) of "Test Secret Read" arrived, none with the expected priority, proc\.name$/m, r.out + r.err);
  assert.match(r.out, /^ {7}priority: expected "Critical", got "Warning"$/m, r.out + r.err);
  assert.match(r.out, /^ {7}proc\.name: expected "more", got "less"$/m, r.out + r.err);
  assert.match(r.out, /^Summary: 3 passed, 1 failed, 0 skipped \(4 cases\) in [\d.]+ s$/m, r.out + r.err);
});

test('live: --json gives one document with every case, its alerts and the summary', { skip: liveSkip, timeout: 240000 }, () => {
  const r = tercel(cases, '--json', '--case', 'deliberately', '--case', 'backup');
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out);
  assert.deepEqual(doc.summary.total, 2);
  assert.deepEqual([doc.summary.passed, doc.summary.failed, doc.summary.skipped], [1, 1, 0]);
  const [f] = doc.files;
  assert.match(f.file, /secret\.tests\.yaml$/);
  const wrong = f.cases.find((c) => c.id === 'deliberately-wrong');
  assert.equal(wrong.status, 'fail');
  assert.deepEqual(wrong.diffs, [
    { field: 'priority', expected: 'Critical', got: 'Warning' },
    { field: 'proc.name', expected: 'more', got: 'less' },
  ]);
  assert.equal(wrong.alerts.length, 1);
  assert.equal(wrong.alerts[0].output_fields['proc.name'], 'less');
  assert.equal(f.cases.find((c) => c.id === 'secret-read-by-backup-agent').status, 'pass');
});

test('live: -r replaces the rules file the test file names', { skip: liveSkip, timeout: 240000 }, () => {
  const other = file('other_rules.yaml', `
- rule: Unrelated
  desc: never matches these cases
  condition: evt.type = openat and fd.name = /nonexistent/tercel
  output: unrelated (proc.pid=%proc.pid)
  priority: NOTICE
`);
  const r = tercel(cases, '-r', other, '--case', 'backup');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /\(rules: .*other_rules\.yaml\)/);
});
