// Real containers: podman (set up by scripts/podman-setup.sh) runs two busybox containers;
// the /proc scan finds their init processes and container ids from their cgroups, and the
// resolver fetches their metadata through podman's Docker-compatible API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { containerFromCgroups } from './cgroup-container-id.js';
import { ContainerMetadataResolver } from './container-metadata-resolver.js';
import { podmanClient } from './podman-client.js';
import { scanProc } from './proc-scanner.js';
import { SyscallState } from './syscall-state.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMAGE = 'localhost/tercel-busybox:latest';

/** Runs the set-up script; returns the environment for podman, or why the test cannot run. */
function setUp(): { env: NodeJS.ProcessEnv } | { skip: string } {
  if (process.platform !== 'linux') return { skip: 'podman tests need Linux' };
  if (process.getuid?.() !== 0) return { skip: 'podman tests need root (runc with cgroupfs): run the tests as root' };
  const r = spawnSync('bash', [join(repo, 'scripts', 'podman-setup.sh')], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return { skip: `podman cannot run here: scripts/podman-setup.sh failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' | ')}` };
  const env = { ...process.env };
  for (const m of r.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)) env[m[1]] = m[2];
  return { env };
}

const setup = setUp();
const skip = 'skip' in setup ? setup.skip : undefined;
if (skip) console.log(`# podman-client.test: skipped: ${skip}`);

function podman(args: string[]): string {
  const env = 'env' in setup ? setup.env : process.env;
  const r = spawnSync('podman', args, { encoding: 'utf8', env, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

test('podman containers: id from the cgroups of their init process, metadata from the API', { skip }, async () => {
  const tag = `tercel-test-${process.pid}`;
  const names = [`${tag}-web`, `${tag}-priv`];
  try {
    const webId = podman(['run', '-d', '--name', names[0], '--network', 'none', '--label', 'io.kubernetes.pod.name=web-1',
      '--label', 'io.kubernetes.pod.namespace=shop', '--label', 'tier=front', IMAGE, 'sleep', '120']);
    const privId = podman(['run', '-d', '--name', names[1], '--network', 'none', '--privileged', IMAGE, 'sleep', '120']);
    const webPid = Number(podman(['inspect', '-f', '{{.State.Pid}}', names[0]]));
    const privPid = Number(podman(['inspect', '-f', '{{.State.Pid}}', names[1]]));

    const snap = scanProc();
    const init = snap.threads.find((t) => t.tid === webPid);
    assert.ok(init, `init process ${webPid} of the container in the scan`);
    assert.equal(init.vpid, 1, 'pid 1 in its own pid namespace');
    assert.equal(init.comm, 'sleep');
    const found = containerFromCgroups(init.cgroups);
    assert.deepEqual(found, { id: webId, runtime: 'podman' });

    const state = new SyscallState({ hostname: 'h' });
    state.loadSnapshot(snap);
    assert.equal(state.threads.get(webPid)?.containerId, webId);
    const resolver = new ContainerMetadataResolver(state.containers, { clients: [podmanClient()], log: (m) => console.log(`# ${m}`) }).attach();
    await resolver.idle();
    resolver.close();

    const web = state.containers.get(webId);
    assert.ok(web, 'web container in the table');
    assert.equal(web.id, webId);
    assert.equal(web.type, 'podman');
    assert.equal(web.name, names[0]);
    assert.equal(web.image, IMAGE);
    assert.equal(web.imageRepo, 'localhost/tercel-busybox');
    assert.equal(web.imageTag, 'latest');
    assert.match(web.imageDigest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(web.labels.get('io.kubernetes.pod.name'), 'web-1');
    assert.equal(web.labels.get('io.kubernetes.pod.namespace'), 'shop');
    assert.equal(web.labels.get('tier'), 'front');
    assert.equal(web.privileged, false);
    assert.ok(web.createdTime && web.createdTime > 0n);
    assert.equal(state.containers.get(webId.slice(0, 12)), web);

    assert.equal(state.threads.get(privPid)?.containerId, privId);
    assert.equal(state.containers.get(privId)?.privileged, true);
    assert.equal(state.containers.get(privId)?.name, names[1]);
    assert.equal(resolver.stats.failed, 0);
  } finally {
    spawnSync('podman', ['rm', '-f', '-t', '0', ...names], { env: 'env' in setup ? setup.env : process.env, stdio: 'ignore' });
  }
});
