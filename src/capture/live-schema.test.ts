// The probe and the decoder share one schema: the committed probe/gen/event_schema.h
// must be what the generator makes from today's event table, its hash must be the one
// the live source expects, every event code the probe names must exist, and (as root,
// with the probe built) every event the probe sends must have the schema's parameter
// count and fixed-size widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, checkLiveProbe } from './live-probe-preflight.js';
import { liveSchemaHash } from './live-schema-hash.js';
import { checkEventAgainstSchema } from './live-schema-check.js';
import { LiveProbeSource } from './live-probe-source.js';
import { EVENT_INFO } from '../events/event-info.js';

const root = packageRoot();
const headerPath = join(root, 'probe', 'gen', 'event_schema.h');

test('probe/gen/event_schema.h is what the generator makes from the event table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-schema-'));
  try {
    const out = join(dir, 'event_schema.h');
    execFileSync(process.execPath, [join(root, 'scripts', 'gen-probe-schema.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
    const fresh = readFileSync(out, 'utf8');
    const committed = readFileSync(headerPath, 'utf8');
    assert.ok(fresh === committed, 'probe/gen/event_schema.h is stale: run `node scripts/gen-probe-schema.mjs` and rebuild the probe (scripts/build-probe.sh)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the header carries the schema hash the live source checks', () => {
  const m = /#define TC_SCHEMA_HASH "([0-9a-f]+)"/.exec(readFileSync(headerPath, 'utf8'));
  assert.ok(m);
  assert.equal(m[1], liveSchemaHash());
});

test('every event the probe sources name exists in the schema with the generated param count', () => {
  const header = readFileSync(headerPath, 'utf8');
  const np = new Map<string, number>();
  for (const m of header.matchAll(/#define TC_NP_(\w+) (\d+)/g)) np.set(m[1], Number(m[2]));
  const byId = new Map(EVENT_INFO.filter(Boolean).map((i) => [i.id, i]));
  const probeDir = join(root, 'probe');
  const used = new Set<string>();
  for (const f of readdirSync(probeDir)) {
    if (!/\.bpf\.(c|h)$/.test(f)) continue;
    for (const m of readFileSync(join(probeDir, f), 'utf8').matchAll(/TC_EV_(\w+)/g)) used.add(m[1]);
    for (const m of readFileSync(join(probeDir, f), 'utf8').matchAll(/HANDLER\(\w+, ([A-Z0-9_]+)\)/g)) used.add(m[1]);
  }
  used.delete('SYSCALL_'); // TC_EV_##ev in the macro body
  used.delete('');
  assert.ok(used.size >= 40, `only ${used.size} events found in the probe sources`);
  for (const id of used) {
    if (id.endsWith('_')) continue;
    const info = byId.get(id);
    assert.ok(info, `probe emits ${id}, which the event table does not have`);
    assert.equal(np.get(id), info.params.length, `${id}: header param count differs from the table`);
  }
});

const pre = checkLiveProbe();
test('every event the running probe sends matches the schema', { skip: pre.ok ? false : `live probe unavailable: ${pre.error?.message}` }, async () => {
  const src = await LiveProbeSource.open({});
  const problems = new Set<string>();
  const kinds = new Set<string>();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'tercel-live-'));
    const script = [
      `cd ${dir}`, 'mkdir d', 'touch d/f', 'ln d/f d/g', 'ln -s f d/h', 'mv d/g d/i', 'chmod 600 d/f',
      'cat /etc/hostname > /dev/null', 'rm -r d', 'ls /nonexistent-tercel 2>/dev/null || true',
      `(exec 3</etc/hostname; cat <&3 >/dev/null)`, 'sh -c "exit 3" || true',
    ].join('; ');
    spawnSync('/bin/sh', ['-c', script]);
    // a refused TCP connect and a UDP sendto
    spawnSync(process.execPath, ['-e', `const n=require('net');const s=n.connect(1,'127.0.0.1');s.on('error',()=>{});const d=require('dgram').createSocket('udp4');d.send('x',9,'127.0.0.1',()=>d.close());setTimeout(()=>process.exit(0),100)`]);
    rmSync(dir, { recursive: true, force: true });
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const b = await src.next();
      if (typeof b === 'string') continue;
      for (const ev of b) {
        kinds.add(ev.name);
        for (const p of checkEventAgainstSchema(ev)) problems.add(p);
      }
    }
  } finally {
    await src.close();
  }
  assert.deepEqual([...problems], []);
  assert.equal(src.stats.probeErrors, 0, 'the probe refused events whose param count disagreed with the schema');
  for (const k of ['openat', 'close', 'execve', 'clone', 'procexit', 'mkdir', 'linkat', 'symlinkat', 'renameat2', 'unlinkat', 'fchmodat', 'connect', 'socket']) {
    assert.ok(kinds.has(k), `no ${k} event seen (seen: ${[...kinds].sort().join(' ')})`);
  }
});
