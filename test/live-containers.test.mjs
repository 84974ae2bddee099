// Live detection inside real podman containers (runc, the project's podman configs and the
// busybox image from scripts/podman-setup.sh): a shell with a tty, and a binary copied into
// the container's upper layer then run. Skipped when not root, the probe is not built, or
// podman cannot be set up here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { latency, liveSkipReason, repoRoot, run, sleep, startTercel, withLiveLock } from './helpers/live-harness.mjs';

const MAX_LATENCY_MS = 2000;
const IMAGE = 'localhost/tercel-busybox:latest';
const NAME = `tercel-live-${process.pid}`;

let skip = liveSkipReason();
let podmanEnv = {};
if (!skip) {
  const r = run('bash', [join(repoRoot, 'scripts', 'podman-setup.sh')], { timeout: 600_000 });
  if (r.code !== 0) skip = `podman set-up failed (scripts/podman-setup.sh): ${r.stderr.trim().split('\n').pop()}`;
  else for (const m of r.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)) podmanEnv[m[1]] = m[2];
}
if (!skip && run('which', ['script']).code !== 0) skip = 'the script command (bsdutils) is needed to give a shell a tty';

const RULES = `
- rule: Terminal shell in container
  desc: a shell with a terminal started in a container
  condition: evt.type in (execve, execveat) and evt.dir = < and container.id != host and proc.name in (sh, ash, bash) and proc.tty != 0
  output: shell in container (user=%user.name container_id=%container.id container_name=%container.name image=%container.image.repository shell=%proc.name cmd=%proc.cmdline tty=%proc.tty)
  priority: NOTICE

- rule: Drop and execute new binary in container
  desc: a program run from the container's upper (written) layer
  condition: evt.type in (execve, execveat) and evt.dir = < and container.id != host and proc.is_exe_upper_layer = true
  output: upper layer exe (proc=%proc.name exe=%proc.exepath upper=%proc.is_exe_upper_layer container_id=%container.id container_name=%container.name image=%container.image.repository)
  priority: CRITICAL
`;

const podman = (...args) => run('podman', args, { env: { ...process.env, ...podmanEnv }, timeout: 120_000 });

let tercel;
let unlock;
let containerId = '';
const latencies = {};

before(async () => {
  if (skip) return;
  await new Promise((locked) => {
    withLiveLock(() => new Promise((release) => { unlock = release; locked(); }));
  });
  podman('rm', '-f', NAME);
  tercel = await startTercel(RULES, { env: podmanEnv });
  const r = podman('run', '-d', '--name', NAME, '--network', 'none', IMAGE, 'sleep', '300');
  assert.equal(r.code, 0, `podman run failed: ${r.stderr}`);
  containerId = r.stdout.trim();
  // the container's first processes make tercel look its metadata up; let that finish
  await sleep(1500);
});

after(async () => {
  if (skip) return;
  podman('rm', '-f', '-t', '0', NAME);
  if (tercel) {
    const r = await tercel.stop();
    tercel.cleanup();
    if (r.code !== 0) process.stderr.write(`tercel exited with ${r.code} ${r.signal ?? ''}\n${r.stderr}\n`);
  }
  unlock?.();
  process.stderr.write(`live containers: alert latencies (ms): ${JSON.stringify(latencies)}\n`);
});

test('a shell with a tty in a podman container: container.id, container.name, container.image.repository', { skip }, async () => {
  const marker = `tercel-tty-${process.pid}`;
  const t0 = Date.now();
  // script gives podman a terminal, podman exec -t gives the shell one inside
  const r = run('script', ['-qec', `podman exec -it ${NAME} sh -c 'echo ${marker}; exit 0'`, '/dev/null'], { env: { ...process.env, ...podmanEnv }, timeout: 60_000 });
  assert.equal(r.code, 0, `podman exec failed: ${r.stdout} ${r.stderr}`);
  const a = await tercel.waitFor('Terminal shell in container', (x) => String(x.output_fields['proc.cmdline']).includes(marker), { timeoutMs: MAX_LATENCY_MS + 1000, since: t0 });
  assert.ok(a, `no alert; alerts so far: ${JSON.stringify(tercel.byRule().map((x) => x.output))}`);
  // podman exec itself takes a while: measure from the alert's event time, not from the command
  latencies.ttyShell = a.receivedAt - Number(a.output_fields['evt.time']) / 1e6;
  const f = a.output_fields;
  assert.equal(f['container.id'], containerId.slice(0, 12));
  assert.equal(f['container.name'], NAME);
  assert.equal(f['container.image.repository'], 'localhost/tercel-busybox');
  assert.equal(f['proc.name'], 'sh');
  assert.notEqual(Number(f['proc.tty']), 0);
  assert.ok(latencies.ttyShell <= MAX_LATENCY_MS, `alert ${latencies.ttyShell} ms after the event`);
});

test('a binary copied into a running container and run: proc.is_exe_upper_layer=true', { skip }, async () => {
  const t0 = Date.now();
  const r = podman('exec', NAME, 'sh', '-c', 'cp /bin/busybox /tmp/busybox && /tmp/busybox true');
  assert.equal(r.code, 0, `podman exec failed: ${r.stderr}`);
  const a = await tercel.waitFor('Drop and execute new binary in container', (x) => x.output_fields['proc.exepath'] === '/tmp/busybox', { timeoutMs: MAX_LATENCY_MS + 1000, since: t0 });
  assert.ok(a, `no alert; alerts so far: ${JSON.stringify(tercel.byRule().map((x) => x.output))}`);
  latencies.upperLayer = a.receivedAt - Number(a.output_fields['evt.time']) / 1e6;
  const f = a.output_fields;
  assert.equal(f['proc.is_exe_upper_layer'], true);
  assert.equal(f['container.id'], containerId.slice(0, 12));
  assert.equal(f['container.name'], NAME);
  assert.equal(f['container.image.repository'], 'localhost/tercel-busybox');
  assert.ok(latencies.upperLayer <= MAX_LATENCY_MS, `alert ${latencies.upperLayer} ms after the event`);
  // a program of the image (lower layer) does not raise it
  assert.equal(tercel.byRule('Drop and execute new binary in container').filter((x) => x.output_fields['proc.exepath'] === '/bin/busybox').length, 0);
});
