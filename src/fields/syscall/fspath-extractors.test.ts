// fs.path.* and evt.abspath: the parameters each call names, success-only values, and
// relative paths joined to the right directory fd (linkat's olddir/newdir included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../../capture/scap-header-records.js';
import { createDefaultRegistry } from '../index.js';
import { syscallBinders } from './binders.js';
import type { EvalContext } from '../../state/eval-context.js';
import { SyscallState } from '../../state/syscall-state.js';
import { testEvent, type TestParam } from '../../state/test-event-builder.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const r = registry.resolve('syscall', text, undefined)!;
  return r.decl.bind!(r.arg)(ctx);
}

const TID = 70;
const O_RDONLY = 1, O_DIRECTORY = 1024;

/** A shell in /home/u/ with directory fds 7 (/srv/a) and 8 (/srv/b). */
function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const sh = { ...newThreadRecord(), tid: TID, pid: TID, ptid: 1, comm: 'sh', exe: 'sh', exepath: '/bin/sh', cwd: '/home/u', vpid: TID, vtid: TID };
  s.loadHeader({ threads: [sh], fds: [], users: [], groups: [] });
  for (const [fd, name] of [[7, '/srv/a'], [8, '/srv/b']] as const) {
    s.process(testEvent('SYSCALL_OPENAT_2_X', TID, { fd, dirfd: -100, name, flags: O_RDONLY | O_DIRECTORY, mode: 0, dev: 0, ino: 0 }));
  }
  return s;
}

function fields(id: string, params: Record<string, TestParam>, names: string[]): Record<string, unknown> {
  const ctx = seeded().process(testEvent(id, TID, params));
  return Object.fromEntries(names.map((n) => [n, field(ctx, n)]));
}

const SRC_TGT = ['fs.path.source', 'fs.path.sourceraw', 'fs.path.target', 'fs.path.targetraw', 'fs.path.name'];

// As in libsinsp: for links the source is the new name, the target the existing file.
test('linkat joins relative paths to olddir and newdir', () => {
  assert.deepEqual(fields('SYSCALL_LINKAT_2_X', { res: 0, olddir: 7, oldpath: 'x/../f', newdir: 8, newpath: 'g', flags: 0 }, SRC_TGT), {
    'fs.path.target': '/srv/a/f', 'fs.path.targetraw': 'x/../f', 'fs.path.source': '/srv/b/g', 'fs.path.sourceraw': 'g', 'fs.path.name': undefined,
  });
  const cwd = fields('SYSCALL_LINKAT_2_X', { res: 0, olddir: -100, oldpath: 'f', newdir: 99, newpath: 'g', flags: 0 }, ['fs.path.source', 'fs.path.target']);
  assert.deepEqual(cwd, { 'fs.path.target': '/home/u/f', 'fs.path.source': '<UNKNOWN>/g' });
});

test('evt.abspath.src and .dst of linkat use olddir and newdir', () => {
  const v = fields('SYSCALL_LINKAT_2_X', { res: 0, olddir: 7, oldpath: 'f', newdir: 8, newpath: 'g', flags: 0 }, ['evt.abspath', 'evt.abspath.src', 'evt.abspath.dst']);
  assert.deepEqual(v, { 'evt.abspath': '/srv/a/f', 'evt.abspath.src': '/srv/a/f', 'evt.abspath.dst': '/srv/b/g' });
});

test('a failed call has no fs.path value', () => {
  const v = fields('SYSCALL_LINKAT_2_X', { res: -2, olddir: 7, oldpath: 'f', newdir: 8, newpath: 'g', flags: 0 }, ['fs.path.source', 'fs.path.targetraw']);
  assert.deepEqual(v, { 'fs.path.source': undefined, 'fs.path.targetraw': undefined });
  assert.equal(fields('SYSCALL_UNLINK_2_X', { res: -1, path: '/tmp/x' }, ['fs.path.name'])['fs.path.name'], undefined);
});

test('renameat and renameat2 use olddirfd and newdirfd', () => {
  for (const id of ['SYSCALL_RENAMEAT_X', 'SYSCALL_RENAMEAT2_X']) {
    const v = fields(id, { res: 0, olddirfd: 7, oldpath: 'f', newdirfd: 8, newpath: '../c/g', flags: 0 }, ['fs.path.source', 'fs.path.target']);
    assert.deepEqual(v, { 'fs.path.source': '/srv/a/f', 'fs.path.target': '/srv/c/g' }, id);
  }
});

// As in libsinsp: for symlinks the source is the link, the target what it points to.
test('symlinkat: the link joins linkdirfd, relative contents join the link\'s directory', () => {
  const v = fields('SYSCALL_SYMLINKAT_X', { res: 0, target: '../../etc/shadow', linkdirfd: 7, linkpath: 'sub/l' }, SRC_TGT);
  assert.deepEqual(v, {
    'fs.path.target': '/srv/etc/shadow', 'fs.path.targetraw': '../../etc/shadow', 'fs.path.source': '/srv/a/sub/l', 'fs.path.sourceraw': 'sub/l', 'fs.path.name': undefined,
  });
  const abs = fields('SYSCALL_SYMLINK_X', { res: 0, target: '/etc//shadow', linkpath: 'l' }, ['fs.path.source', 'fs.path.target']);
  assert.deepEqual(abs, { 'fs.path.target': '/etc/shadow', 'fs.path.source': '/home/u/l' });
});

test('mkdirat, unlinkat, fchmodat join dirfd; chmod joins the working directory; fchmod names its fd', () => {
  assert.equal(fields('SYSCALL_MKDIRAT_X', { res: 0, dirfd: 7, path: 'new', mode: 0o755 }, ['fs.path.name'])['fs.path.name'], '/srv/a/new');
  assert.equal(fields('SYSCALL_UNLINKAT_2_X', { res: 0, dirfd: 8, name: 'old', flags: 0 }, ['fs.path.name'])['fs.path.name'], '/srv/b/old');
  assert.equal(fields('SYSCALL_FCHMODAT_X', { res: 0, dirfd: -100, filename: 'f', mode: 0o4755 }, ['fs.path.name'])['fs.path.name'], '/home/u/f');
  assert.equal(fields('SYSCALL_CHMOD_X', { res: 0, filename: 'a/./b', mode: 0o644 }, ['fs.path.name'])['fs.path.name'], '/home/u/a/b');
  assert.equal(fields('SYSCALL_FCHMOD_X', { res: 0, fd: 7, mode: 0o644 }, ['fs.path.name'])['fs.path.name'], '/srv/a');
});

test('calls outside the fs.path tables have no value', () => {
  const v = fields('SYSCALL_EXECVE_19_X', { res: 0, exe: 'x', args: [], tid: TID, pid: TID, ptid: 1, cwd: '', comm: 'x', filename: '/bin/x' }, ['fs.path.name', 'fs.path.source']);
  assert.deepEqual(v, { 'fs.path.name': undefined, 'fs.path.source': undefined });
});
