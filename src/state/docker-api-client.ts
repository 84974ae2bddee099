// A client of the Docker Engine API over its unix socket (docker's /var/run/docker.sock, or
// podman's Docker-compatible service), with Node's http and no dependency. Only the two
// read-only calls container metadata needs: inspect a container, inspect its image.
import http from 'node:http';
import type { RuntimeKind } from './cgroup-container-id.js';
import type { ContainerInfo } from './container-table.js';
import type { ContainerRuntimeClient } from './container-runtime-client.js';
import { containerInfoFromInspect } from './docker-inspect-mapper.js';

export interface DockerApiClientOptions {
  socketPath: string;
  /** Name in logs and ContainerInfo.type ('docker', 'podman'). */
  name?: string;
  /** Runtime kinds (from cgroup paths) sent to this client; default docker and cri. */
  runtimes?: readonly RuntimeKind[];
  /** Per-request timeout (default 2000 ms). */
  timeoutMs?: number;
  /** Also inspect the image (for the digest and a name for id-only references); default true. */
  inspectImages?: boolean;
}

/** An answer of the API that is not a success or a 404. */
export class ContainerApiError extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContainerApiError';
  }
}

export class DockerApiClient implements ContainerRuntimeClient {
  readonly name: string;
  readonly socketPath: string;
  readonly #runtimes: ReadonlySet<RuntimeKind>;
  readonly #timeoutMs: number;
  readonly #images: boolean;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  readonly #imageCache = new Map<string, Promise<Record<string, any> | undefined>>();

  constructor(opts: DockerApiClientOptions) {
    this.socketPath = opts.socketPath;
    this.name = opts.name ?? 'docker';
    this.#runtimes = new Set(opts.runtimes ?? ['docker', 'cri']);
    this.#timeoutMs = opts.timeoutMs ?? 2000;
    this.#images = opts.inspectImages !== false;
  }

  handles(runtime: RuntimeKind): boolean { return this.#runtimes.has(runtime); }

  async inspect(id: string): Promise<ContainerInfo | undefined> {
    const c = await this.getJson(`/containers/${encodeURIComponent(id)}/json`);
    if (c === undefined) return undefined;
    let image: Record<string, any> | undefined;
    if (this.#images && typeof c.Image === 'string' && c.Image !== '') {
      // the image answer only adds detail: its failure does not fail the container
      image = await this.#image(c.Image).catch(() => undefined);
    }
    return containerInfoFromInspect(c, this.name, image);
  }

  #image(ref: string): Promise<Record<string, any> | undefined> {
    let p = this.#imageCache.get(ref);
    if (!p) {
      p = this.getJson(`/images/${encodeURIComponent(ref)}/json`);
      this.#imageCache.set(ref, p);
      p.catch(() => this.#imageCache.delete(ref));
    }
    return p;
  }

  /** GET `path`: the parsed body on 200, undefined on 404, ContainerApiError otherwise. */
  getJson(path: string): Promise<Record<string, any> | undefined> {
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath: this.socketPath, path, method: 'GET', agent: this.#agent, headers: { Host: 'localhost', Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new ContainerApiError('CONTAINER_API_IO', `${this.name} API ${path}: ${e.message}`, { cause: e })));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 404) return resolve(undefined);
          if (res.statusCode !== 200) {
            return reject(new ContainerApiError('CONTAINER_API_STATUS', `${this.name} API ${path}: HTTP ${res.statusCode} ${body.slice(0, 200).trim()}`));
          }
          try { resolve(JSON.parse(body)); } catch (e) {
            reject(new ContainerApiError('CONTAINER_API_BAD_JSON', `${this.name} API ${path}: unreadable JSON answer`, { cause: e }));
          }
        });
      });
      req.setTimeout(this.#timeoutMs, () => req.destroy(new ContainerApiError('CONTAINER_API_TIMEOUT', `${this.name} API ${path}: no answer within ${this.#timeoutMs} ms`)));
      req.on('error', (e) => reject(e instanceof ContainerApiError ? e
        : new ContainerApiError('CONTAINER_API_UNREACHABLE', `${this.name} API at ${this.socketPath}: ${e.message}`, { cause: e })));
      req.end();
    });
  }

  close(): void { this.#agent.destroy(); }
}
