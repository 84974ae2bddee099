import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import { SyscallState } from './syscall-state.js';
import type { EvalContext } from './eval-context.js';
import { testEvent } from './test-event-builder.js';
import { containerFromCgroups } from './cgroup-container-id.js';
import { concatenatePaths } from './path-utils.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(text)!;
  const r = registry.resolve('syscall', m[1], m[2])!;
  return r.decl.bind!(r.arg)(ctx);
}

function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const init = { ...newThreadRecord(), tid: 1, pid: 1, ptid: 0, comm: 'systemd', exe: '/sbin/init', exepath: '/sbin/init', cwd: '/', sid: 1, vpid: 1, vtid: 1 };
  const bash = { ...newThreadRecord(), tid: 100, pid: 100, ptid: 1, comm: 'bash', exe: 'bash', exepath: '/bin/bash', args: ['-i'], cwd: '/home/u', uid: 1000, gid: 1000, sid: 100, vpid: 100, vtid: 100, tty: 34816, env: ['HOME=/home/u', 'PATH=/bin'] };
  s.loadHeader({ threads: [init, bash], fds: [{ tid: 100, fd: 0, ino: 0n, type: 16, name: '/dev/pts/0', openFlags: 3 }],
    users: [{ uid: 1000, gid: 1000, name: 'u', homedir: '/home/u', shell: '/bin/bash' }], groups: [{ gid: 1000, name: 'ug' }] });
  return s;
}

test('clone, execve, open, chdir, close and procexit drive the tables', () => {
  const s = seeded();
  s.process(testEvent('SYSCALL_CLONE_20_E', 100, {}));
  let c = s.process(testEvent('SYSCALL_CLONE_20_X', 100, { res: 200, exe: 'bash', args: ['-i'], tid: 100, pid: 100, ptid: 1, cwd: '', comm: 'bash', flags: 0, uid: 1000, gid: 1000, vtid: 100, vpid: 100 }));
  assert.equal(s.threads.get(200)?.ptid, 100);
  assert.equal(s.threads.get(200)?.fds.get(0)?.name, '/dev/pts/0');
  s.process(testEvent('SYSCALL_EXECVE_19_E', 200, { filename: 'cat' }));
  c = s.process(testEvent('SYSCALL_EXECVE_19_X', 200, { res: 0, exe: 'cat', args: ['/etc/passwd'], tid: 200, pid: 200, ptid: 100, cwd: '', comm: 'cat', env: ['A=1'], tty: 34816, loginuid: 1000, flags: 4 }));
  assert.equal(field(c, 'proc.name'), 'cat');
  assert.equal(field(c, 'proc.cmdline'), 'cat /etc/passwd');
  assert.equal(field(c, 'proc.exepath'), '/home/u/cat');
  assert.equal(field(c, 'proc.pname'), 'bash');
  assert.equal(field(c, 'proc.aname[2]'), 'systemd');
  assert.deepEqual(field(c, 'proc.aname'), ['bash', 'systemd']);
  assert.equal(field(c, 'proc.apid[1]'), 100);
  assert.equal(field(c, 'proc.env[A]'), '1');
  assert.equal(field(c, 'proc.is_exe_from_memfd'), true);
  assert.equal(field(c, 'user.name'), 'u');
  assert.equal(field(c, 'group.name'), 'ug');
  assert.equal(field(c, 'proc.tty'), 34816);
  assert.equal(field(c, 'container.id'), 'host');
  s.process(testEvent('SYSCALL_CHDIR_E', 200, {}));
  s.process(testEvent('SYSCALL_CHDIR_X', 200, { res: 0, path: '../x/./y' }));
  assert.equal(s.threads.get(200)?.cwd, '/home/x/y/');
  s.process(testEvent('SYSCALL_OPEN_E', 200, { name: 'f.txt', flags: 1 | 4096, mode: 0 }));
  c = s.process(testEvent('SYSCALL_OPEN_X', 200, { fd: 3, name: 'f.txt', flags: 1 | 4096, mode: 0 }));
  assert.equal(field(c, 'fd.name'), '/home/x/y/f.txt');
  assert.equal(field(c, 'fd.num'), 3);
  assert.equal(field(c, 'fd.typechar'), 'f');
  assert.equal(field(c, 'fd.directory'), '/home/x/y');
  assert.equal(field(c, 'fd.filename'), 'f.txt');
  assert.equal(field(c, 'evt.is_open_read'), true);
  assert.equal(field(c, 'evt.is_open_write'), false);
  assert.equal(field(c, 'evt.arg.flags'), 'O_RDONLY|O_CLOEXEC');
  assert.equal(field(c, 'evt.arg.fd'), '<f>/home/x/y/f.txt');
  assert.equal(field(c, 'evt.res'), 'SUCCESS');
  c = s.process(testEvent('SYSCALL_CLOSE_E', 200, { fd: 3 }));
  assert.equal(field(c, 'fd.name'), '/home/x/y/f.txt');
  c = s.process(testEvent('SYSCALL_CLOSE_X', 200, { res: 0 }));
  assert.equal(field(c, 'fd.name'), '/home/x/y/f.txt');
  assert.equal(s.threads.get(200)?.fds.has(3), false);
  s.process(testEvent('SYSCALL_OPEN_E', 200, { name: '/nope', flags: 1, mode: 0 }));
  c = s.process(testEvent('SYSCALL_OPEN_X', 200, { fd: -2, name: '/nope', flags: 1, mode: 0 }));
  assert.equal(field(c, 'evt.res'), 'ENOENT');
  assert.equal(field(c, 'evt.failed'), true);
  assert.equal(field(c, 'fd.name'), '/nope');
  // bash exits: its child is handed to init (reaper_tid)
  c = s.process(testEvent('PROCEXIT_1_E', 100, { status: 0, ret: 0, sig: 0, core: 0, reaper_tid: 1 }));
  assert.equal(field(c, 'proc.name'), 'bash');
  s.process(testEvent('SYSCALL_OPEN_E', 200, { name: '/a', flags: 1, mode: 0 }));
  assert.equal(s.threads.get(100), undefined);
  assert.equal(s.threads.get(200)?.ptid, 1);
});

test('openat resolves against the dirfd; sockets get tuples', () => {
  const s = seeded();
  s.process(testEvent('SYSCALL_OPEN_E', 100, { name: '/etc', flags: 1 | 1024, mode: 0 }));
  s.process(testEvent('SYSCALL_OPEN_X', 100, { fd: 5, name: '/etc', flags: 1 | 1024, mode: 0 }));
  assert.equal(s.threads.get(100)?.fds.get(5)?.typeChar, 'd');
  s.process(testEvent('SYSCALL_OPENAT_2_E', 100, { dirfd: 5, name: 'passwd', flags: 1, mode: 0 }));
  let c = s.process(testEvent('SYSCALL_OPENAT_2_X', 100, { fd: 6, dirfd: 5, name: 'passwd', flags: 1, mode: 0 }));
  assert.equal(field(c, 'fd.name'), '/etc/passwd');
  s.process(testEvent('SOCKET_SOCKET_E', 100, { domain: 2, type: 1, proto: 0 }));
  c = s.process(testEvent('SOCKET_SOCKET_X', 100, { fd: 7, domain: 2, type: 1, proto: 0, flags: 0 }));
  assert.equal(field(c, 'fd.typechar'), '4');
  assert.equal(field(c, 'fd.l4proto'), 'tcp');
  const tuple = Buffer.from([2, 10, 0, 0, 1, 0x39, 0x30, 93, 184, 216, 34, 80, 0]);
  s.process(testEvent('SOCKET_CONNECT_E', 100, { fd: 7, addr: Buffer.from([2, 93, 184, 216, 34, 80, 0]) }));
  c = s.process(testEvent('SOCKET_CONNECT_X', 100, { res: 0, tuple, fd: 7 }));
  assert.equal(field(c, 'fd.name'), '10.0.0.1:12345->93.184.216.34:80');
  assert.equal(field(c, 'fd.sport'), 80);
  assert.equal(field(c, 'fd.cport'), 12345);
  assert.deepEqual(field(c, 'fd.sip'), Uint8Array.from([93, 184, 216, 34]));
});

test('container ids from cgroups, paths', () => {
  const id = 'a'.repeat(64);
  assert.equal(containerFromCgroups([`cpu=/docker/${id}`])?.id, id);
  assert.equal(containerFromCgroups([`memory=/kubepods.slice/kubepods-pod1.slice/cri-containerd-${id}.scope`])?.runtime, 'containerd');
  assert.equal(containerFromCgroups([`pids=/machine.slice/libpod-${id}.scope`])?.runtime, 'podman');
  // crun with systemd puts the processes in a `container` child; cgroup mode split names the scope libpod-payload-
  assert.deepEqual(containerFromCgroups([`0::/machine.slice/libpod-${id}.scope/container`]), { id, runtime: 'podman' });
  assert.deepEqual(containerFromCgroups([`0::/machine.slice/libpod-payload-${id}.scope/container`]), { id, runtime: 'podman' });
  assert.equal(containerFromCgroups(['0::/user.slice/container']), undefined);
  assert.equal(containerFromCgroups([`cpu=/kubepods/besteffort/pod12/${id}`])?.runtime, 'cri');
  assert.equal(containerFromCgroups(['cpu=/user.slice']), undefined);
  assert.equal(concatenatePaths('/a/b/', '../c'), '/a/c');
  assert.equal(concatenatePaths('/a/', '/x//y/'), '/x/y');
});

test('event times whose low 32 bits have the top bit set keep their value (curTs, prevTs, evt.latency)', () => {
  const s = seeded();
  const t1 = 0x17a2_f000_0000n + 0xfffffff0n; // low word above 2^31
  const t2 = t1 + 0x30n; // carries into the high word
  s.process(testEvent('SYSCALL_CLOSE_E', 100, { fd: 0 }, t1));
  assert.equal(s.curTs, t1);
  const ctx = s.process(testEvent('SYSCALL_CLOSE_X', 100, { res: 0 }, t2));
  assert.equal(s.curTs, t2);
  assert.equal(s.prevTs, t1);
  assert.equal(s.threads.get(100)!.lastEnterTs, t1);
  assert.equal(field(ctx, 'evt.latency'), 0x30n);
  assert.equal(field(ctx, 'evt.deltatime'), 0x30n);
});
