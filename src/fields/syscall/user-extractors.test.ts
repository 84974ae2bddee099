// user/group fields as libsinsp gives them when the tables lack the id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../../capture/scap-header-records.js';
import { createDefaultRegistry } from '../index.js';
import { syscallBinders } from './binders.js';
import type { EvalContext } from '../../state/eval-context.js';
import { SyscallState } from '../../state/syscall-state.js';
import { testEvent } from '../../state/test-event-builder.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const r = registry.resolve('syscall', text, undefined)!;
  return r.decl.bind!(r.arg)(ctx);
}

test('user.name, user.homedir, group.name: root for id 0 without a table entry, the text <NA> for other unknown ids', () => {
  const s = new SyscallState({ hostname: 'h' });
  s.loadHeader({ threads: [
    { ...newThreadRecord(), tid: 10, pid: 10, ptid: 1, comm: 'a', exe: 'a', uid: 0, gid: 0, loginuid: 0, vpid: 10, vtid: 10 },
    { ...newThreadRecord(), tid: 11, pid: 11, ptid: 1, comm: 'b', exe: 'b', uid: 1234, gid: 1234, loginuid: 0xffffffff, vpid: 11, vtid: 11 },
  ], fds: [], users: [], groups: [] });
  const root = s.process(testEvent('SYSCALL_CLOSE_X', 10, { res: 0 }));
  assert.deepEqual(['user.name', 'user.homedir', 'user.shell', 'user.loginname', 'group.name'].map((n) => field(root, n)), ['root', '/root', '<NA>', 'root', 'root']);
  const other = s.process(testEvent('SYSCALL_CLOSE_X', 11, { res: 0 }));
  assert.deepEqual(['user.name', 'user.homedir', 'user.loginuid', 'user.loginname', 'group.name'].map((n) => field(other, n)), ['<NA>', '<NA>', -1, '<NA>', '<NA>']);
});
