// Extractors of the `container` and `k8s` classes. The id comes from the thread's cgroups
// (so it is always known: 'host' outside containers); everything else from the container
// table filled by the runtime (trace `container` events). Pod names come from the CRI
// labels the runtime puts on every container of a pod. A `container` event belongs to no
// thread: its container.* fields read the container it describes (Falco's container plugin
// does the same), so `evt.type = container and container.privileged = true` works.
import { EVENT_INFO } from '../../events/event-info.js';
import type { ContainerInfo, ContainerMount } from '../../state/container-table.js';
import type { EvalContext } from '../../state/eval-context.js';
import { globToRegExp } from './glob-match.js';
import type { Extractor, FieldValue } from '../field.js';
import { type BinderMap, plain } from './extractor-kit.js';

/** 1 for the codes of `container` meta events. */
const CONTAINER_EVENT: Uint8Array = Uint8Array.from(EVENT_INFO, (e) => (e.name === 'container' && e.dir === '>' ? 1 : 0));

function info(c: EvalContext): ContainerInfo | undefined {
  if (CONTAINER_EVENT[c.evt.type] === 1) return c.state.containers.lastDescribed;
  const t = c.thread;
  return t && t.containerId !== '' ? c.state.containers.get(t.containerId) : undefined;
}
function onHost(c: EvalContext): boolean { return c.thread !== undefined && c.thread.containerId === ''; }

function ci(fn: (i: ContainerInfo) => FieldValue | undefined): Extractor<EvalContext> {
  return (c) => { const i = info(c); return i ? fn(i) : undefined; };
}
const label = (key: string) => ci((i) => i.labels.get(key));

function mountText(m: ContainerMount): string {
  return `${m.source}:${m.dest}:${m.mode}:${m.rdwr ? 'true' : 'false'}:${m.propagation}`;
}

/** container.mount*[N] / [glob]: the Nth mount, or the first whose source (dest for .source) matches; no value when none does (as Falco's container plugin), so `exists` tells whether such a mount is there. */
function mountBinder(get: (m: ContainerMount) => string, matchOn: 'source' | 'dest') {
  return (arg: unknown): Extractor<EvalContext> => {
    if (typeof arg === 'number') return ci((i) => { const mt = i.mounts[arg]; return mt ? get(mt) : undefined; });
    const re = globToRegExp(String(arg));
    return ci((i) => {
      for (const mt of i.mounts) if (re.test(matchOn === 'source' ? mt.source : mt.dest)) return get(mt);
      return undefined;
    });
  };
}

export function addContainerBinders(m: BinderMap): void {
  plain(m, {
    'container.id': (c) => (CONTAINER_EVENT[c.evt.type] === 1 ? c.state.containers.lastDescribed?.id.slice(0, 12) : c.state.containerIdOf(c.thread)),
    'container.full_id': (c) => (onHost(c) ? 'host' : info(c)?.id ?? (c.thread?.containerId || undefined)),
    'container.name': (c) => (onHost(c) ? 'host' : info(c)?.name),
    'container.image': ci((i) => i.image),
    'container.image.id': ci((i) => i.imageId),
    'container.type': (c) => (onHost(c) ? undefined : info(c)?.type),
    'container.privileged': ci((i) => i.privileged),
    'container.mounts': ci((i) => i.mounts.map(mountText).join(',')),
    'container.image.repository': ci((i) => i.imageRepo),
    'container.image.tag': ci((i) => i.imageTag),
    'container.image.digest': ci((i) => i.imageDigest),
    'container.healthcheck': () => undefined,
    'container.liveness_probe': () => undefined,
    'container.readiness_probe': () => undefined,
    'container.start_ts': (c) => { const t = c.thread; return t && t.containerId !== '' && t.pidnsInitStartTs ? t.pidnsInitStartTs : undefined; },
    'container.duration': (c) => { const t = c.thread; return t && t.containerId !== '' && t.pidnsInitStartTs ? c.evt.ts - t.pidnsInitStartTs : undefined; },
    'container.ip': ci((i) => i.ip),
    'container.cni.json': ci((i) => i.cniJson),
    'container.host_pid': ci((i) => i.hostPid),
    'container.host_network': ci((i) => i.hostNetwork),
    'container.host_ipc': ci((i) => i.hostIpc),
    'container.labels': ci((i) => [...i.labels].map(([k, v]) => `${k}:${v}`).join(', ')),
    'proc.is_container_healthcheck': () => undefined,
    'proc.is_container_liveness_probe': () => undefined,
    'proc.is_container_readiness_probe': () => undefined,
    'k8s.pod.name': label('io.kubernetes.pod.name'),
    'k8s.ns.name': label('io.kubernetes.pod.namespace'),
    'k8s.pod.id': label('io.kubernetes.pod.uid'),
    'k8s.pod.uid': label('io.kubernetes.pod.uid'),
    'k8s.pod.sandbox_id': ci((i) => (i.podSandboxId ?? i.labels.get('io.kubernetes.sandbox.id'))?.slice(0, 12)),
    'k8s.pod.full_sandbox_id': ci((i) => i.podSandboxId ?? i.labels.get('io.kubernetes.sandbox.id')),
    'k8s.pod.labels': ci((i) => [...i.labels].filter(([k]) => !k.startsWith('io.kubernetes.')).map(([k, v]) => `${k}:${v}`).join(', ')),
    'k8s.pod.ip': ci((i) => i.ip),
    'k8s.pod.cni.json': ci((i) => i.cniJson),
  });
  m.set('container.label', (arg) => label(String(arg)));
  m.set('k8s.pod.label', (arg) => label(String(arg)));
  m.set('container.mount', mountBinder(mountText, 'source'));
  m.set('container.mount.source', mountBinder((x) => x.source, 'dest'));
  m.set('container.mount.dest', mountBinder((x) => x.dest, 'source'));
  m.set('container.mount.mode', mountBinder((x) => x.mode, 'source'));
  m.set('container.mount.rdwr', mountBinder((x) => (x.rdwr ? 'true' : 'false'), 'source'));
  m.set('container.mount.propagation', mountBinder((x) => x.propagation, 'source'));
  for (const n of ['k8s.rc.name', 'k8s.rc.id', 'k8s.rc.labels', 'k8s.svc.name', 'k8s.svc.id', 'k8s.svc.labels', 'k8s.ns.id',
    'k8s.ns.labels', 'k8s.rs.name', 'k8s.rs.id', 'k8s.rs.labels', 'k8s.deployment.name', 'k8s.deployment.id', 'k8s.deployment.labels',
    'k8s.rc.label', 'k8s.svc.label', 'k8s.ns.label', 'k8s.rs.label', 'k8s.deployment.label']) {
    m.set(n, () => () => undefined);
  }
}
