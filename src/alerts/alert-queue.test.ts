import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertQueue } from './alert-queue.js';
import type { Alert } from './alert.js';

const alert = (n: number): Alert => ({ ts: BigInt(n), rule: `r${n}`, priority: 4, source: 'syscall', tags: [], hostname: 'h', text: `${n}`, line: `${n}` });

test('a full queue refuses and counts; order is kept across wrap-around', () => {
  const q = new AlertQueue(3);
  assert.ok(q.push(alert(1)) && q.push(alert(2)) && q.push(alert(3)));
  assert.equal(q.push(alert(4)), false);
  assert.equal(q.dropped, 1);
  assert.equal(q.shift()!.line, '1');
  assert.ok(q.push(alert(5)));
  assert.deepEqual([q.shift(), q.shift(), q.shift(), q.shift()].map((a) => a?.line), ['2', '3', '5', undefined]);
  assert.equal(q.accepted, 4);
});

test('waiters: whenNotEmpty wakes on push, whenRoom when half empty', async () => {
  const q = new AlertQueue(4);
  let woke = false;
  const w = q.whenNotEmpty().then(() => { woke = true; });
  await Promise.resolve();
  assert.equal(woke, false);
  q.push(alert(1));
  await w;
  assert.equal(woke, true);
  for (let i = 2; i <= 4; i++) q.push(alert(i));
  let room = false;
  const r = q.whenRoom().then(() => { room = true; });
  q.shift();
  await Promise.resolve();
  assert.equal(room, false);
  q.shift();
  await r;
  assert.equal(room, true);
  assert.throws(() => new AlertQueue(0), RangeError);
});
