// Live capture end to end: runs the real loader (root and a built probe needed, else the
// tests are skipped with the reason), makes syscalls and looks for their events.
// TERCEL_STORM_COUNT sets the openat+close storm size (default 100000; the acceptance
// run uses 1000000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { LiveProbeSource, resolveSyscalls, syscallsForEventTypes } from './live-probe-source.js';
import { checkLiveProbe, LiveProbeError, packageRoot } from './live-probe-preflight.js';
import type { ScapEvent } from '../events/scap-event.js';

const pre = checkLiveProbe();
const skip = pre.ok ? false : `live probe unavailable: ${pre.error?.message}`;

/** Events read but not yet matched, so that one batch can answer several waits. */
const backlog = new WeakMap<LiveProbeSource, ScapEvent[]>();

/** Reads batches until `pred` matches an event or the time is up. */
async function waitFor(src: LiveProbeSource, pred: (ev: ScapEvent) => boolean, ms = 3000): Promise<ScapEvent | undefined> {
  const kept = backlog.get(src) ?? [];
  backlog.set(src, kept);
  const i = kept.findIndex(pred);
  if (i >= 0) return kept.splice(i, 1)[0];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const b = await src.next();
    if (typeof b === 'string') continue;
    let found: ScapEvent | undefined;
    for (const ev of b) {
      if (!found && pred(ev)) found = ev;
      else if (kept.length < 100_000) kept.push(ev);
    }
    if (found) return found;
  }
  return undefined;
}

test('refuses with the build command when the probe binary is missing', () => {
  const r = checkLiveProbe('/nonexistent/tercel-probe');
  if (process.geteuid?.() !== 0) return; // the root check comes first
  assert.equal(r.ok, false);
  assert.ok(r.error instanceof LiveProbeError);
  assert.equal(r.error.code, 'LIVE_NOT_BUILT');
  assert.match(r.error.message, /scripts\/build-probe\.sh/);
});

test('refuses a non-root user with a clear message', { skip: process.geteuid?.() === 0 ? false : 'needs root to switch to an unprivileged user' }, () => {
  const code = `import(${JSON.stringify(new URL('./live-probe-preflight.js', import.meta.url).href)}).then((m) => { const r = m.checkLiveProbe(); console.log(r.error?.code + ' ' + r.error?.message); })`;
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', code], { encoding: 'utf8' });
  if (r.error) return; // no setpriv here
  assert.match(r.stdout, /^LIVE_NOT_ROOT live capture needs root/);
});

test('syscall lists: names, numbers, and the syscalls behind event types', () => {
  assert.deepEqual(resolveSyscalls(['openat', 3, '59']), [257, 3, 59]);
  assert.throws(() => resolveSyscalls(['no_such_call']), /unknown syscall name/);
  const nrs = syscallsForEventTypes(new Set(['openat', 'accept', 'execve', 'procexit']));
  assert.deepEqual(nrs, [43, 59, 257, 511]);
  assert.deepEqual(resolveSyscalls(['procexit']), [511]);
  assert.ok(!nrs.includes(3));
});

test('openat of a unique path: exit event with path, fd and pid', { skip }, async () => {
  const src = await LiveProbeSource.open({ syscalls: ['openat', 'close', 'execve'] });
  try {
    const path = join(tmpdir(), `tercel-live-${process.pid}-${Date.now()}`);
    const fd = openSync(path, 'w');
    closeSync(fd);
    rmSync(path);
    const ev = await waitFor(src, (e) => e.name === 'openat' && e.param('name') === path);
    assert.ok(ev, 'no openat event for the path');
    assert.equal(ev.param('fd'), fd);
    assert.equal(ev.tid, process.pid);
    assert.equal(ev.dir, '<');
    const close = await waitFor(src, (e) => e.name === 'close' && e.tid === process.pid && e.param('fd') === fd);
    assert.ok(close, 'no close event for the fd');
  } finally {
    await src.close();
  }
});

test('cat /etc/hostname: execve with exe and args, then its openat', { skip }, async () => {
  const src = await LiveProbeSource.open({ syscalls: ['openat', 'execve', 'clone', 'clone3', 'fork', 'vfork'] });
  try {
    const marker = `tercel-arg-${Date.now()}`;
    const r = spawnSync('/bin/cat', ['/etc/hostname', '-', marker], { input: '' });
    const pid = r.pid;
    const exec = await waitFor(src, (e) => e.name === 'execve' && e.tid === pid);
    assert.ok(exec, 'no execve event for the child');
    assert.equal(exec.param('res'), 0);
    assert.equal(exec.param('exe'), '/bin/cat');
    const args = exec.param('args');
    assert.ok(args instanceof Uint8Array || typeof args === 'string');
    const text = typeof args === 'string' ? args : Buffer.from(args).toString('latin1');
    assert.ok(text.includes(marker), `args ${JSON.stringify(text)} lack the marker`);
    assert.equal(exec.param('pid'), pid);
    assert.equal(exec.param('comm'), 'cat');
    assert.match(String(exec.param('trusted_exepath')), /\/cat$/);
    const open = await waitFor(src, (e) => e.name === 'openat' && e.tid === pid && e.param('name') === '/etc/hostname');
    assert.ok(open, 'no openat of /etc/hostname from the child');
    assert.ok(Number(open.param('fd')) >= 0);
  } finally {
    await src.close();
  }
});

test('storm of openat+close: events seen + drops == syscalls made', { skip, timeout: 300_000 }, async () => {
  const n = Number(process.env.TERCEL_STORM_COUNT ?? 100_000);
  const storm = join(packageRoot(), 'probe', 'build', 'tercel-storm');
  const path = join(tmpdir(), `tercel-storm-${process.pid}`);
  const child = spawn(storm, [String(n), path], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s: string) => { out += s; });
  while (!out.includes('ready')) await new Promise((r) => setTimeout(r, 10));
  const src = await LiveProbeSource.open({ syscalls: ['openat', 'close'], tgid: child.pid });
  let seen = 0;
  try {
    child.stdin.write('go\n');
    const exited = new Promise<void>((r) => child.on('close', () => r()));
    let done = false;
    void exited.then(() => { done = true; });
    while (!done) {
      const b = await src.next();
      if (typeof b === 'string') continue;
      for (let i = 0; i < b.length; i++) if (b.type[i] === 307 || b.type[i] === 5) seen++;
    }
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await src.close();
  }
  // drain what was read before the loader stopped
  for (;;) {
    const b = await src.next();
    if (b === 'eof') break;
    if (typeof b === 'string') continue;
    for (let i = 0; i < b.length; i++) if (b.type[i] === 307 || b.type[i] === 5) seen++;
  }
  rmSync(path, { force: true });
  const m = /done (\d+) (\d+)/.exec(out);
  assert.ok(m, `storm helper did not finish: ${out}`);
  const made = Number(m[1]) + Number(m[2]);
  const drops = src.stats.probeDrops;
  // only openat and close are traced (no procexit), so the kernel's counts are exact
  assert.equal(seen + drops, made, `seen ${seen} + drops ${drops} != made ${made}`);
});

test('a killed loader is restarted within 5 s and events flow again', { skip, timeout: 20_000 }, async () => {
  const logs: string[] = [];
  const src = await LiveProbeSource.open({ syscalls: ['openat'], onLog: (m) => logs.push(m) });
  try {
    const first = src.pid;
    assert.ok(first);
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    while (src.stats.restarts === 0 || src.pid === undefined || src.pid === first || src.stats.handshake?.pid !== src.pid) {
      assert.ok(Date.now() - killedAt < 5000, 'not restarted within 5 s');
      await src.next();
    }
    assert.equal(src.stats.restarts, 1);
    assert.ok(logs.some((l) => /restarting/.test(l)), 'restart not logged');
    const path = join(tmpdir(), `tercel-restart-${process.pid}-${Date.now()}`);
    // the new loader needs a moment to attach after its handshake is read
    let ev: ScapEvent | undefined;
    for (let i = 0; i < 10 && !ev; i++) {
      closeSync(openSync(path, 'w'));
      ev = await waitFor(src, (e) => e.name === 'openat' && e.param('name') === path, 300);
    }
    rmSync(path, { force: true });
    assert.ok(ev, 'no events after the restart');
    assert.ok(Date.now() - killedAt < 5000 + 3000);
  } finally {
    await src.close();
  }
});

test('a loader stopped by a signal to the whole group (Ctrl-C) is not counted as a crash when the agent stops too', { skip, timeout: 20_000 }, async () => {
  const logs: string[] = [];
  const src = await LiveProbeSource.open({ syscalls: ['openat'], onLog: (m) => logs.push(m) });
  const pid = src.pid;
  assert.ok(pid);
  process.kill(pid, 'SIGINT'); // the loader stops cleanly (exit 0), as a terminal's Ctrl-C makes it
  await new Promise((r) => setTimeout(r, 50)); // the agent's own SIGINT handling comes a moment later
  await src.close();
  assert.equal(src.stats.restarts, 0);
  assert.ok(!logs.some((l) => /restarting/.test(l)), logs.join('\n'));
});

test('a loader that stops cleanly while the agent goes on is restarted after a short grace', { skip, timeout: 20_000 }, async () => {
  const logs: string[] = [];
  const src = await LiveProbeSource.open({ syscalls: ['openat'], onLog: (m) => logs.push(m) });
  try {
    const first = src.pid;
    assert.ok(first);
    const at = Date.now();
    process.kill(first, 'SIGTERM');
    while (src.stats.restarts === 0 || src.pid === undefined || src.pid === first) {
      assert.ok(Date.now() - at < 5000, 'not restarted within 5 s');
      await src.next();
    }
    assert.equal(src.stats.restarts, 1);
    assert.ok(logs.some((l) => /loader stopped \(exit code 0\); restarting/.test(l)), logs.join('\n'));
  } finally {
    await src.close();
  }
});
