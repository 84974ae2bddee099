// A container's metadata as the `container` meta event carries it: libsinsp's JSON layout
// (`{"container": {...}}`, type as libsinsp's number, created_time in seconds, Mounts with
// Docker's key names), the inverse of ContainerTable.addJson. Fields tercel does not know
// are left out, so that reading the JSON back gives the same entry.
import { containerTypeCode, type ContainerInfo } from './container-table.js';

export function containerInfoJson(c: ContainerInfo): string {
  const code = containerTypeCode(c.type);
  const labels: Record<string, string> = {};
  for (const [k, v] of c.labels) labels[k] = v;
  const o: Record<string, unknown> = {
    id: c.id.slice(0, 12), full_id: c.id, type: code ?? c.type,
    name: c.name, image: c.image, imageid: c.imageId, imagerepo: c.imageRepo, imagetag: c.imageTag, imagedigest: c.imageDigest,
    privileged: c.privileged, is_pod_sandbox: c.isPodSandbox, pod_sandbox_id: c.podSandboxId,
    host_pid: c.hostPid, host_network: c.hostNetwork, host_ipc: c.hostIpc, ip: c.ip, cni_json: c.cniJson,
    created_time: c.createdTime !== undefined ? Number(c.createdTime / 1_000_000_000n) : undefined,
    labels,
    Mounts: c.mounts.map((m) => ({ Source: m.source, Destination: m.dest, Mode: m.mode, RW: m.rdwr, Propagation: m.propagation })),
  };
  return JSON.stringify({ container: o });
}
