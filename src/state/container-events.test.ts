// Container events: the JSON tercel writes reads back to the same entry, a container first
// seen live is announced by a `container` event once its metadata arrives (and one already
// running at start-up is not), and container.* fields of that event read the container it
// describes. Also the mount fields: no value when no mount matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerEventInjector } from '../capture/container-event-injector.js';
import type { EventBatch } from '../capture/event-batch.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import { containerInfoJson } from './container-json.js';
import type { ContainerInfo } from './container-table.js';
import { ContainerTable } from './container-table.js';
import type { ContainerRuntimeClient } from './container-runtime-client.js';
import type { EvalContext } from './eval-context.js';
import { seedLiveState } from './live-state-seeder.js';
import { SyscallState } from './syscall-state.js';
import { testEvent } from './test-event-builder.js';

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, text: string): unknown {
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(text)!;
  const r = registry.resolve('syscall', m[1], m[2])!;
  return r.decl.bind!(r.arg)(ctx);
}

const ID = 'cd'.repeat(32);
const INFO: ContainerInfo = {
  id: ID, type: 'podman', name: 'priv', image: 'localhost/tercel-busybox:latest', imageId: 'f'.repeat(64),
  imageRepo: 'localhost/tercel-busybox', imageTag: 'latest', privileged: true,
  mounts: [{ source: '/srv/data', dest: '/data', mode: '', rdwr: true, propagation: 'rprivate' }, { source: '/etc', dest: '/host-etc', mode: 'ro', rdwr: false, propagation: 'rprivate' }],
  labels: new Map([['app', 'x']]), hostPid: false, hostNetwork: false, hostIpc: false, createdTime: 1_700_000_000_000_000_000n,
};

test('containerInfoJson reads back through addJson to the same entry', () => {
  const t = new ContainerTable();
  assert.equal(t.addJson(containerInfoJson(INFO)), true);
  const got = t.get(ID)!;
  assert.deepEqual({ ...got }, { ...INFO, imageDigest: undefined, ip: undefined, cniJson: undefined, isPodSandbox: undefined, podSandboxId: undefined });
  assert.equal(t.get(ID.slice(0, 12)), got);
  assert.equal(t.lastDescribed, got);
  assert.equal(JSON.parse(containerInfoJson(INFO)).container.type, 11, 'podman is libsinsp container type 11');
});

function fakeClient(): ContainerRuntimeClient {
  return { name: 'fake', handles: () => true, async inspect(id) { return id === ID ? INFO : undefined; } };
}

const cgroups = [`cpuset=/machine.slice/libpod-${ID}.scope`];

test('a container started live is announced by a container event that state and fields read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-cevt-'));
  try {
    const state = new SyscallState({ hostname: 'h' });
    const queue: (EventBatch | 'timeout')[] = [];
    const injector = new ContainerEventInjector({ stats: { events: 0, unknownEventTypes: 0, skippedBlocks: 0, bytes: 0 }, next: async () => queue.shift() ?? 'eof', close: async () => {} });
    const seen: [string, number][] = [];
    const live = seedLiveState(state, {
      scan: { procRoot: dir, etcDir: dir },
      containers: { clients: [fakeClient()], log: () => {} },
      containerEvents: (json, tid) => { seen.push([json, tid]); injector.injectContainer(json, tid); },
    });
    // conmon (host) forks the container's init, which execs in the container's cgroup
    state.process(testEvent('SYSCALL_CLONE_20_X', 500, { res: 0, exe: 'sh', args: [], tid: 500, pid: 500, ptid: 1, cwd: '', comm: 'sh', cgroups, flags: 0, uid: 0, gid: 0, vtid: 1, vpid: 1 }));
    const before = state.process(testEvent('SYSCALL_EXECVE_19_X', 500, { res: 0, exe: '/bin/sh', args: [], tid: 500, pid: 500, ptid: 1, cwd: '', comm: 'sh', cgroups, trusted_exepath: '/bin/sh' }));
    assert.equal(field(before, 'container.id'), ID.slice(0, 12));
    assert.equal(field(before, 'container.name'), undefined, 'metadata not there yet');
    await live.resolver!.idle();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]![1], 500);
    const b = await injector.next() as EventBatch;
    const ctx = state.process(b.event(0));
    assert.equal(ctx.evt.info!.name, 'container');
    assert.equal(field(ctx, 'container.privileged'), true);
    assert.equal(field(ctx, 'container.id'), ID.slice(0, 12));
    assert.equal(field(ctx, 'container.name'), 'priv');
    assert.equal(field(ctx, 'container.image.repository'), 'localhost/tercel-busybox');
    const later = state.process(testEvent('SYSCALL_OPENAT_2_X', 500, { fd: 3, dirfd: -100, name: '/etc/hosts', flags: 1, mode: 0, dev: 0, ino: 0 }));
    assert.equal(field(later, 'container.name'), 'priv');
    assert.equal(field(later, 'container.image.repository'), 'localhost/tercel-busybox');
    live.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a container already running at start-up gets its metadata but no container event', async () => {
  const { newThreadRecord } = await import('../capture/scap-header-records.js');
  const state = new SyscallState({ hostname: 'h' });
  // as if the /proc snapshot had shown it: the thread is in the table before seeding attaches the resolver
  state.loadHeader({ threads: [{ ...newThreadRecord(), tid: 600, pid: 600, ptid: 1, comm: 'sleep', exe: 'sleep', cgroups, vpid: 1, vtid: 1 }], fds: [], users: [], groups: [] });
  const seen: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tercel-cevt-'));
  try {
    const live = seedLiveState(state, { scan: { procRoot: dir, etcDir: dir }, containers: { clients: [fakeClient()], log: () => {} }, containerEvents: (j) => seen.push(j) });
    await live.resolver!.idle();
    assert.equal(state.containers.get(ID)?.name, 'priv', 'metadata resolved');
    assert.deepEqual(seen, [], 'no container event for a container running at start-up');
    live.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('container.mount* have no value when no mount matches; container.mounts is comma-separated', () => {
  const s = new SyscallState({ hostname: 'h' });
  s.containers.set(INFO);
  const ctx = s.process(testEvent('SYSCALL_EXECVE_19_X', 700, { res: 0, exe: '/bin/sh', args: [], tid: 700, pid: 700, ptid: 1, cwd: '', comm: 'sh', cgroups }));
  assert.equal(field(ctx, 'container.mount.dest[/etc]'), '/host-etc');
  assert.equal(field(ctx, 'container.mount.source[/host-*]'), '/etc');
  assert.equal(field(ctx, 'container.mount[/var/run/docker.sock]'), undefined);
  assert.equal(field(ctx, 'container.mount.dest[/proc*]'), undefined);
  assert.equal(field(ctx, 'container.mount.mode[5]'), undefined);
  assert.equal(field(ctx, 'container.mounts'), '/srv/data:/data::true:rprivate,/etc:/host-etc:ro:false:rprivate');
});
