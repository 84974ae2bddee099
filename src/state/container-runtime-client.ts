// The contract of a container runtime client: given a container id found in a thread's
// cgroups, say what the runtime knows about it. Implementations: docker-api-client.ts (the
// Docker Engine API, which podman also serves: podman-client.ts). The resolver
// (container-metadata-resolver.ts) picks clients by the runtime the cgroup path names.
import type { RuntimeKind } from './cgroup-container-id.js';
import type { ContainerInfo } from './container-table.js';

export interface ContainerRuntimeClient {
  /** Short name for logs and counters ('docker', 'podman'). */
  readonly name: string;
  /** True when ids of this runtime kind (from cgroup paths) may be answered by this client. */
  handles(runtime: RuntimeKind): boolean;
  /**
   * The container's metadata; undefined when the runtime does not know the id. Rejects on
   * transport errors (socket absent, timeout, bad answer).
   */
  inspect(id: string): Promise<ContainerInfo | undefined>;
  /** Releases kept-alive connections (optional). */
  close?(): void;
}

/** Kubernetes pod of a container, from the CRI labels the kubelet sets on it. */
export interface PodRef { name: string; namespace?: string; uid?: string }

export function podOf(info: Pick<ContainerInfo, 'labels'>): PodRef | undefined {
  const name = info.labels.get('io.kubernetes.pod.name');
  if (name === undefined) return undefined;
  return { name, namespace: info.labels.get('io.kubernetes.pod.namespace'), uid: info.labels.get('io.kubernetes.pod.uid') };
}
