import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionRecords, actionsPlan, chainPlan, parseReport, type PlanContext } from './plan-writer.js';
import type { ChainEntry } from './test-case.js';

const ctx: PlanContext = { reportPath: '/w/.report', helperPath: '/h/tercel-act', tty: true, zeroModule: '/w/zero.ko', stdioSocket: '127.0.0.1:4000' };
const entry = (e: Partial<ChainEntry>): ChainEntry => ({ name: 'x', argv: [e.name ?? 'x'], memfd: false, env: {}, ...e });

test('chain entries: helper copies, real programs, memfd, user, cwd, socket stdio, env', () => {
  const plan = chainPlan([
    entry({ name: 'bash' }),
    entry({ name: 'cat', argv: ['cat', 'a\tb'], user: 'nobody', cwd: '/srv', env: { A: '1' } }),
    entry({ name: 'payload', memfd: true }),
    entry({ name: 'sh', argv: ['sh', '-c', 'exit 0'], exec: '/bin/sh', stdio: 'socket' }),
  ], [], ctx).split('\n');
  assert.deepEqual(plan.slice(0, 3), ['R\t/w/.report', 'H\t/h/tercel-act', 'T\t1']);
  assert.equal(plan[3], 'E\t0\thelper\t/opt/tercel-tests/bin/bash\t\t\t\t1\tbash\t0');
  assert.equal(plan[4], 'E\t1\thelper\t/opt/tercel-tests/bin/cat\tnobody\t/srv\t\t2\tcat\ta\\tb\t1\tA=1');
  assert.equal(plan[5], 'E\t2\tmemfd\tpayload\t\t\t\t1\tpayload\t0');
  assert.equal(plan[6], 'E\t3\texec\t/bin/sh\t\t\t127.0.0.1:4000\t3\tsh\t-c\texit 0\t0');
  assert.equal(plan[7], '');
});

test('a helper copy at a chosen path', () => {
  assert.match(chainPlan([entry({ name: 'x', path: '/dev/shm/x' })], [], ctx), /^E\t0\thelper\t\/dev\/shm\/x\t/m);
});

test('actions: parameters in the helper order, defaults, dup2 fan-out, exec argv/env', () => {
  assert.deepEqual(actionRecords({ op: 'open', params: { path: '/etc/shadow' } }, ctx), [['X', 'open', '/etc/shadow', 'O_RDONLY', '', '', '']]);
  assert.deepEqual(actionRecords({ op: 'open', params: { path: 'p', flags: 'O_WRONLY|O_APPEND', via: 'openat2', as: 'f' } }, ctx), [['X', 'open', 'p', 'O_WRONLY|O_APPEND', '', 'openat2', 'f']]);
  assert.deepEqual(actionRecords({ op: 'dup2', params: { fd: 's', newfd: [0, 1, 2], via: 'dup3' } }, ctx), [
    ['X', 'dup2', 's', '0', 'dup3'], ['X', 'dup2', 's', '1', 'dup3'], ['X', 'dup2', 's', '2', 'dup3'],
  ]);
  assert.deepEqual(actionRecords({ op: 'exec', params: { path: '/bin/sh', argv: ['sh', '-i'], env: { TERM: 'x' } } }, ctx), [['X', 'exec', '/bin/sh', '2', 'sh', '-i', '1', 'TERM=x']]);
  assert.deepEqual(actionRecords({ op: 'exec', params: { path: '/bin/sh' } }, ctx), [['X', 'exec', '/bin/sh', '1', '/bin/sh', '0']]);
  assert.deepEqual(actionRecords({ op: 'finit_module', params: {} }, ctx), [['X', 'finit_module', '/w/zero.ko']]);
  assert.deepEqual(actionRecords({ op: 'connect', params: { host: '192.0.2.10', port: 3333, listen: false } }, ctx), [['X', 'connect', '192.0.2.10', '3333', '', '', '0']]);
  assert.equal(actionsPlan([{ op: 'sleep', params: { ms: 5 } }], ctx), 'R\t/w/.report\nH\t/h/tercel-act\nX\tsleep\t5\n');
});

test('the helper report: pids, children, results, failures, exits', () => {
  const r = parseReport('pid\t0\t100\npid\t1\t101\nchild\t102\nres\t0\tread\t-1\tEACCES\nres\t1\tunshare\t0\tok\nfail\t2\tchdir\tENOENT\nexit\t1\t0\n');
  assert.deepEqual([...r.pids], [[0, 100], [1, 101]]);
  assert.deepEqual(r.children, [102]);
  assert.deepEqual(r.results, [{ index: 0, op: 'read', ret: -1, status: 'EACCES' }, { index: 1, op: 'unshare', ret: 0, status: 'ok' }]);
  assert.deepEqual(r.failures, [{ step: 2, what: 'chdir', errno: 'ENOENT' }]);
  assert.deepEqual([...r.exits], [[1, 0]]);
});
