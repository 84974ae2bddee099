// The live source against stand-in loaders (small node scripts), so the stream handling
// is tested without root or a built probe: handshake and schema check, events cut at
// odd places across pipe writes, stderr counters, start-up failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveProbeSource } from './live-probe-source.js';
import { LiveProbeError } from './live-probe-preflight.js';
import { liveSchemaHash } from './live-schema-hash.js';

function standIn(dir: string, name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!${process.execPath}\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

/** A close exit event (PPME_SYSCALL_CLOSE_X = 5): res, fd. */
function closeEvent(tid: number, fd: number): Buffer {
  const b = Buffer.alloc(26 + 4 + 16);
  b.writeBigUInt64LE(1700000000000000000n, 0);
  b.writeBigUInt64LE(BigInt(tid), 8);
  b.writeUInt32LE(b.length, 16);
  b.writeUInt16LE(5, 20);
  b.writeUInt32LE(2, 22);
  b.writeUInt16LE(8, 26);
  b.writeUInt16LE(8, 28);
  b.writeBigInt64LE(0n, 30);
  b.writeBigInt64LE(BigInt(fd), 38);
  return b;
}

test('stand-in loader: handshake, events split across writes, counters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-standin-'));
  try {
    const events = Buffer.concat(Array.from({ length: 1000 }, (_, i) => closeEvent(4242, i)));
    const bin = standIn(dir, 'loader', `
const hs = JSON.stringify({ probe: 'stand-in', schema: ${JSON.stringify(liveSchemaHash())}, pid: process.pid }) + '\\n';
const ev = Buffer.from(${JSON.stringify(events.toString('base64'))}, 'base64');
const all = Buffer.concat([Buffer.from(hs), ev]);
let off = 0; const sizes = [7, 13, 51, 1000, 3, 4096];
(function step(i) {
  if (off >= all.length) { process.stderr.write(JSON.stringify({ type: 'stats', final: false, events: 1000, drops: 7, errors: 0, wakeups: 0, records: 1000, bytes: ev.length }) + '\\n'); setTimeout(() => {}, 60000); return; }
  const n = sizes[i % sizes.length]; process.stdout.write(all.subarray(off, off + n)); off += n; setImmediate(() => step(i + 1));
})(0);
process.on('SIGTERM', () => process.exit(0));`);
    const logs: string[] = [];
    const src = await LiveProbeSource.open({ binary: bin, preflight: false, onLog: (m) => logs.push(m) });
    let seen = 0;
    let fdSum = 0;
    const until = Date.now() + 5000;
    while (seen < 1000 && Date.now() < until) {
      const b = await src.next();
      if (typeof b === 'string') continue;
      for (const ev of b) {
        assert.equal(ev.name, 'close');
        assert.equal(ev.tid, 4242);
        fdSum += Number(ev.param('fd'));
        seen++;
      }
    }
    while (src.stats.probeDrops === 0 && Date.now() < until) await src.next();
    await src.close();
    assert.equal(seen, 1000);
    assert.equal(fdSum, (999 * 1000) / 2);
    assert.equal(src.stats.probeDrops, 7);
    assert.ok(logs.some((l) => /7 events dropped/.test(l)));
    assert.equal(src.stats.handshake?.probe, 'stand-in');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stand-in loader with another schema is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-standin-'));
  try {
    const bin = standIn(dir, 'loader', `process.stdout.write(JSON.stringify({ schema: '0000000000000000' }) + '\\n'); setTimeout(() => {}, 60000); process.on('SIGTERM', () => process.exit(0));`);
    await assert.rejects(LiveProbeSource.open({ binary: bin, preflight: false }), (e: unknown) => e instanceof LiveProbeError && e.code === 'LIVE_SCHEMA_MISMATCH' && /scripts\/build-probe\.sh/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a loader that fails at start-up is reported with its message, not restarted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-standin-'));
  try {
    const bin = standIn(dir, 'loader', `process.stderr.write(JSON.stringify({ type: 'error', message: 'cannot load the BPF programs: Operation not permitted' }) + '\\n'); process.exit(4);`);
    await assert.rejects(LiveProbeSource.open({ binary: bin, preflight: false }), (e: unknown) => e instanceof LiveProbeError && e.code === 'LIVE_PROBE_FAILED' && /Operation not permitted/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
