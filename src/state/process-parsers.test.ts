import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { FLAG_TABLES } from '../events/flag-tables.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import type { EvalContext } from './eval-context.js';
import { SyscallState } from './syscall-state.js';
import { testEvent } from './test-event-builder.js';
import * as TI from './thread-info.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const r = registry.resolve('syscall', text, undefined)!;
  return r.decl.bind!(r.arg)(ctx);
}

function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const init = { ...newThreadRecord(), tid: 1, pid: 1, ptid: 0, comm: 'init', exe: '/sbin/init', vpid: 1, vtid: 1 };
  const sh = { ...newThreadRecord(), tid: 50, pid: 50, ptid: 1, comm: 'sh', exe: 'sh', exepath: '/bin/sh', cwd: '/', vpid: 50, vtid: 50 };
  s.loadHeader({ threads: [init, sh], fds: [{ tid: 50, fd: 3, ino: 0n, type: 16, name: '/tmp/x', openFlags: 1 }], users: [], groups: [] });
  return s;
}

function exec(s: SyscallState, tid: number, flags: number): EvalContext {
  s.process(testEvent('SYSCALL_EXECVE_19_E', tid, { filename: '/bin/app' }));
  return s.process(testEvent('SYSCALL_EXECVE_19_X', tid, { res: 0, exe: '/bin/app', args: [], tid, pid: tid, ptid: 1, cwd: '', comm: 'app', flags }));
}

test('clone flag constants are the schema values', () => {
  const table = new Map(FLAG_TABLES.clone_flags);
  assert.equal(TI.PPM_CL_CLONE_FILES, table.get('CLONE_FILES'));
  assert.equal(TI.PPM_CL_CLONE_THREAD, table.get('CLONE_THREAD'));
  assert.equal(TI.PPM_CL_CLONE_INVERTED, table.get('CLONE_INVERTED'));
  assert.equal(TI.PPM_CL_CLONE_VFORK, table.get('CLONE_VFORK'));
  assert.equal(TI.PPM_CL_CLONE_NEWPID, table.get('CLONE_NEWPID'));
  assert.equal(TI.PPM_CL_CLONE_PARENT, table.get('CLONE_PARENT'));
  assert.equal(TI.PPM_CL_CHILD_IN_PIDNS, table.get('CLONE_CHILD_IN_PIDNS'));
});

test('a clone with CLONE_THREAD adds a thread of the same process sharing its fds', () => {
  const s = seeded();
  s.process(testEvent('SYSCALL_CLONE_20_E', 50, {}));
  const flags = TI.PPM_CL_CLONE_THREAD | TI.PPM_CL_CLONE_FILES;
  s.process(testEvent('SYSCALL_CLONE_20_X', 50, { res: 51, exe: 'sh', args: [], tid: 50, pid: 50, ptid: 1, cwd: '', comm: 'sh', flags, vtid: 50, vpid: 50 }));
  const t = s.threads.get(51)!;
  assert.equal(t.pid, 50);
  assert.equal(t.isMainThread, false);
  assert.equal(t.fds, s.threads.get(50)!.fds);
  s.process(testEvent('SYSCALL_CLONE_20_E', 50, {}));
  s.process(testEvent('SYSCALL_CLONE_20_X', 50, { res: 60, exe: 'sh', args: [], tid: 50, pid: 50, ptid: 1, cwd: '', comm: 'sh', flags: 0, vtid: 50, vpid: 50 }));
  const child = s.threads.get(60)!;
  assert.equal(child.pid, 60);
  assert.equal(child.ptid, 50);
  assert.notEqual(child.fds, s.threads.get(50)!.fds);
  assert.equal(child.fds.get(3)?.name, '/tmp/x');
});

test('execve exit flags set the exe facts the proc fields read', () => {
  const s = seeded();
  let c = exec(s, 50, 2);
  assert.equal(field(c, 'proc.is_exe_upper_layer'), true);
  assert.equal(field(c, 'proc.is_exe_lower_layer'), false);
  assert.equal(field(c, 'proc.is_exe_from_memfd'), false);
  assert.equal(field(c, 'proc.is_exe_writable'), false);
  c = exec(s, 50, 1 | 4);
  assert.equal(field(c, 'proc.is_exe_upper_layer'), false);
  assert.equal(field(c, 'proc.is_exe_from_memfd'), true);
  assert.equal(field(c, 'proc.is_exe_writable'), true);
  c = exec(s, 50, 8);
  assert.equal(field(c, 'proc.is_exe_lower_layer'), true);
  // a forked child keeps its parent's facts until it executes something else
  exec(s, 50, 2);
  s.process(testEvent('SYSCALL_CLONE_20_E', 50, {}));
  s.process(testEvent('SYSCALL_CLONE_20_X', 50, { res: 70, exe: 'app', args: [], tid: 50, pid: 50, ptid: 1, cwd: '', comm: 'app', flags: 0, vtid: 50, vpid: 50 }));
  c = s.process(testEvent('SYSCALL_GETUID_E', 70, {}));
  assert.equal(field(c, 'proc.is_exe_upper_layer'), true);
});

test('execs alternating between cgroups lists get each list and container id right (decoded lists are reused)', () => {
  const s = seeded();
  const ID = 'a'.repeat(64);
  const inCtr = [`cpu=/docker/${ID}`, 'memory=/docker'];
  const onHost = ['cpu=/user.slice', 'memory=/user.slice'];
  const run = (cgroups: string[], env: string[]) => {
    s.process(testEvent('SYSCALL_EXECVE_19_E', 50, { filename: '/bin/app' }));
    return s.process(testEvent('SYSCALL_EXECVE_19_X', 50, { res: 0, exe: '/bin/app', args: ['-x'], tid: 50, pid: 50, ptid: 1, cwd: '', comm: 'app', cgroups, env }));
  };
  for (const [cgroups, id] of [[inCtr, ID.slice(0, 12)], [onHost, 'host'], [inCtr, ID.slice(0, 12)], [inCtr, ID.slice(0, 12)]] as const) {
    const env = [`RUN=${id}`];
    const ctx = run([...cgroups], env);
    assert.equal(field(ctx, 'container.id'), id);
    assert.deepEqual(s.threads.get(50)!.cgroups, cgroups);
    assert.deepEqual(s.threads.get(50)!.env, env);
    assert.deepEqual(s.threads.get(50)!.args, ['-x']);
  }
});
