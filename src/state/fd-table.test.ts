// FdTable keeps the Map semantics the parsers rely on, across its array and Map halves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FdInfo } from './fd-info.js';
import { FdTable } from './fd-table.js';

const info = (name: string): FdInfo => { const f = new FdInfo(); f.name = name; return f; };

test('get/set/has/delete/size across small, large and negative fds', () => {
  const t = new FdTable();
  const a = info('a'), b = info('b'), c = info('c'), d = info('d');
  t.set(3, a).set(1023, b).set(1024, c).set(-100, d);
  assert.equal(t.size, 4);
  assert.equal(t.get(3), a); assert.equal(t.get(1023), b); assert.equal(t.get(1024), c); assert.equal(t.get(-100), d);
  assert.equal(t.get(4), undefined); assert.equal(t.get(5000), undefined); assert.equal(t.has(2), false);
  t.set(3, b);
  assert.equal(t.size, 4, 'replacing an fd keeps the count');
  assert.equal(t.get(3), b);
  assert.equal(t.delete(3), true); assert.equal(t.delete(3), false); assert.equal(t.delete(1024), true); assert.equal(t.delete(7), false);
  assert.equal(t.size, 2);
  t.clear();
  assert.equal(t.size, 0); assert.equal(t.get(1023), undefined); assert.equal(t.get(-100), undefined);
});

test('iteration: small fds ascending, then the others; deleting while iterating is safe', () => {
  const t = new FdTable();
  for (const fd of [70000, 5, 0, 2, 4096, 9]) t.set(fd, info(String(fd)));
  assert.deepEqual([...t.keys()], [0, 2, 5, 9, 70000, 4096]);
  assert.deepEqual([...t.values()].map((f) => f.name), ['0', '2', '5', '9', '70000', '4096']);
  for (const [fd] of t) if (fd % 2 === 0) t.delete(fd); // as close_range and exec's close-on-exec do
  assert.deepEqual([...t.keys()], [5, 9]);
  const seen: number[] = [];
  t.forEach((f, fd, table) => { assert.equal(table, t); assert.equal(f.name, String(fd)); seen.push(fd); });
  assert.deepEqual(seen, [5, 9]);
});

test('open/close churn of many fds keeps the count and the entries right', () => {
  const t = new FdTable();
  const live = new Map<number, FdInfo>();
  let x = 12345;
  for (let i = 0; i < 20000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const fd = x % 3 === 0 ? 1024 + (x % 50) : x % 200;
    if (x % 2 === 0) { const f = info(`${i}`); t.set(fd, f); live.set(fd, f); } else { assert.equal(t.delete(fd), live.delete(fd)); }
  }
  assert.equal(t.size, live.size);
  for (const [fd, f] of live) assert.equal(t.get(fd), f);
  assert.deepEqual(new Set(t.keys()), new Set(live.keys()));
});
