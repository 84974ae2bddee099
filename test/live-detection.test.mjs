// Live detection end to end on the host: one `tercel -r RULES -o json_output=true` (eBPF
// probe, root), real actions, and the JSON alert each must raise within 2 s with the right
// output_fields. Skipped (with the reason) when not root or the probe is not built.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, chmodSync, closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { latency, liveSkipReason, run, sleep, startTercel, tempDir, withLiveLock } from './helpers/live-harness.mjs';

const skip = liveSkipReason();
const MAX_LATENCY_MS = 2000;

const RULES = readFileSync(new URL('./fixtures/live-common-rules.yaml', import.meta.url), 'utf8') + `

- rule: Outbound connect to local listener
  desc: a TCP connect to 127.0.0.1
  condition: evt.type = connect and evt.dir = < and fd.l4proto = tcp and fd.sip = 127.0.0.1
  output: outbound connection (proc=%proc.name connection=%fd.name sip=%fd.sip sport=%fd.sport)
  priority: NOTICE

- rule: Early process opened marker
  desc: a marker file opened by any process
  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name contains tercel-early-marker
  output: marker opened (proc=%proc.name parent=%proc.pname cmd=%proc.cmdline file=%fd.name)
  priority: NOTICE
`;

let tercel;
let unlock;
let early;
let work;
const latencies = {};

function exec(cmd, args) {
  const t0 = Date.now();
  const r = run(cmd, args);
  return { t0, ...r };
}

before(async () => {
  if (skip) return;
  work = tempDir('tercel-detect-');
  // the lock is held for the whole file: a promise that resolves when the tests are done
  await new Promise((locked) => {
    withLiveLock(() => new Promise((release) => { unlock = release; locked(); }));
  });
  // started before tercel: only /proc seeding can tell tercel who it is
  const marker = join(work, 'tercel-early-marker');
  writeFileSync(marker, 'x');
  early = spawn('/bin/bash', ['-c', `read line; exec 3<${marker}; read line`], { stdio: ['pipe', 'ignore', 'ignore'] });
  early.marker = marker;
  await sleep(200);
  tercel = await startTercel(RULES);
});

after(async () => {
  if (skip) return;
  early?.kill('SIGKILL');
  if (tercel) {
    const r = await tercel.stop();
    tercel.cleanup();
    if (r.code !== 0) process.stderr.write(`tercel exited with ${r.code} ${r.signal ?? ''}\n${r.stderr}\n`);
  }
  rmSync(work, { recursive: true, force: true });
  unlock?.();
  process.stderr.write(`live detection: ready after ${tercel?.readyMs} ms; alert latencies (ms): ${JSON.stringify(latencies)}\n`);
});

test('cat /etc/shadow: proc.name, proc.cmdline, fd.name, user.name, proc.pname', { skip }, async () => {
  const r = exec('/bin/sh', ['-c', 'cat /etc/shadow > /dev/null; true']);
  assert.equal(r.code, 0);
  const a = await tercel.waitFor('Read shadow', (x) => x.output_fields['proc.cmdline'] === 'cat /etc/shadow', { timeoutMs: MAX_LATENCY_MS + 1000, since: r.t0 });
  assert.ok(a, `no alert; alerts so far: ${JSON.stringify(tercel.byRule().map((x) => x.output))}`);
  latencies.shadow = latency(a, r.t0);
  const f = a.output_fields;
  assert.equal(f['proc.name'], 'cat');
  assert.equal(f['fd.name'], '/etc/shadow');
  assert.equal(f['user.name'], 'root');
  assert.equal(f['proc.pname'], 'sh');
  assert.equal(a.priority, 'Warning');
  assert.ok(latencies.shadow <= MAX_LATENCY_MS, `alert after ${latencies.shadow} ms`);
});

test('a shell spawned by a process named nginx: proc.pname=nginx', { skip }, async () => {
  const nginx = join(work, 'nginx');
  copyFileSync('/bin/dash', nginx);
  chmodSync(nginx, 0o755);
  const marker = `tercel-web-${process.pid}`;
  // the trailing `true` keeps dash from exec'ing the last command in place of forking it
  const r = exec(nginx, ['-c', `sh -c 'echo ${marker} >/dev/null'; true`]);
  assert.equal(r.code, 0);
  const a = await tercel.waitFor('Shell from web server', (x) => String(x.output_fields['proc.cmdline']).includes(marker), { timeoutMs: MAX_LATENCY_MS + 1000, since: r.t0 });
  assert.ok(a, `no alert; alerts so far: ${JSON.stringify(tercel.byRule().map((x) => x.output))}`);
  latencies.webShell = latency(a, r.t0);
  assert.equal(a.output_fields['proc.name'], 'sh');
  assert.equal(a.output_fields['proc.pname'], 'nginx');
  assert.ok(latencies.webShell <= MAX_LATENCY_MS, `alert after ${latencies.webShell} ms`);
});

test('nc -e /bin/sh: proc.args contains -e', { skip }, async () => {
  const nc = join(work, 'nc');
  copyFileSync('/bin/true', nc);
  chmodSync(nc, 0o755);
  const r = exec(nc, ['-e', '/bin/sh', '127.0.0.1', '9']);
  assert.equal(r.code, 0);
  const a = await tercel.waitFor('Netcat remote exec', (x) => x.output_fields['proc.name'] === 'nc', { timeoutMs: MAX_LATENCY_MS + 1000, since: r.t0 });
  assert.ok(a, 'no alert');
  latencies.netcat = latency(a, r.t0);
  assert.match(String(a.output_fields['proc.args']), /(^| )-e \/bin\/sh( |$)/);
  assert.equal(a.output_fields['proc.cmdline'], 'nc -e /bin/sh 127.0.0.1 9');
  assert.ok(latencies.netcat <= MAX_LATENCY_MS, `alert after ${latencies.netcat} ms`);
});

test('a file below /etc opened for writing', { skip }, async () => {
  const path = `/etc/tercel-live-${process.pid}-${Date.now()}`;
  const t0 = Date.now();
  const r = run('/bin/sh', ['-c', `echo x > ${path}`]);
  rmSync(path, { force: true });
  assert.equal(r.code, 0);
  const a = await tercel.waitFor('Write below etc', (x) => x.output_fields['fd.name'] === path, { timeoutMs: MAX_LATENCY_MS + 1000, since: t0 });
  assert.ok(a, 'no alert');
  latencies.writeEtc = latency(a, t0);
  assert.equal(a.output_fields['proc.name'], 'sh');
  assert.equal(a.priority, 'Error');
  assert.ok(latencies.writeEtc <= MAX_LATENCY_MS, `alert after ${latencies.writeEtc} ms`);
});

test('outbound connect to a local TCP listener: fd.sip and fd.sport', { skip }, async () => {
  const server = createServer((s) => s.destroy());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  try {
    const r = exec('/bin/bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
    assert.equal(r.code, 0, r.stderr);
    const a = await tercel.waitFor('Outbound connect to local listener', (x) => Number(x.output_fields['fd.sport']) === port, { timeoutMs: MAX_LATENCY_MS + 1000, since: r.t0 });
    assert.ok(a, `no alert; alerts so far: ${JSON.stringify(tercel.byRule().map((x) => x.output))}`);
    latencies.connect = latency(a, r.t0);
    assert.equal(a.output_fields['proc.name'], 'bash');
    assert.equal(a.output_fields['fd.sip'], '127.0.0.1');
    assert.equal(Number(a.output_fields['fd.sport']), port);
    assert.match(String(a.output_fields['fd.name']), new RegExp(`^127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port}$`));
    assert.ok(latencies.connect <= MAX_LATENCY_MS, `alert after ${latencies.connect} ms`);
  } finally {
    server.close();
  }
});

test('a process started before tercel: name, parent and cmdline from /proc', { skip }, async () => {
  const t0 = Date.now();
  early.stdin.write('go\n');
  const a = await tercel.waitFor('Early process opened marker', (x) => x.output_fields['fd.name'] === early.marker, { timeoutMs: MAX_LATENCY_MS + 1000, since: t0 });
  assert.ok(a, 'no alert');
  latencies.early = latency(a, t0);
  assert.equal(a.output_fields['proc.name'], 'bash');
  assert.equal(a.output_fields['proc.pname'], 'node');
  assert.equal(a.output_fields['proc.cmdline'], `bash -c read line; exec 3<${early.marker}; read line`);
  assert.ok(latencies.early <= MAX_LATENCY_MS, `alert after ${latencies.early} ms`);
});
