// Close-on-exec tracking: dup/dup2 copies never carry the flag, dup3(O_CLOEXEC) and
// fcntl(F_DUPFD_CLOEXEC) set it, fcntl(F_SETFD) and close_range(CLOSE_RANGE_CLOEXEC) change
// it, and execve closes exactly the marked descriptors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { SyscallState } from './syscall-state.js';
import { testEvent, type TestParam } from './test-event-builder.js';

const O_CLOEXEC = 4096;
const TID = 50;

function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const init = { ...newThreadRecord(), tid: 1, pid: 1, ptid: 0, comm: 'init', exe: '/sbin/init', vpid: 1, vtid: 1 };
  const py = { ...newThreadRecord(), tid: TID, pid: TID, ptid: 1, comm: 'python3', exe: 'python3', exepath: '/usr/bin/python3', cwd: '/', vpid: TID, vtid: TID };
  s.loadHeader({ threads: [init, py], fds: [], users: [], groups: [] });
  return s;
}

function feed(s: SyscallState, id: string, params: Record<string, TestParam>): void { s.process(testEvent(id, TID, params)); }
function socket(s: SyscallState, fd: number, flags: number): void { feed(s, 'SOCKET_SOCKET_X', { fd, domain: 2, type: 1, proto: 0, flags }); }
function exec(s: SyscallState): void {
  feed(s, 'SYSCALL_EXECVE_19_E', { filename: '/bin/sh' });
  feed(s, 'SYSCALL_EXECVE_19_X', { res: 0, exe: '/bin/sh', args: [], tid: TID, pid: TID, ptid: 1, cwd: '', comm: 'sh' });
}
function fds(s: SyscallState): number[] { return [...s.threads.get(TID)!.fds.keys()].sort((a, b) => a - b); }

test('dup2 of a close-on-exec socket onto stdio survives execve; the socket itself does not', () => {
  const s = seeded();
  socket(s, 3, O_CLOEXEC);
  for (const n of [0, 1, 2]) feed(s, 'SYSCALL_DUP2_X', { res: n, oldfd: 3, newfd: n });
  exec(s);
  assert.deepEqual(fds(s), [0, 1, 2]);
  assert.equal(s.threads.get(TID)!.fds.get(0)!.isIpSocket, true);
});

test('dup never copies close-on-exec; dup3 sets it only with O_CLOEXEC', () => {
  const s = seeded();
  socket(s, 3, O_CLOEXEC);
  feed(s, 'SYSCALL_DUP_1_X', { res: 4, oldfd: 3 });
  feed(s, 'SYSCALL_DUP3_X', { res: 5, oldfd: 3, newfd: 5, flags: 0 });
  feed(s, 'SYSCALL_DUP3_X', { res: 6, oldfd: 3, newfd: 6, flags: O_CLOEXEC });
  socket(s, 7, 0);
  feed(s, 'SYSCALL_DUP3_X', { res: 8, oldfd: 7, newfd: 8, flags: O_CLOEXEC });
  exec(s);
  assert.deepEqual(fds(s), [4, 5, 7]);
});

test('fcntl F_DUPFD clears, F_DUPFD_CLOEXEC sets, F_SETFD changes the fd itself', () => {
  const s = seeded();
  socket(s, 3, O_CLOEXEC);
  feed(s, 'SYSCALL_FCNTL_X', { res: 10, fd: 3, cmd: 1, arg: 10 }); // F_DUPFD
  feed(s, 'SYSCALL_FCNTL_X', { res: 11, fd: 3, cmd: 26, arg: 11 }); // F_DUPFD_CLOEXEC
  socket(s, 4, 0);
  feed(s, 'SYSCALL_FCNTL_X', { res: 0, fd: 4, cmd: 3, arg: 1 }); // F_SETFD FD_CLOEXEC
  socket(s, 5, O_CLOEXEC);
  feed(s, 'SYSCALL_FCNTL_X', { res: 0, fd: 5, cmd: 3, arg: 0 }); // F_SETFD 0
  exec(s);
  assert.deepEqual(fds(s), [5, 10]);
});

test('close_range with CLOSE_RANGE_CLOEXEC marks the range for the next execve', () => {
  const s = seeded();
  for (const fd of [3, 4, 5]) socket(s, fd, 0);
  feed(s, 'SYSCALL_CLOSE_RANGE_X', { res: 0, first: 4, last: 10, flags: 4 });
  assert.deepEqual(fds(s), [3, 4, 5]);
  exec(s);
  assert.deepEqual(fds(s), [3]);
});

test('epoll_create1(EPOLL_CLOEXEC) and memfd_create(MFD_CLOEXEC) are closed by execve', () => {
  const s = seeded();
  feed(s, 'SYSCALL_EPOLL_CREATE1_X', { res: 3, flags: 1 });
  feed(s, 'SYSCALL_EPOLL_CREATE1_X', { res: 4, flags: 0 });
  feed(s, 'SYSCALL_MEMFD_CREATE_X', { fd: 5, name: 'x', flags: 1 });
  feed(s, 'SYSCALL_MEMFD_CREATE_X', { fd: 6, name: 'y', flags: 0 });
  exec(s);
  assert.deepEqual(fds(s), [4, 6]);
});
