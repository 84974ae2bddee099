import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import type { RuntimeKind } from './cgroup-container-id.js';
import { ContainerTable, type ContainerInfo } from './container-table.js';
import { podOf, type ContainerRuntimeClient } from './container-runtime-client.js';
import { ContainerMetadataResolver } from './container-metadata-resolver.js';
import { DockerApiClient } from './docker-api-client.js';
import type { EvalContext } from './eval-context.js';
import { SyscallState } from './syscall-state.js';
import { testEvent } from './test-event-builder.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(text)!;
  const r = registry.resolve('syscall', m[1], m[2])!;
  return r.decl.bind!(r.arg)(ctx);
}

const ID = 'ab'.repeat(32);

function fakeClient(answers: Map<string, ContainerInfo>, opts: { fail?: boolean; kinds?: RuntimeKind[] } = {}): ContainerRuntimeClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'fake',
    calls,
    handles: (r) => (opts.kinds ?? ['podman', 'docker']).includes(r),
    async inspect(id) {
      calls.push(id);
      await new Promise((r) => setTimeout(r, 5));
      if (opts.fail) throw Object.assign(new Error('fake API unreachable'), { code: 'CONTAINER_API_UNREACHABLE' });
      return answers.get(id);
    },
  };
}

function info(id: string, name: string, labels: Record<string, string> = {}): ContainerInfo {
  return { id, type: 'podman', name, image: 'localhost/app:1', imageRepo: 'localhost/app', imageTag: '1', mounts: [], labels: new Map(Object.entries(labels)), privileged: false };
}

test('a new container id in an event gets an id-only entry, then the runtime answer', async () => {
  const s = new SyscallState({ hostname: 'h' });
  s.loadHeader({ threads: [{ ...newThreadRecord(), tid: 10, pid: 10, ptid: 1, comm: 'sh', exe: 'sh' }], fds: [], users: [], groups: [] });
  const client = fakeClient(new Map([[ID, info(ID, 'web', { 'io.kubernetes.pod.name': 'web-1', 'io.kubernetes.pod.namespace': 'prod' })]]));
  const resolved: string[] = [];
  const r = new ContainerMetadataResolver(s.containers, { clients: [client], onResolved: (i) => resolved.push(i.id) }).attach();
  s.process(testEvent('SYSCALL_EXECVE_19_E', 10, { filename: '/bin/cat' }));
  let c = s.process(testEvent('SYSCALL_EXECVE_19_X', 10, { res: 0, exe: 'cat', args: [], tid: 10, pid: 10, ptid: 1, cwd: '', comm: 'cat', cgroups: [`cpu=/libpod_parent/libpod-${ID}`] }));
  // pending: the id is known, the rest is not yet
  assert.equal(field(c, 'container.id'), ID.slice(0, 12));
  assert.equal(field(c, 'container.name'), undefined);
  assert.equal(field(c, 'container.type'), 'podman');
  await r.idle();
  c = s.process(testEvent('SYSCALL_GETUID_E', 10, {}));
  assert.equal(field(c, 'container.name'), 'web');
  assert.equal(field(c, 'container.image.repository'), 'localhost/app');
  assert.equal(field(c, 'k8s.pod.name'), 'web-1');
  assert.equal(field(c, 'k8s.ns.name'), 'prod');
  assert.deepEqual(podOf(s.containers.get(ID)!), { name: 'web-1', namespace: 'prod', uid: undefined });
  assert.deepEqual(resolved, [ID]);
  // the table is the cache: the same id is not asked for again
  s.process(testEvent('SYSCALL_EXECVE_19_X', 10, { res: 0, exe: 'cat', args: [], tid: 10, pid: 10, ptid: 1, cwd: '', comm: 'cat', cgroups: [`cpu=/libpod_parent/libpod-${ID}`] }));
  assert.deepEqual(client.calls, [ID]);
  assert.equal(r.stats.resolved, 1);
  r.close();
});

test('ids from a snapshot loaded before the resolver attaches are looked up', async () => {
  const s = new SyscallState({ hostname: 'h' });
  s.loadSnapshot({ threads: [{ ...newThreadRecord(), tid: 5, pid: 5, ptid: 1, cgroups: [`memory=/docker/${ID}`], startTs: 1n }], fds: [], users: [], groups: [] });
  const client = fakeClient(new Map([[ID, info(ID, 'db')]]));
  const r = new ContainerMetadataResolver(s.containers, { clients: [client] }).attach();
  await r.idle();
  assert.equal(s.containers.get(ID)?.name, 'db');
  r.close();
});

test('unknown ids are retried, failures are counted and logged once, unhandled runtimes are left alone', async () => {
  const table = new ContainerTable();
  const logs: string[] = [];
  const missing = fakeClient(new Map());
  const broken = fakeClient(new Map(), { fail: true, kinds: ['docker'] });
  const r = new ContainerMetadataResolver(table, { clients: [missing, broken], retries: 2, retryDelayMs: 5, log: (m) => logs.push(m) }).attach();
  table.noteSeen('1'.repeat(64), 'podman');
  table.noteSeen('2'.repeat(64), 'docker');
  table.noteSeen('3'.repeat(64), 'docker');
  table.noteSeen('4'.repeat(64), 'cri-o');
  await r.idle();
  assert.equal(missing.calls.filter((x) => x === '1'.repeat(64)).length, 3, 'first try and two retries');
  assert.equal(r.stats.notFound, 1);
  assert.equal(r.stats.failed, 2);
  assert.equal(r.stats.noClient, 1);
  assert.equal(logs.filter((l) => l.includes('fake API unreachable')).length, 1);
  assert.equal(logs.filter((l) => l.includes('cri-o')).length, 1);
  assert.equal(table.get('4'.repeat(64))?.type, 'cri-o');
  // feeding an entry directly
  r.feed(info('5'.repeat(64), 'fed'));
  assert.equal(table.get('5'.repeat(12))?.name, 'fed');
  r.close();
});

test('Docker API client: inspect over a unix socket, 404 is unknown, errors carry codes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-dockerapi-'));
  const sock = join(dir, 'docker.sock');
  const server = http.createServer((req, res) => {
    if (req.url === `/containers/${ID}/json`) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({
        Id: ID, Name: '/api-test', Created: '2024-05-06T07:08:09.123456789Z', Image: 'sha256:' + 'cd'.repeat(32),
        Config: { Image: 'registry.local:5000/team/app', Labels: { 'io.kubernetes.pod.uid': 'u-1' } },
        HostConfig: { Privileged: true, NetworkMode: 'host', PidMode: '', IpcMode: 'private' },
        Mounts: [{ Source: '/data', Destination: '/srv', Mode: 'z', RW: true, Propagation: 'rprivate' }],
        NetworkSettings: { IPAddress: '', Networks: { bridge: { IPAddress: '10.88.0.7' } } },
      }));
    } else if (req.url === `/images/${encodeURIComponent('sha256:' + 'cd'.repeat(32))}/json`) {
      res.end(JSON.stringify({ RepoTags: ['registry.local:5000/team/app:latest'], RepoDigests: ['registry.local:5000/team/app@sha256:' + 'ef'.repeat(32)] }));
    } else if (req.url?.startsWith('/containers/bad')) {
      res.statusCode = 500; res.end('{"message":"boom"}');
    } else {
      res.statusCode = 404; res.end('{"message":"no such container"}');
    }
  });
  await new Promise<void>((r) => server.listen(sock, r));
  const client = new DockerApiClient({ socketPath: sock });
  try {
    const i = await client.inspect(ID);
    assert.ok(i);
    assert.equal(i.name, 'api-test');
    assert.equal(i.type, 'docker');
    assert.equal(i.image, 'registry.local:5000/team/app');
    assert.equal(i.imageRepo, 'registry.local:5000/team/app');
    assert.equal(i.imageTag, 'latest');
    assert.equal(i.imageDigest, 'sha256:' + 'ef'.repeat(32));
    assert.equal(i.imageId, 'cd'.repeat(32));
    assert.equal(i.privileged, true);
    assert.equal(i.hostNetwork, true);
    assert.equal(i.hostPid, false);
    assert.equal(i.ip, '10.88.0.7');
    assert.deepEqual(i.mounts, [{ source: '/data', dest: '/srv', mode: 'z', rdwr: true, propagation: 'rprivate' }]);
    assert.equal(i.createdTime, 1714979289_123456789n);
    assert.equal(i.labels.get('io.kubernetes.pod.uid'), 'u-1');
    assert.equal(await client.inspect('f'.repeat(64)), undefined);
    await assert.rejects(client.inspect('bad'), (e: any) => e.code === 'CONTAINER_API_STATUS' && /HTTP 500/.test(e.message));
    const absent = new DockerApiClient({ socketPath: join(dir, 'absent.sock') });
    await assert.rejects(absent.inspect(ID), (e: any) => e.code === 'CONTAINER_API_UNREACHABLE');
    absent.close();
  } finally {
    client.close();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('seedLiveState loads the /proc snapshot and hooks the resolver', { skip: process.platform !== 'linux' }, async () => {
  const { seedLiveState } = await import('./live-state-seeder.js');
  const s = new SyscallState({ hostname: 'h' });
  const live = seedLiveState(s, { scan: { env: false }, containers: { clients: [fakeClient(new Map())] } });
  try {
    assert.ok(live.scan.processes > 0);
    assert.equal(s.threads.get(process.pid)?.pid, process.pid);
    assert.ok(live.resolver);
    // containers already running on this host are requested at attach too
    const before = live.resolver.stats.requested;
    s.containers.noteSeen('9'.repeat(64), 'docker');
    assert.equal(live.resolver.stats.requested, before + 1);
  } finally {
    live.close();
  }
});
