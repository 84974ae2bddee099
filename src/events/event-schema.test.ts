import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_INFO, PPM_EVENT_MAX, eventInfo, isOldVersion } from './event-info.js';
import { EventCatalog, syscallEventCatalog } from './event-catalog.js';
import { PT_FSPATH, PT_FLAGS32, EF_CREATES_FD, PT_FD } from './event-table.js';
import { encodeEvent, enc } from './event-encoder.js';
import { ScapEvent, EVENT_HEADER_SIZE } from './scap-event.js';
import { formatArgs, flagNames } from './arg-formatter.js';
import { FLAG_TABLES } from './flag-tables.js';
import { X86_64_SYSCALL_NAMES, X86_64_ROUTED, PPM_SC_NAMES } from './syscall-table.js';

const code = (id: string) => EVENT_INFO.find((e) => e.id === id)!.code;

function view(buf: Buffer): ScapEvent {
  const np = buf.readUInt32LE(22);
  return new ScapEvent(buf, 0, EVENT_HEADER_SIZE, np, 2, 1, 0, 0);
}

test('schema covers every event code with names, directions and params', () => {
  assert.equal(EVENT_INFO.length, PPM_EVENT_MAX);
  EVENT_INFO.forEach((e, i) => assert.equal(e.code, i));
  const open = eventInfo(code('SYSCALL_OPEN_E'))!;
  assert.equal(open.name, 'open');
  assert.equal(open.dir, '>');
  assert.equal(open.code, 2);
  assert.ok(open.flags & EF_CREATES_FD);
  assert.deepEqual(open.params.map((p) => p.name), ['name', 'flags', 'mode']);
  assert.equal(open.params[0].type, PT_FSPATH);
  assert.equal(open.params[1].type, PT_FLAGS32);
  assert.equal(open.params[1].flagTableName, 'file_flags');
  const openX = eventInfo(3)!;
  assert.equal(openX.dir, '<');
  assert.equal(openX.params[0].type, PT_FD);
  assert.equal(eventInfo(0)!.name, 'syscall');
  assert.equal(eventInfo(99999), undefined);
  // older layouts are kept: several execve versions, marked as old
  const execves = EVENT_INFO.filter((e) => e.name === 'execve');
  assert.ok(execves.length >= 12, `execve versions: ${execves.length}`);
  assert.ok(isOldVersion(code('SYSCALL_EXECVE_8_X')));
  assert.equal(eventInfo(code('PROCEXIT_1_E'))!.name, 'procexit');
  // FSRELPATH params name their dirfd
  const openat2 = EVENT_INFO.find((e) => e.id === 'SYSCALL_OPENAT_2_X')!;
  assert.equal(openat2.params.find((p) => p.name === 'name')!.dirfd, 1);
});

test('catalog maps names to codes, generic-only syscalls to the generic codes', () => {
  const c: EventCatalog = syscallEventCatalog;
  assert.ok(c.has('open'));
  assert.deepEqual([...c.codes('open')], [2, 3]);
  assert.ok(c.codes('execve').length >= 12);
  assert.ok(c.codes('container').length >= 2);
  assert.ok(c.has('procexit'));
  assert.equal(c.name(3), 'open');
  assert.equal(c.name(1), 'syscall');
  assert.ok(c.has('madvise'), 'madvise only exists as a generic event');
  assert.ok(c.isGenericSyscall('madvise'));
  assert.deepEqual([...c.codes('madvise')], [0, 1]);
  assert.ok(!c.isGenericSyscall('open'));
  assert.ok(!c.has('no_such_syscall'));
  assert.deepEqual([...c.codes('no_such_syscall')], []);
  assert.ok(c.names().includes('openat') && c.names().includes('madvise'));
  assert.ok(!c.names().includes('NA'));
});

test('x86_64 syscall table', () => {
  assert.equal(X86_64_SYSCALL_NAMES[0], 'read');
  assert.equal(X86_64_SYSCALL_NAMES[2], 'open');
  assert.equal(X86_64_SYSCALL_NAMES[59], 'execve');
  assert.deepEqual([...X86_64_ROUTED.open], [2, 3]);
  assert.equal(X86_64_ROUTED.madvise, undefined);
  assert.equal(PPM_SC_NAMES[5], 'open');
});

test('flag tables print like libsinsp', () => {
  assert.equal(flagNames(FLAG_TABLES.file_flags, 4097, false), 'O_RDONLY|O_CLOEXEC');
  assert.equal(flagNames(FLAG_TABLES.file_flags, 1, false), 'O_RDONLY');
  assert.equal(flagNames(FLAG_TABLES.file_flags, 3, false), 'O_RDWR');
  assert.equal(flagNames(FLAG_TABLES.access_flags, 0, false), 'F_OK');
  assert.ok(flagNames(FLAG_TABLES.clone_flags, 1 << 13, false).includes('CLONE_THREAD'));
});

test('params decode lazily; fewer params than the schema are accepted', () => {
  const openX = code('SYSCALL_OPEN_X');
  // a 2016-era open exit: fd, name, flags, mode (no dev, ino)
  const buf = encodeEvent({ ts: 1470327477881781397n, tid: 42, type: openX, params: [enc.i64(3), enc.str('/etc/passwd'), enc.u32(4097), enc.u32(0)] });
  const e = view(buf);
  assert.equal(e.nparams, 4);
  assert.equal(e.name, 'open');
  assert.equal(e.dir, '<');
  assert.equal(e.tid, 42);
  assert.equal(e.ts, 1470327477881781397n);
  assert.equal(e.getParam(0), 3);
  assert.equal(e.param('name'), '/etc/passwd');
  assert.equal(e.getParam(2), 4097);
  assert.equal(e.getParam(5), undefined, 'ino is absent in this layout');
  assert.equal(e.param('ino'), undefined);
  assert.equal(formatArgs(e), 'fd=3 name=/etc/passwd flags=4097(O_RDONLY|O_CLOEXEC) mode=0');
  assert.equal(formatArgs(e, { resolver: { fd: () => '<f>/etc/passwd' } }), 'fd=3(<f>/etc/passwd) name=/etc/passwd flags=4097(O_RDONLY|O_CLOEXEC) mode=0');
});

test('errno, socktuple and generic events format', () => {
  const closeX = code('SYSCALL_CLOSE_X');
  assert.equal(formatArgs(view(encodeEvent({ ts: 0n, tid: 1, type: closeX, params: [enc.i64(-9)] }))), 'res=-9(EBADF)');
  const connX = code('SOCKET_CONNECT_X');
  const tuple = Buffer.from([2, 127, 0, 0, 1, 0x58, 0xb8, 127, 0, 0, 1, 80, 0]);
  const ce = view(encodeEvent({ ts: 0n, tid: 1, type: connX, params: [enc.i64(-115), tuple] }));
  assert.equal(formatArgs(ce), 'res=-115(EINPROGRESS) tuple=127.0.0.1:47192->127.0.0.1:80');
  const t = ce.getParam(1) as { sport: number; dport: number };
  assert.equal(t.sport, 47192);
  assert.equal(t.dport, 80);
  const g = view(encodeEvent({ ts: 0n, tid: 1, type: 0, params: [enc.u16(139), enc.u16(28)] }));
  assert.equal(g.name, 'madvise');
  assert.equal(formatArgs(g), '');
});
