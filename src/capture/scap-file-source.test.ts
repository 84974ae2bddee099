// Reads every legacy trace of the conformance suite, checks counts and first events,
// compares with sysdig when it is installed, and makes sure damaged copies end in a
// ScapFormatError with an offset after delivering the events before the damage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { openScapFile } from './scap-file-source.js';
import { ScapFormatError } from './scap-format-error.js';
import { dumpTraceLines } from './trace-dump.js';
import { formatArgs } from '../events/arg-formatter.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';

const TRACES = join(CONFORMANCE_DIR, 'legacy-suite', 'trace_files');
const haveTraces = existsSync(TRACES);
const skipTraces = haveTraces ? false : `${TRACES} is absent (shared conformance data not mounted)`;
const traces = haveTraces ? readdirSync(TRACES).filter((f) => f.endsWith('.scap')).sort() : [];
const tmp = mkdtempSync(join(tmpdir(), 'tercel-scap-'));

/** Events per legacy trace, including the library's internal procinfo events. */
const EXPECTED_COUNTS: Record<string, number> = {
  'cat_write.scap': 345, 'connect_localhost.scap': 374, 'empty.scap': 143,
  'open-multiple-files.scap': 1272, 'ping_sendto.scap': 1526, 'syscall.scap': 368,
};

interface ReadResult { events: number; error?: unknown; lines: string[] }

async function readAll(path: string, format = false): Promise<ReadResult> {
  const out: ReadResult = { events: 0, lines: [] };
  let src;
  try {
    src = await openScapFile(path, { maxBatchEvents: 97 });
  } catch (e) {
    out.error = e;
    return out;
  }
  try {
    for (;;) {
      const b = await src.next();
      if (b === 'eof') break;
      for (const e of b) {
        out.events++;
        if (format) out.lines.push(`${e.num} ${e.name} ${e.dir} ${formatArgs(e)}`);
      }
    }
  } catch (e) {
    out.error = e;
  } finally {
    await src.close();
  }
  return out;
}

function sysdigAvailable(): boolean {
  try { execFileSync('sysdig', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

test('legacy traces decode with the expected event counts and headers', { skip: skipTraces }, async () => {
  assert.ok(traces.length >= 6);
  for (const f of traces) {
    const src = await openScapFile(join(TRACES, f));
    assert.equal(src.compressed, true, f);
    assert.ok(src.header.threads.length > 0, `${f}: process list`);
    assert.ok(src.header.fds.length > 0, `${f}: fd list`);
    assert.ok(src.header.users.length > 0 && src.header.groups.length > 0, `${f}: users/groups`);
    assert.ok(src.header.interfaces.length > 0, `${f}: interfaces`);
    assert.equal(src.header.machine?.numCpus !== undefined, true);
    let n = 0;
    for (let b = await src.next(); b !== 'eof'; b = await src.next()) n += b.length;
    assert.equal(n, EXPECTED_COUNTS[f] ?? n, f);
    assert.equal(src.stats.events, n);
    assert.equal(src.stats.unknownEventTypes, 0);
  }
});

test('first events of cat_write.scap', { skip: skipTraces }, async () => {
  const lines: string[] = [];
  for await (const l of dumpTraceLines(join(TRACES, 'cat_write.scap'), { limit: 5, maxBufferLength: 0 })) lines.push(l);
  assert.match(lines[0], /^131 execve < res=0 exe=cat args=\/dev\/null\. tid=20072 pid=20072 ptid=11310 cwd=\/mnt\/sf_mstemm/);
  assert.deepEqual(lines.slice(1), [
    '132 brk > addr=0',
    '133 brk < res=926000 vm_size=360 vm_rss=4 vm_swap=0',
    '134 access > mode=0(F_OK)',
    '135 access < res=-2(ENOENT) name=/etc/ld.so.nohwcap',
  ]);
  const src = await openScapFile(join(TRACES, 'cat_write.scap'));
  for (let b = await src.next(); b !== 'eof'; b = await src.next()) {
    for (const e of b) {
      if (e.name !== 'execve') continue;
      assert.equal(e.param('exe'), 'cat');
      assert.equal(e.param('comm'), 'cat');
      assert.equal(e.param('ptid'), 11310);
      assert.ok(e.param('args') instanceof Uint8Array);
      await src.close();
      return;
    }
  }
  assert.fail('no execve');
});

// sysdig resolves fds and thread ids from state; the formats of a few parameters changed
// between the libs sysdig 0.29 is built on and the schema here (mmap's res became an
// errno, socket families are enum flags that list both AF_LOCAL and AF_UNIX).
function normalize(line: string): string {
  return line.replace(/\((<[^>)]*>[^)]*)\)/g, '')
    .replace(/\b((?:tid|pid|ptid)=-?\d+)\([^)]*\)/g, '$1')
    .replace(/AF_LOCAL\|AF_UNIX/g, 'AF_LOCAL')
    .replace(/^(\d+ mmap < res=)\S+/, '$1*')
    // an empty byte buffer prints NULL in current libsinsp, nothing in sysdig 0.29
    .replace(/ data=NULL\b/, ' data=')
    .trimEnd();
}

test('dumpTrace matches sysdig -p "%evt.num %evt.type %evt.dir %evt.args"', { skip: skipTraces || (!sysdigAvailable() && 'sysdig is not installed (apt-get install -y sysdig)') }, async () => {
  for (const f of traces) {
    const path = join(TRACES, f);
    const expected = execFileSync('sysdig', ['-v', '-r', path, '-p', '%evt.num %evt.type %evt.dir %evt.args'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 })
      .split('\n').filter((l) => l !== '').map(normalize);
    const ours: string[] = [];
    for await (const l of dumpTraceLines(path)) ours.push(...l.split('\n').filter((x) => x !== '').map(normalize));
    // sysdig 0.29 names generic events with an unknown syscall id `<unknown>`; current
    // libsinsp (and this reader) name them from their native syscall number
    for (let i = 0; i < Math.min(ours.length, expected.length); i++) {
      const m = /^(\d+) <unknown> ([<>])/.exec(expected[i]);
      if (m) ours[i] = ours[i].replace(/^(\d+) \S+ /, '$1 <unknown> ');
    }
    assert.deepEqual(ours, expected, f);
  }
});

test('round trip: read, write, read gives the same events and header (plain and gzip)', { skip: skipTraces }, async () => {
  const { ScapWriter } = await import('./scap-writer.js');
  for (const f of traces) {
    for (const gzip of [false, true]) {
      const src = await openScapFile(join(TRACES, f));
      const h = src.header;
      const out = join(tmp, `rt-${gzip ? 'gz-' : ''}${f}`);
      const w = await ScapWriter.create(out, { machine: h.machine, threads: h.threads, fds: h.fds, users: h.users, groups: h.groups, interfaces: h.interfaces, gzip });
      const before: string[] = [];
      for (let b = await src.next(); b !== 'eof'; b = await src.next()) {
        for (const e of b) {
          before.push(`${e.ts} ${e.tid} ${e.type} ${e.cpu} ${e.dumpFlags} ${e.nparams} ${formatArgs(e)}`);
          await w.writeEvent(e);
        }
      }
      await w.close();
      const back = await openScapFile(out);
      assert.equal(back.compressed, gzip);
      assert.equal(back.header.threads.length, h.threads.length);
      assert.deepEqual(back.header.threads.map((t) => [t.tid, t.comm, t.exe, t.args, t.cwd, t.env, t.cgroups, t.uid]), h.threads.map((t) => [t.tid, t.comm, t.exe, t.args, t.cwd, t.env, t.cgroups, t.uid]));
      assert.deepEqual(back.header.fds.map((x) => [x.tid, x.fd, x.type, x.name]), h.fds.map((x) => [x.tid, x.fd, x.type, x.name]));
      assert.equal(back.header.users.length, h.users.length);
      assert.deepEqual(back.header.interfaces.map((i) => i.name), h.interfaces.map((i) => i.name));
      assert.equal(back.header.machine?.hostname, h.machine?.hostname);
      const after: string[] = [];
      for (let b = await back.next(); b !== 'eof'; b = await back.next()) {
        for (const e of b) after.push(`${e.ts} ${e.tid} ${e.type} ${e.cpu} ${e.dumpFlags} ${e.nparams} ${formatArgs(e)}`);
      }
      assert.deepEqual(after, before, f);
    }
  }
});

function assertFormatError(r: ReadResult, label: string): void {
  if (r.error === undefined) return;
  assert.ok(r.error instanceof ScapFormatError, `${label}: expected ScapFormatError, got ${String(r.error)}`);
  assert.equal(typeof r.error.offset, 'number', label);
  assert.ok(r.error.offset >= 0, label);
  assert.ok(r.error.message.includes(r.error.path), label);
}

test('truncated copies deliver the events before the cut, then a ScapFormatError', { skip: skipTraces }, async () => {
  for (const f of traces) {
    const raw = gunzipSync(readFileSync(join(TRACES, f)));
    const total = EXPECTED_COUNTS[f];
    for (const frac of [0.001, 0.05, 0.3, 0.5, 0.77, 0.93, 0.999]) {
      const cut = Math.floor(raw.length * frac);
      const p = join(tmp, `trunc-${frac}-${f}`);
      writeFileSync(p, raw.subarray(0, cut));
      const r = await readAll(p, true);
      assert.ok(r.error instanceof ScapFormatError, `${f} cut at ${cut}: expected an error`);
      assertFormatError(r, `${f} cut at ${cut}`);
      assert.ok((r.error as ScapFormatError).offset <= cut, `${f}: offset within the file`);
      assert.ok(r.events < (total ?? Infinity), `${f}: fewer events than the whole trace`);
      // compressed and truncated: same contract
      const gz = gzipSync(raw);
      const pz = join(tmp, `truncz-${frac}-${f}`);
      writeFileSync(pz, gz.subarray(0, Math.floor(gz.length * frac)));
      const rz = await readAll(pz, true);
      assert.ok(rz.error instanceof ScapFormatError, `${f} gz cut: expected an error`);
      assertFormatError(rz, `${f} gz cut`);
    }
    // a cut at the very end of the events keeps every event and is clean
    const clean = join(tmp, `whole-${f}`);
    writeFileSync(clean, raw);
    const r = await readAll(clean);
    assert.equal(r.error, undefined);
    assert.equal(r.events, total);
  }
});

test('byte-flipped copies never throw anything but ScapFormatError', { skip: skipTraces }, async () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let errors = 0;
  for (const f of traces) {
    const raw = gunzipSync(readFileSync(join(TRACES, f)));
    const gz = readFileSync(join(TRACES, f));
    for (let k = 0; k < 12; k++) {
      const copy = Buffer.from(raw);
      const flips = 1 + Math.floor(rand() * 8);
      for (let j = 0; j < flips; j++) copy[Math.floor(rand() * copy.length)] ^= 1 + Math.floor(rand() * 255);
      const p = join(tmp, `flip-${k}-${f}`);
      writeFileSync(p, copy);
      const r = await readAll(p, true);
      assertFormatError(r, `${f} flip ${k}`);
      if (r.error) errors++;
      const cz = Buffer.from(gz);
      cz[20 + Math.floor(rand() * (cz.length - 20))] ^= 0x5a;
      const pz = join(tmp, `flipz-${k}-${f}`);
      writeFileSync(pz, cz);
      const rz = await readAll(pz, true);
      assertFormatError(rz, `${f} gz flip ${k}`);
      if (rz.error) errors++;
    }
  }
  assert.ok(errors > 0, 'some damage was detected');
});

test('files that are not traces are refused with a ScapFormatError', async () => {
  const p = join(tmp, 'not-a-trace.scap');
  writeFileSync(p, 'hello, this is not a trace file at all');
  const r = await readAll(p);
  assert.ok(r.error instanceof ScapFormatError);
  assert.equal((r.error as ScapFormatError).code, 'SCAP_NOT_SCAP');
  const missing = await readAll(join(tmp, 'does-not-exist.scap'));
  assert.ok(missing.error instanceof ScapFormatError);
  assert.equal((missing.error as ScapFormatError).code, 'SCAP_IO');
});
