// The enter-event store: enter events with parameters are copied for their exit parser;
// those without (old layouts of open send them) are kept as their code only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { EVENT_INFO } from '../events/event-info.js';
import { ScapEvent } from '../events/scap-event.js';
import { enterEventOf } from './enter-event-store.js';
import { SyscallState } from './syscall-state.js';
import { testEvent } from './test-event-builder.js';

const TID = 90;

/** An event of schema id `id` carrying no parameters at all (a 26-byte header). */
function emptyEvent(id: string): ScapEvent {
  const code = EVENT_INFO.find((e) => e.id === id)!.code;
  const b = Buffer.alloc(26);
  b.writeBigUInt64LE(5n, 0);
  b.writeBigUInt64LE(BigInt(TID), 8);
  b.writeUInt32LE(26, 16);
  b.writeUInt16LE(code, 20);
  return new ScapEvent(b, 0, 26, 0, 2, 1, 0, 0);
}

function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  s.loadHeader({ threads: [{ ...newThreadRecord(), tid: TID, pid: TID, ptid: 0, comm: 'a', exe: 'a', cwd: '/w/', vpid: TID, vtid: TID }], fds: [], users: [], groups: [] });
  return s;
}

test('an empty enter event pairs with its exit by code; a copied one before it is not read again', () => {
  const s = seeded();
  s.process(testEvent('SYSCALL_OPEN_E', TID, { name: 'from-enter', flags: 1, mode: 0 }));
  s.process(testEvent('SYSCALL_OPEN_X', TID, { fd: 3, name: 'from-exit', flags: 1, mode: 0 }));
  assert.equal(s.threads.get(TID)!.fds.get(3)!.name, '/w/from-enter', 'the enter event\'s name wins');
  s.process(emptyEvent('SYSCALL_OPEN_E'));
  const enter = enterEventOf(s.threads.get(TID));
  assert.equal(enter?.type, EVENT_INFO.find((e) => e.id === 'SYSCALL_OPEN_E')!.code);
  assert.equal(enter?.nparams, 0);
  s.process(testEvent('SYSCALL_OPEN_X', TID, { fd: 4, name: 'exit-only', flags: 1, mode: 0 }));
  assert.equal(s.threads.get(TID)!.fds.get(4)!.name, '/w/exit-only');
  s.process(emptyEvent('SYSCALL_CLOSE_E'));
  assert.equal(enterEventOf(s.threads.get(TID)), undefined, 'close enter events are not kept');
});

test('a thread whose first kept enter event is empty still pairs it', () => {
  const s = seeded();
  s.process(emptyEvent('SYSCALL_OPEN_E'));
  s.process(testEvent('SYSCALL_OPEN_X', TID, { fd: 5, name: '/abs', flags: 1, mode: 0 }));
  assert.equal(s.threads.get(TID)!.fds.get(5)!.name, '/abs');
  assert.equal(enterEventOf(s.threads.get(TID))?.nparams, 0);
});
