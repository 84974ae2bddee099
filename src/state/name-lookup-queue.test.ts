// The lookup queue: shared lookups, urgent ones first and fresh, late results of older
// lookups ignored, never more than `atOnce` lookups under way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedAddress } from './dns-name-cache.js';
import { NameLookupQueue } from './name-lookup-queue.js';

const v4 = (address: string): ResolvedAddress[] => [{ address, family: 4 }];

/** A resolver whose answers the test gives by hand, in any order. */
function manualResolver() {
  const calls: { name: string; answer: (a: ResolvedAddress[]) => void }[] = [];
  const resolver = (name: string) => new Promise<readonly ResolvedAddress[]>((r) => { calls.push({ name, answer: r }); });
  return { calls, resolver };
}

test('a request for a name already being looked up shares that lookup', async () => {
  const m = manualResolver();
  const got: string[] = [];
  const q = new NameLookupQueue(m.resolver, (n, a) => got.push(`${n}=${a[0]?.address}`));
  const a = q.request('a.example');
  const b = q.request('a.example');
  assert.equal(m.calls.length, 1);
  m.calls[0]!.answer(v4('10.0.0.1'));
  await Promise.all([a, b]);
  assert.deepEqual(got, ['a.example=10.0.0.1']);
});

test('an urgent request starts a fresh lookup; the older one answering later is ignored', async () => {
  const m = manualResolver();
  const got: string[] = [];
  const q = new NameLookupQueue(m.resolver, (n, a) => got.push(`${n}=${a[0]?.address}`), { atOnce: 4 });
  const old = q.request('a.example');
  const fresh = q.request('a.example', true);
  assert.equal(m.calls.length, 2);
  m.calls[1]!.answer(v4('10.0.0.2'));
  await fresh;
  m.calls[0]!.answer(v4('10.0.0.1'));
  await old;
  assert.deepEqual(got, ['a.example=10.0.0.2']);
});

test('urgent names jump the queue; lookups never exceed atOnce, however long they take', async () => {
  const m = manualResolver();
  const slow: string[] = [];
  const q = new NameLookupQueue(m.resolver, (n, _a, isSlow) => { if (isSlow) slow.push(n); }, { atOnce: 1, slowMs: 20 });
  const hangs = q.request('hangs.example');
  void q.request('b.example');
  const c = q.request('c.example', true);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(m.calls.map((x) => x.name), ['hangs.example']);
  m.calls[0]!.answer([]);
  await hangs;
  assert.deepEqual(slow, ['hangs.example']);
  assert.deepEqual(m.calls.map((x) => x.name), ['hangs.example', 'c.example']);
  m.calls[1]!.answer([]);
  await c;
  assert.deepEqual(m.calls.map((x) => x.name), ['hangs.example', 'c.example', 'b.example']);
  q.clear();
  m.calls[2]!.answer([]);
});

test('supersede: lookups under way for a name no longer count', async () => {
  const m = manualResolver();
  const got: string[] = [];
  const q = new NameLookupQueue(m.resolver, (n) => got.push(n));
  const p = q.request('a.example');
  q.supersede('a.example');
  m.calls[0]!.answer(v4('10.0.0.1'));
  await p;
  assert.deepEqual(got, []);
});
