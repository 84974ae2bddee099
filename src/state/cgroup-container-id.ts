// Container id from a thread's cgroup paths, as the container runtimes lay them out:
//   docker        /docker/<id>                      or  .../docker-<id>.scope
//   containerd    .../cri-containerd-<id>.scope     or  /kubepods/.../pod<uid>/<id>
//   cri-o         .../crio-<id>.scope               (crio-conmon-<id>.scope is the monitor)
//   podman        .../libpod-<id>.scope             or  /libpod_parent/libpod-<id>
//                 (with crun/systemd the processes sit in .../libpod-<id>.scope/container;
//                 cgroup mode split names it libpod-payload-<id>)
// The id is 64 hex digits; container.id prints its first 12.

export type RuntimeKind = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'cri';

export interface CgroupContainer { readonly id: string; readonly runtime: RuntimeKind }

const HEX64 = /^[0-9a-f]{64}$/;

function matchComponent(comp: string, path: string): CgroupContainer | undefined {
  let c = comp;
  if (c.endsWith('.scope')) c = c.slice(0, -6);
  const prefixes: [string, RuntimeKind][] = [
    ['docker-', 'docker'], ['cri-containerd-', 'containerd'], ['crio-', 'cri-o'], ['libpod-payload-', 'podman'], ['libpod-', 'podman'],
  ];
  for (const [p, kind] of prefixes) {
    if (c.startsWith(p)) {
      const id = c.slice(p.length);
      return HEX64.test(id) ? { id, runtime: kind } : undefined;
    }
  }
  if (!HEX64.test(c)) return undefined;
  if (path.includes('/docker/')) return { id: c, runtime: 'docker' };
  if (path.includes('kubepods')) return { id: c, runtime: 'cri' };
  if (path.includes('libpod')) return { id: c, runtime: 'podman' };
  return { id: c, runtime: 'docker' };
}

/** Scans one cgroup path (`/kubepods/burstable/pod.../<id>`); undefined when it names no container. */
export function containerFromCgroupPath(path: string): CgroupContainer | undefined {
  if (path.length < 64) return undefined;
  let end = path.length;
  let last = path.lastIndexOf('/');
  if (path.slice(last + 1) === 'container' && last > 0) { end = last; last = path.lastIndexOf('/', end - 1); }
  return matchComponent(path.slice(last + 1, end), path);
}

/** Scans `subsystem=path` entries (first match wins); undefined for host processes. */
export function containerFromCgroups(cgroups: readonly string[]): CgroupContainer | undefined {
  for (const entry of cgroups) {
    const eq = entry.indexOf('=');
    const found = containerFromCgroupPath(eq >= 0 ? entry.slice(eq + 1) : entry);
    if (found) return found;
  }
  return undefined;
}
