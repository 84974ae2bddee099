// The writer's output must open in Falco's tools: checked with sysdig when installed,
// and always by reading it back here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ScapWriter } from './scap-writer.js';
import { openScapFile } from './scap-file-source.js';
import { enc } from '../events/event-encoder.js';
import { EVENT_INFO } from '../events/event-info.js';
import { ScapFdType, type ThreadRecord } from './scap-header-records.js';

const code = (id: string) => EVENT_INFO.find((e) => e.id === id)!.code;
const tmp = mkdtempSync(join(tmpdir(), 'tercel-scapw-'));

async function writeSample(path: string, gzip: boolean): Promise<void> {
  const w = await ScapWriter.create(path, {
    gzip,
    machine: { numCpus: 2, hostname: 'tercel-test', memorySizeBytes: 1n << 30n },
    threads: [{ tid: 100, pid: 100, ptid: 1, comm: 'cat', exe: 'cat', args: ['/etc/passwd'], cwd: '/root', uid: 0, gid: 0 }],
    fds: [{ tid: 100, fd: 1, ino: 0n, type: ScapFdType.FILE, name: '/dev/pts/0' }],
    users: [{ uid: 0, gid: 0, name: 'root', homedir: '/root', shell: '/bin/sh' }],
    groups: [{ gid: 0, name: 'root' }],
  });
  const ts = 1_700_000_000_000_000_000n;
  await w.writeRawEvent({ ts, tid: 100, type: code('SYSCALL_OPENAT_2_E'), params: [enc.i64(-100), enc.str('/etc/passwd'), enc.u32(1), enc.u32(0)] });
  await w.writeRawEvent({ ts: ts + 1000n, tid: 100, type: code('SYSCALL_OPENAT_2_X'), params: [enc.i64(3), enc.i64(-100), enc.str('/etc/passwd'), enc.u32(1), enc.u32(0), enc.u32(0), enc.u64(0)] });
  await w.writeRawEvent({ ts: ts + 2000n, tid: 100, type: code('SYSCALL_CLOSE_X'), params: [enc.i64(0), enc.i64(3)] }, 1, 0);
  await w.close();
}

test('written traces read back with their header and events', async () => {
  for (const gzip of [false, true]) {
    const p = join(tmp, `sample${gzip ? '.gz' : ''}.scap`);
    await writeSample(p, gzip);
    const src = await openScapFile(p);
    assert.equal(src.compressed, gzip);
    assert.equal(src.header.machine?.hostname, 'tercel-test');
    assert.deepEqual(src.header.threads.map((t) => [t.tid, t.comm, t.args, t.cwd, t.loginuid]), [[100, 'cat', ['/etc/passwd'], '/root', 0xffffffff]]);
    assert.equal(src.header.fds[0].name, '/dev/pts/0');
    assert.equal(src.header.users[0].name, 'root');
    const b = await src.next();
    assert.notEqual(b, 'eof');
    if (b === 'eof') return;
    assert.equal(b.length, 3);
    const x = b.event(1);
    assert.equal(x.name, 'openat');
    assert.equal(x.param('fd'), 3);
    assert.equal(x.param('name'), '/etc/passwd');
    assert.equal(b.event(2).cpu, 1);
    assert.equal(await src.next(), 'eof');
  }
});

let sysdig = true;
try { execFileSync('sysdig', ['--version'], { stdio: 'ignore' }); } catch { sysdig = false; }

test('sysdig reads a written trace', { skip: !sysdig && 'sysdig is not installed (apt-get install -y sysdig)' }, async () => {
  const p = join(tmp, 'for-sysdig.scap');
  await writeSample(p, false);
  const out = execFileSync('sysdig', ['-r', p, '-p', '%evt.num %evt.type %evt.dir %proc.name %evt.args'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 });
  const lines = out.trim().split('\n').map((l) => l.trimEnd());
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^1 openat > cat dirfd=-100\(AT_FDCWD\) name=\/etc\/passwd flags=1\(O_RDONLY\) mode=0/);
  assert.match(lines[1], /^2 openat < cat fd=3\(<f>\/etc\/passwd\) dirfd=-100\(AT_FDCWD\) name=\/etc\/passwd/);
  assert.match(lines[2], /^3 close < cat res=0/);
});

test('over-long process strings are cut to libscap\'s limits, so the trace still opens (sysdig, and here)', async () => {
  // A CI runner's command line of 25 KB once made sysdig refuse a whole capture ("invalid argslen").
  const p = join(tmp, 'long-strings.scap');
  const longArgs = Array.from({ length: 3000 }, (_, i) => `--option-${i}`);
  const w = await ScapWriter.create(p, {
    threads: [
      { tid: 7, pid: 7, ptid: 1, comm: 'runner', exe: 'runner', args: longArgs, env: longArgs.map((a) => `V${a}=1`), cwd: '/' + 'd'.repeat(3000), cgroups: longArgs, uid: 0, gid: 0 },
      { tid: 8, pid: 8, ptid: 7, comm: 'cat', exe: 'cat', args: ['/etc/passwd'], cwd: '/root', uid: 0, gid: 0 },
    ],
    fds: [{ tid: 7, fd: 3, ino: 0n, type: ScapFdType.FILE, name: '/' + 'f'.repeat(5000) }],
  });
  await w.writeRawEvent({ ts: 1n, tid: 8, type: code('SYSCALL_CLOSE_X'), params: [enc.i64(0), enc.i64(3)] });
  await w.close();
  const src = await openScapFile(p);
  const [runner, cat] = src.header.threads as [ThreadRecord, ThreadRecord];
  assert.ok(runner.args.length > 100 && runner.args.length < 3000, `args cut, ${runner.args.length} kept`);
  assert.deepEqual(runner.args.slice(0, 2), ['--option-0', '--option-1']);
  assert.ok(runner.cwd.length < 1024);
  assert.deepEqual(cat.args, ['/etc/passwd'], 'the next thread entry is intact');
  assert.ok((src.header.fds[0]?.name ?? '').length < 1024 && src.header.fds.length === 1);
  if (!sysdig) return;
  const out = execFileSync('sysdig', ['-r', p, '-p', '%proc.name %evt.type'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  assert.equal(out.trim(), 'cat close');
});
