// Turns the Docker Engine API's container inspect document (`GET /containers/<id>/json`,
// which podman serves too) and, when fetched, the image inspect document into the
// ContainerInfo the container fields read.
import { splitImage, type ContainerInfo, type ContainerMount } from './container-table.js';

type Json = Record<string, any>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function stripSha(id: string | undefined): string | undefined {
  return id?.startsWith('sha256:') ? id.slice(7) : id;
}

/** The image name as the user gave it; an id-only reference is replaced by the image's first tag. */
export function imageNameOf(c: Json, image?: Json): string {
  const given = str(c.Config?.Image) ?? str(c.ImageName) ?? '';
  if ((given === '' || given.startsWith('sha256:') || /^[0-9a-f]{64}$/.test(given)) && Array.isArray(image?.RepoTags) && image.RepoTags[0]) {
    return String(image.RepoTags[0]);
  }
  return given;
}

function digestOf(repo: string, fromName: string, image?: Json): string | undefined {
  if (fromName) return fromName;
  const digests: unknown[] = Array.isArray(image?.RepoDigests) ? image.RepoDigests : [];
  let any: string | undefined;
  for (const d of digests) {
    if (typeof d !== 'string') continue;
    const at = d.indexOf('@');
    if (at < 0) continue;
    if (d.slice(0, at) === repo) return d.slice(at + 1);
    any ??= d.slice(at + 1);
  }
  return any;
}

function ipOf(net: Json | undefined): string | undefined {
  if (!net) return undefined;
  const direct = str(net.IPAddress);
  if (direct) return direct;
  for (const n of Object.values((net.Networks ?? {}) as Json)) {
    const ip = str((n as Json)?.IPAddress);
    if (ip) return ip;
  }
  return undefined;
}

function createdNs(text: unknown): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return undefined;
  const secs = Date.parse(m[1] + m[3]);
  if (Number.isNaN(secs)) return undefined;
  const frac = BigInt(((m[2] ?? '') + '000000000').slice(0, 9));
  return BigInt(secs) * 1_000_000n + frac;
}

export function containerInfoFromInspect(c: Json, type: string, image?: Json): ContainerInfo {
  const labels = new Map<string, string>();
  const l = c.Config?.Labels;
  if (l && typeof l === 'object') for (const [k, v] of Object.entries(l)) labels.set(k, String(v));
  const name = imageNameOf(c, image);
  const split = splitImage(name);
  const mounts: ContainerMount[] = Array.isArray(c.Mounts) ? c.Mounts.map((m: Json) => ({
    source: String(m.Source ?? ''), dest: String(m.Destination ?? ''), mode: String(m.Mode ?? ''),
    rdwr: Boolean(m.RW), propagation: String(m.Propagation ?? ''),
  })) : [];
  const hc: Json = c.HostConfig ?? {};
  return {
    id: String(c.Id),
    type,
    name: typeof c.Name === 'string' ? c.Name.replace(/^\//, '') : undefined,
    image: name || undefined,
    imageId: stripSha(str(c.Image)),
    imageRepo: split.repo || undefined,
    // an untagged reference means the runtime pulled `latest`
    imageTag: split.tag || (split.repo && !split.digest ? 'latest' : undefined),
    imageDigest: digestOf(split.repo, split.digest, image),
    privileged: typeof hc.Privileged === 'boolean' ? hc.Privileged : undefined,
    mounts,
    labels,
    ip: ipOf(c.NetworkSettings),
    hostPid: hc.PidMode === 'host',
    hostNetwork: hc.NetworkMode === 'host',
    hostIpc: hc.IpcMode === 'host',
    isPodSandbox: labels.get('io.kubernetes.docker.type') === 'podsandbox' || undefined,
    podSandboxId: labels.get('io.kubernetes.sandbox.id'),
    createdTime: createdNs(c.Created),
  };
}
