import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventDropMonitor, readDropConfig, type DropAlert, type DropConfig } from './event-drop-monitor.js';
import { TokenBucket } from './token-bucket.js';

function cfg(tree: Record<string, unknown>) {
  const get = (path: string): unknown => path.split('.').reduce<any>((n, k) => (n == null ? undefined : n[k]), tree);
  return {
    get,
    num: (p: string, d: number) => (get(p) === undefined ? d : Number(get(p))),
    bool: (p: string, d: boolean) => (get(p) === undefined ? d : get(p) === true || get(p) === 'true'),
  };
}

test('token bucket: starts full, refills at the rate, caps at the burst', () => {
  const b = new TokenBucket(1, 2, 0);
  assert.ok(b.claim(1, 0));
  assert.ok(b.claim(1, 0));
  assert.ok(!b.claim(1, 0));
  assert.ok(!b.claim(1, 0.5e9));
  assert.ok(b.claim(1, 1e9));
  assert.ok(b.claim(1, 10e9));
  assert.ok(b.claim(1, 10e9));
  assert.ok(!b.claim(1, 10e9));
});

test('token bucket: a clock going backwards refills the bucket (unsigned elapsed time)', () => {
  const b = new TokenBucket(0.03333, 1, 2e18);
  assert.ok(b.claim(1, 1e18));
  assert.ok(b.claim(1, 0.5e18));
});

test('drop config: defaults, Falco error texts', () => {
  const d = readDropConfig(cfg({}));
  assert.deepEqual(d, { actions: ['ignore'], threshold: 0.1, rate: 0.03333, maxBurst: 1, simulateDrops: false });
  assert.throws(() => readDropConfig(cfg({ syscall_event_drops: { actions: ['ignore', 'log'] } }), 'x.yaml'),
    { message: 'Error reading config file (x.yaml): syscall event drop action "log" does not make sense with the "ignore" action' });
  assert.throws(() => readDropConfig(cfg({ syscall_event_drops: { threshold: 1.1 } })), /syscall event drops threshold must be a double in the range \[0, 1\]/);
  assert.throws(() => readDropConfig(cfg({ syscall_event_drops: { threshold: -1 } })), /threshold must be a double in the range/);
  assert.throws(() => readDropConfig(cfg({ syscall_event_drops: { actions: ['shout'] } })), /available actions for syscall event drops are "ignore", "log", "alert", and "exit"/);
  assert.deepEqual(readDropConfig(cfg({ syscall_event_drops: { actions: ['log', 'alert', 'log'] } })).actions, ['log', 'alert']);
});

function simulate(actions: DropConfig['actions'], seconds: number, maxBurst = 10) {
  const logs: string[] = [];
  const alerts: DropAlert[] = [];
  const m = new EventDropMonitor({ actions, threshold: 0.1, rate: 0.03333, maxBurst, simulateDrops: true },
    () => ({ events: 0, drops: 0 }), { log: (l, s) => logs.push(`${l}: ${s}`), alert: (a) => alerts.push(a) });
  let stopped = -1;
  const t0 = 1.47e18;
  // a hundred events per second of event time
  for (let i = 0; i <= seconds * 100; i++) {
    if (!m.onEvent(t0 + i * 1e7 + 1)) { stopped = i; break; }
  }
  return { m, logs, alerts, stopped };
}

test('simulated drops: one occurrence per second of events, actions limited by the bucket', () => {
  const { m, logs, alerts } = simulate(['alert'], 9.5);
  assert.equal(m.detected, 9);
  assert.equal(m.actionsTaken, 9);
  assert.equal(alerts.length, 9);
  assert.equal(alerts[0]!.rule, 'Falco internal: syscall event drop');
  assert.equal(alerts[0]!.msg, 'Falco internal: syscall event drop. 1 system calls dropped in last second.');
  assert.equal(alerts[0]!.fields.n_drops, '1');
  assert.equal(Object.keys(alerts[0]!.fields).length, 19);
  assert.equal(logs.filter((l) => l === 'info: Simulating syscall event drop').length, 9);
  assert.equal(m.formatStats(), 'Syscall event drop monitoring:\n   - event drop detected: 9 occurrences\n   - num times actions taken: 9\n');

  const limited = simulate(['log'], 9.5, 2);
  assert.equal(limited.m.detected, 9);
  assert.equal(limited.m.actionsTaken, 2);
  assert.equal(limited.logs.filter((l) => l.includes('Falco internal: syscall event drop. 1 system calls')).length, 2);
});

test('ignore takes no action; exit stops at the first occurrence', () => {
  const ign = simulate(['ignore'], 9.5);
  assert.equal(ign.m.actionsTaken, 9);
  assert.equal(ign.alerts.length, 0);
  assert.ok(!ign.logs.some((l) => l.includes('Falco internal')));
  const ex = simulate(['exit'], 9.5);
  assert.equal(ex.stopped, 101);
  assert.equal(ex.m.detected, 1);
  assert.deepEqual(ex.logs.slice(-2), ['critical: Falco internal: syscall event drop. 1 system calls dropped in last second.', 'critical: Exiting.']);
});

test('without simulation, drops below the threshold are not reported', () => {
  let counters = { events: 0, drops: 0 };
  const m = new EventDropMonitor({ actions: ['alert'], threshold: 0.1, rate: 1, maxBurst: 10, simulateDrops: false },
    () => counters, { log: () => {}, alert: () => {} });
  m.onEvent(1e9);
  counters = { events: 100, drops: 5 };
  m.onEvent(2.5e9);
  assert.equal(m.detected, 0);
  counters = { events: 200, drops: 25 };
  m.onEvent(4e9);
  assert.equal(m.detected, 1);
});
