// connect's effect on the socket, as libsinsp without connection-status tracking: which
// results fill the fd (success, EINPROGRESS) and which leave it alone (refused,
// unreachable), where the server end comes from (tuple, enter address, or the enter address
// when the tuple only repeats the user's buffer), and that the fields read it accordingly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import type { EvalContext } from './eval-context.js';
import { ScapFdType, SocketRole, type FdInfo } from './fd-info.js';
import { SyscallState } from './syscall-state.js';
import { testEvent, type TestParam } from './test-event-builder.js';

const TID = 60, FD = 3;
const ECONNREFUSED = -111, EHOSTUNREACH = -113, EINPROGRESS = -115;
const registry = createDefaultRegistry(syscallBinders);

function field(ctx: EvalContext, name: string): unknown {
  const r = registry.resolve('syscall', name)!;
  return r.decl.bind!(r.arg)(ctx);
}

function seeded(): SyscallState {
  const s = new SyscallState({ hostname: 'h' });
  const init = { ...newThreadRecord(), tid: 1, pid: 1, ptid: 0, comm: 'init', exe: '/sbin/init', vpid: 1, vtid: 1 };
  const ssh = { ...newThreadRecord(), tid: TID, pid: TID, ptid: 1, comm: 'ssh', exe: 'ssh', exepath: '/usr/bin/ssh', cwd: '/', vpid: TID, vtid: TID };
  s.loadHeader({ threads: [init, ssh], fds: [], users: [], groups: [] });
  return s;
}

function feed(s: SyscallState, id: string, params: Record<string, TestParam>): EvalContext { return s.process(testEvent(id, TID, params)); }

function port(p: number): number[] { return [p & 0xff, p >> 8]; }
/** Packed AF_INET sockaddr: family 2, address, little-endian port. */
function inAddr(ip: number[], p: number): Uint8Array { return Uint8Array.of(2, ...ip, ...port(p)); }
/** Packed AF_INET tuple: family 2, source address and port, destination address and port. */
function inTuple(sip: number[], sport: number, dip: number[], dport: number): Uint8Array { return Uint8Array.of(2, ...sip, ...port(sport), ...dip, ...port(dport)); }
function unAddr(path: string): Uint8Array { return Uint8Array.from([1, ...Buffer.from(path + '\0')]); }
function unTuple(src: number, dst: number, path: string): Uint8Array {
  const b = Buffer.alloc(17); b[0] = 1; b.writeBigUInt64LE(BigInt(src), 1); b.writeBigUInt64LE(BigInt(dst), 9);
  return Uint8Array.from([...b, ...Buffer.from(path + '\0')]);
}

const LO = [127, 0, 0, 1];

/** socket(AF_INET, SOCK_STREAM) on FD, then connect with the given enter address and exit parameters. */
function connect(s: SyscallState, res: number, enter: Uint8Array | undefined, tuple: Uint8Array | undefined, exitAddr = enter, domain = 2): EvalContext {
  feed(s, 'SOCKET_SOCKET_X', { fd: FD, domain, type: 1, proto: 0, flags: 0 });
  feed(s, 'SOCKET_CONNECT_E', { fd: FD, addr: enter });
  return feed(s, 'SOCKET_CONNECT_X', { res, tuple, fd: FD, addr: exitAddr });
}

function fdOf(s: SyscallState): FdInfo { return s.threads.get(TID)!.fds.get(FD)!; }

test('a connect that fails at once (refused, unreachable) leaves the socket without addresses', () => {
  for (const res of [ECONNREFUSED, EHOSTUNREACH]) {
    const s = seeded();
    const ctx = connect(s, res, inAddr(LO, 22), undefined);
    const f = fdOf(s);
    assert.equal(f.type, ScapFdType.IPV4_SOCK);
    assert.equal(f.role, SocketRole.None);
    assert.equal(f.dip, undefined);
    assert.equal(f.name, '');
    assert.equal(field(ctx, 'fd.sport'), undefined, 'no server port on a socket with no role');
    assert.equal(field(ctx, 'fd.sip'), undefined);
    assert.equal(field(ctx, 'evt.res'), res === ECONNREFUSED ? 'ECONNREFUSED' : 'EHOSTUNREACH');
  }
});

test('a non-blocking connect under way (EINPROGRESS) takes the tuple, its name and the client role', () => {
  const s = seeded();
  const ctx = connect(s, EINPROGRESS, inAddr(LO, 22), inTuple(LO, 40000, LO, 22));
  const f = fdOf(s);
  assert.equal(f.role, SocketRole.Client);
  assert.equal(f.name, '127.0.0.1:40000->127.0.0.1:22');
  assert.equal(f.nameRaw, '', 'libsinsp keeps no raw name for sockets');
  assert.equal(field(ctx, 'fd.sport'), 22);
  assert.equal(field(ctx, 'fd.cport'), 40000);
  assert.equal(field(ctx, 'fd.name'), '127.0.0.1:40000->127.0.0.1:22');
});

test('without a tuple, the enter address gives the server end only: no role, no name', () => {
  const s = seeded();
  const ctx = connect(s, 0, inAddr([10, 1, 2, 3], 443), undefined);
  const f = fdOf(s);
  assert.deepEqual([...f.dip!], [10, 1, 2, 3]);
  assert.equal(f.dport, 443);
  assert.equal(f.role, SocketRole.None);
  assert.equal(f.name, '');
  assert.equal(field(ctx, 'fd.sport'), undefined);
});

test('without a tuple, a unix connect is named as libsinsp prints an empty tuple', () => {
  const s = seeded();
  connect(s, 0, unAddr('/run/x.sock'), undefined, undefined, 1);
  assert.equal(fdOf(s).name, 'NULL');
});

test('a tuple that only repeats the user buffer (equal to the exit address) gives way to the enter address', () => {
  const s = seeded();
  // the buffer changed between entry (10.0.0.1:22) and exit (10.0.0.9:2222)
  connect(s, 0, inAddr([10, 0, 0, 1], 22), inTuple(LO, 40000, [10, 0, 0, 9], 2222), inAddr([10, 0, 0, 9], 2222));
  assert.equal(fdOf(s).name, '127.0.0.1:40000->10.0.0.1:22');
  // a tuple that differs from the exit address came from the kernel and stands
  const k = seeded();
  connect(k, 0, inAddr([10, 0, 0, 1], 22), inTuple(LO, 40000, [10, 0, 0, 5], 22), inAddr([10, 0, 0, 1], 22));
  assert.equal(fdOf(k).name, '127.0.0.1:40000->10.0.0.5:22');
  // no exit address (older layouts): the tuple
  const o = seeded();
  connect(o, 0, inAddr([10, 0, 0, 1], 22), inTuple(LO, 40000, [10, 0, 0, 9], 2222), undefined);
  assert.equal(fdOf(o).name, '127.0.0.1:40000->10.0.0.9:2222');
});

test('unix connect: the path by the same rule', () => {
  const s = seeded();
  connect(s, 0, unAddr('/run/a.sock'), unTuple(0x9c758d0f, 0x9c758d0a, '/run/b.sock'), unAddr('/run/b.sock'), 1);
  assert.equal(fdOf(s).name, '9c758d0f->9c758d0a /run/a.sock');
  assert.equal(fdOf(s).role, SocketRole.Client);
  const k = seeded();
  connect(k, 0, unAddr('/run/a.sock'), unTuple(0x9c758d0f, 0x9c758d0a, '/run/b.sock'), unAddr('/run/a.sock'), 1);
  assert.equal(fdOf(k).name, '9c758d0f->9c758d0a /run/b.sock');
});

test('a socket already holding the tuple the other way round keeps its ends', () => {
  const s = seeded();
  connect(s, 0, inAddr(LO, 22), inTuple(LO, 40000, LO, 22));
  feed(s, 'SOCKET_CONNECT_E', { fd: FD, addr: inAddr(LO, 40000) });
  feed(s, 'SOCKET_CONNECT_X', { res: 0, tuple: inTuple(LO, 22, LO, 40000), fd: FD, addr: inAddr(LO, 40000) });
  assert.equal(fdOf(s).sport, 40000);
  assert.equal(fdOf(s).dport, 22);
});
