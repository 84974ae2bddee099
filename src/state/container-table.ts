// Containers by id: what the runtime said about them (name, image, labels, mounts...),
// from the trace's `container` events (old CONTAINER_E and the JSON form) or, live, from a
// runtime client. Threads carry only the id (from their cgroups); fields look the rest up here.
import type { RuntimeKind } from './cgroup-container-id.js';

export interface ContainerMount {
  readonly source: string;
  readonly dest: string;
  readonly mode: string;
  readonly rdwr: boolean;
  readonly propagation: string;
}

export interface ContainerInfo {
  /** Full id as the runtime gave it. */
  id: string;
  type: string;
  name?: string;
  image?: string;
  imageId?: string;
  imageRepo?: string;
  imageTag?: string;
  imageDigest?: string;
  privileged?: boolean;
  mounts: ContainerMount[];
  labels: Map<string, string>;
  ip?: string;
  cniJson?: string;
  hostPid?: boolean;
  hostNetwork?: boolean;
  hostIpc?: boolean;
  isPodSandbox?: boolean;
  podSandboxId?: string;
  createdTime?: bigint;
}

/** libsinsp container_type values as the old events carry them. */
const TYPE_NAMES = ['docker', 'lxc', 'libvirt-lxc', 'mesos', 'rkt', 'custom', 'cri', 'containerd', 'cri-o', 'bpm', 'static', 'podman'];

export function containerTypeName(n: number): string { return TYPE_NAMES[n] ?? 'unknown'; }

/** The number of a container type name, undefined for names without one. */
export function containerTypeCode(name: string): number | undefined {
  const i = TYPE_NAMES.indexOf(name);
  return i < 0 ? undefined : i;
}

/** Splits `registry:5000/repo/name:tag@sha256:...` into repository, tag, digest. */
export function splitImage(image: string): { repo: string; tag: string; digest: string } {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  return { repo: rest, tag, digest };
}

/**
 * Called once for each container id threads carry that the table has no entry for (live
 * capture installs one to ask the runtime; see container-metadata-resolver.ts). It must not
 * block: it schedules a lookup and later calls `set()` with what the runtime said.
 */
export type ContainerSeenHook = (id: string, runtime: RuntimeKind) => void;

export class ContainerTable {
  readonly #byId = new Map<string, ContainerInfo>();
  /**
   * The container the last `container` event described (undefined if it was unreadable):
   * the container.* fields of a container event read it, as Falco's container plugin does,
   * since such events belong to no thread.
   */
  lastDescribed: ContainerInfo | undefined;
  #onSeen: ContainerSeenHook | undefined;

  /** Ids seen while no hook was installed (told to the hook when one is installed). */
  readonly #seenUnhooked = new Map<string, RuntimeKind>();

  /** Installs (or, with undefined, removes) the hook for new container ids; ids seen before are told to it now. */
  setSeenHook(hook: ContainerSeenHook | undefined): void {
    this.#onSeen = hook;
    if (!hook) return;
    const earlier = [...this.#seenUnhooked];
    this.#seenUnhooked.clear();
    for (const [id, runtime] of earlier) this.noteSeen(id, runtime);
  }

  /**
   * A thread with this container id was seen. Without a hook (replay: traces carry their
   * own container events) the id is only remembered. With one, an id-only entry is added
   * until the runtime answers, as libsinsp does while its lookup is pending (name, image...
   * read as no value), and the hook is told.
   */
  noteSeen(id: string, runtime: RuntimeKind): void {
    if (this.#byId.has(id)) return;
    const hook = this.#onSeen;
    if (hook === undefined) { this.#seenUnhooked.set(id, runtime); return; }
    this.set({ id, type: runtime, mounts: [], labels: new Map() });
    hook(id, runtime);
  }

  /** Every entry once (the 12-character aliases left out). */
  *entries(): IterableIterator<ContainerInfo> {
    for (const [k, v] of this.#byId) if (k === v.id) yield v;
  }

  /** Lookup by full id or by its 12-character prefix. */
  get(id: string): ContainerInfo | undefined {
    return this.#byId.get(id) ?? (id.length > 12 ? this.#byId.get(id.slice(0, 12)) : undefined);
  }

  set(info: ContainerInfo): void {
    this.#byId.set(info.id, info);
    if (info.id.length > 12) this.#byId.set(info.id.slice(0, 12), info);
  }

  /** Old CONTAINER_E event: id, type, name, image. */
  addSimple(id: string, type: number, name: string, image: string): void {
    const { repo, tag, digest } = splitImage(image);
    const info: ContainerInfo = { id, type: containerTypeName(type), name, image, imageRepo: repo, imageTag: tag, imageDigest: digest || undefined, mounts: [], labels: new Map() };
    this.set(info);
    this.lastDescribed = info;
  }

  /** CONTAINER_JSON event payload: `{"container": {...}}` as libsinsp writes it. Returns false if unreadable. */
  addJson(json: string): boolean {
    this.lastDescribed = undefined;
    let doc: any;
    try { doc = JSON.parse(json); } catch { return false; }
    const c = doc?.container;
    if (!c || typeof c.id !== 'string') return false;
    const image = typeof c.image === 'string' ? c.image : '';
    const split = splitImage(image);
    const labels = new Map<string, string>();
    if (c.labels && typeof c.labels === 'object') for (const [k, v] of Object.entries(c.labels)) labels.set(k, String(v));
    const mounts: ContainerMount[] = Array.isArray(c.Mounts) ? c.Mounts.map((m: any) => ({
      source: String(m.Source ?? ''), dest: String(m.Destination ?? ''), mode: String(m.Mode ?? ''),
      rdwr: Boolean(m.RW), propagation: String(m.Propagation ?? ''),
    })) : [];
    this.set({
      id: typeof c.full_id === 'string' && c.full_id ? c.full_id : c.id,
      type: typeof c.type === 'number' ? containerTypeName(c.type) : String(c.type ?? 'docker'),
      name: c.name, image, imageId: c.imageid,
      imageRepo: c.imagerepo ?? split.repo, imageTag: c.imagetag ?? split.tag, imageDigest: c.imagedigest ?? (split.digest || undefined),
      privileged: typeof c.privileged === 'boolean' ? c.privileged : undefined,
      mounts, labels, ip: c.ip, cniJson: c.cni_json,
      hostPid: c.host_pid, hostNetwork: c.host_network, hostIpc: c.host_ipc,
      isPodSandbox: c.is_pod_sandbox, podSandboxId: c.pod_sandbox_id,
      createdTime: typeof c.created_time === 'number' ? BigInt(c.created_time) * 1000000000n : undefined,
    });
    const info = this.get(typeof c.full_id === 'string' && c.full_id ? c.full_id : c.id)!;
    if (c.id !== info.id) this.#byId.set(c.id, info);
    this.lastDescribed = info;
    return true;
  }
}
