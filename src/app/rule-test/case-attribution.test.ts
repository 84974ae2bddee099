import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeByContainer, attributeByPid, describeOutcome, unmetResults } from './case-attribution.js';
import { parseReport } from './plan-writer.js';
import type { Alert } from './alert-matcher.js';
import type { TestCase } from './test-case.js';

const a = (fields: Record<string, unknown>): Alert => ({ rule: 'R', priority: 'Warning', output: '', output_fields: fields });

test('host cases: alerts of the chain pids, their descendants through proc.ppid, ptrace children', () => {
  const report = parseReport('pid\t0\t100\npid\t1\t101\nchild\t150\n');
  const alerts = [
    a({ 'proc.pid': 101 }),
    a({ 'proc.pid': 300, 'proc.ppid': 200 }), // grandchild, listed before its parent
    a({ 'proc.pid': 200, 'proc.ppid': 101 }),
    a({ 'proc.pid': 150 }),
    a({ 'proc.pid': 999, 'proc.ppid': 1 }),
    a({ 'fd.name': '/x' }),
  ];
  const { hits, unattributable } = attributeByPid(alerts, report);
  assert.deepEqual(hits.map((h) => h.output_fields!['proc.pid']), [101, 300, 200, 150]);
  assert.equal(unattributable, 1);
});

test('container cases: alerts whose container.id starts the container full id', () => {
  const full = '640eb8a129beb32e2fa06809a6208a22d679dea9bf84ec8fbd38bee724366048';
  const { hits, unattributable } = attributeByContainer([a({ 'container.id': '640eb8a129be' }), a({ 'container.id': 'host' }), a({ 'container.id': '640eb8a1' }), a({})], full);
  assert.equal(hits.length, 1);
  assert.equal(unattributable, 1);
});

test('result expectations map action to helper records (dup2 onto several descriptors)', () => {
  const actions = [
    { op: 'dup2', params: { newfd: [0, 1] } },
    { op: 'unshare', params: { flags: 'CLONE_NEWUSER' }, result: 'ok' },
    { op: 'bpf', params: {}, result: 'EPERM' },
  ];
  const ok = parseReport('res\t0\tdup2\t0\tok\nres\t1\tdup2\t1\tok\nres\t2\tunshare\t0\tok\nres\t3\tbpf\t-1\tEPERM\n');
  assert.equal(unmetResults(actions, [2, 1, 1], ok), undefined);
  const refused = parseReport('res\t0\tdup2\t0\tok\nres\t1\tdup2\t1\tok\nres\t2\tunshare\t-1\tEPERM\nres\t3\tbpf\t3\tok\n');
  assert.equal(unmetResults(actions, [2, 1, 1], refused), 'unshare gave EPERM, the case needs ok');
  assert.equal(unmetResults(actions, [2, 1, 1], parseReport('')), 'unshare was not performed (the case needs ok)');
});

test('an entry that could not start is named', () => {
  const c = { chain: [{ name: 'bash' }, { name: 'cat' }] } as unknown as TestCase;
  assert.equal(describeOutcome({ code: 127, timedOut: false, stderr: '' }, parseReport('fail\t1\tuser\tENOENT\n'), c), 'chain entry 1 (cat) could not start: user ENOENT');
  assert.equal(describeOutcome({ code: 0, timedOut: false, stderr: '' }, parseReport(''), c), undefined);
  assert.match(describeOutcome({ code: undefined, timedOut: true, stderr: '' }, parseReport(''), c)!, /did not exit/);
});
