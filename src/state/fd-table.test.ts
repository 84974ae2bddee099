// FdTable keeps the Map semantics the parsers rely on, across its array and Map halves, and
// the fd parsers (open, close, close_range, dup2, execve's close-on-exec) work over it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FdInfo } from './fd-info.js';
import { FdTable } from './fd-table.js';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { SyscallState } from './syscall-state.js';
import { testEvent, type TestParam } from './test-event-builder.js';

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
  t.set(2.5, a);
  assert.equal(t.get(2.5), a, 'a number that is no array index goes to the Map half');
  assert.equal(t.delete(2.5), true);
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

// The parsers over an FdTable: large fds, close_range, dup onto a large fd, close.
const TID = 70;
function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const t = { ...newThreadRecord(), tid: TID, pid: TID, ptid: 0, comm: 'sh', exe: 'sh', cwd: '/', vpid: TID, vtid: TID };
  s.loadHeader({ threads: [t], fds: [], users: [], groups: [] });
  return s;
}
function feed(s: SyscallState, id: string, params: Record<string, TestParam>): void { s.process(testEvent(id, TID, params)); }
function open(s: SyscallState, fd: number, name: string): void {
  feed(s, 'SYSCALL_OPEN_E', {});
  feed(s, 'SYSCALL_OPEN_X', { fd, name, flags: 1, mode: 0 });
}
const names = (s: SyscallState): [number, string][] => [...s.threads.get(TID)!.fds].map(([fd, f]) => [fd, f.name]);

test('opens and closes of small and large fds; close_range removes the range across both halves', () => {
  const s = seeded();
  for (const fd of [3, 4, 1023, 1024, 5000, 70000]) open(s, fd, `/f${fd}`);
  assert.deepEqual(names(s), [[3, '/f3'], [4, '/f4'], [1023, '/f1023'], [1024, '/f1024'], [5000, '/f5000'], [70000, '/f70000']]);
  feed(s, 'SYSCALL_CLOSE_E', { fd: 5000 });
  feed(s, 'SYSCALL_CLOSE_X', { res: 0, fd: 5000 });
  assert.equal(s.threads.get(TID)!.fds.has(5000), false);
  feed(s, 'SYSCALL_CLOSE_RANGE_X', { res: 0, first: 4, last: 1024, flags: 0 });
  assert.deepEqual(names(s), [[3, '/f3'], [70000, '/f70000']]);
  assert.equal(s.threads.get(TID)!.fds.size, 2);
});

test('close_range with CLOSE_RANGE_CLOEXEC marks the range; execve then closes it', () => {
  const s = seeded();
  for (const fd of [0, 1, 2, 9, 2000]) open(s, fd, `/f${fd}`);
  feed(s, 'SYSCALL_CLOSE_RANGE_X', { res: 0, first: 3, last: 0xffffffff, flags: 4 });
  assert.equal(s.threads.get(TID)!.fds.get(2000)!.cloexec, true);
  assert.equal(s.threads.get(TID)!.fds.get(2)!.cloexec, false);
  feed(s, 'SYSCALL_EXECVE_19_E', { filename: '/bin/true' });
  feed(s, 'SYSCALL_EXECVE_19_X', { res: 0, exe: '/bin/true', args: [], tid: TID, pid: TID, ptid: 0, cwd: '', comm: 'true' });
  assert.deepEqual(names(s).map(([fd]) => fd), [0, 1, 2]);
});

test('dup2 onto a large fd and back copies the record; closing one leaves the other', () => {
  const s = seeded();
  open(s, 3, '/etc/passwd');
  feed(s, 'SYSCALL_DUP2_X', { res: 4096, oldfd: 3, newfd: 4096 });
  feed(s, 'SYSCALL_DUP2_X', { res: 7, oldfd: 4096, newfd: 7 });
  const fds = s.threads.get(TID)!.fds;
  assert.deepEqual(names(s), [[3, '/etc/passwd'], [7, '/etc/passwd'], [4096, '/etc/passwd']]);
  assert.notEqual(fds.get(3), fds.get(4096));
  assert.notEqual(fds.get(7), fds.get(4096));
  feed(s, 'SYSCALL_CLOSE_E', { fd: 4096 });
  feed(s, 'SYSCALL_CLOSE_X', { res: 0, fd: 4096 });
  assert.deepEqual(names(s).map(([fd]) => fd), [3, 7]);
});
