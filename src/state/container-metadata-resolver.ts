// Fills the container table from the container runtimes while capture runs. Hooked on the
// table: the first time a thread with an unknown container id is seen, the table keeps an
// id-only entry (fields other than the id read as no value, as in Falco while its lookup is
// pending) and a lookup is queued; the answer replaces the entry. Nothing here blocks the
// event loop: requests are asynchronous, a few at a time, and the table is the cache.
// Unknown ids are tried again a few times (a container may be seen before the runtime
// lists it); failures are counted, and each kind of failure is logged once.
import type { RuntimeKind } from './cgroup-container-id.js';
import type { ContainerInfo, ContainerTable } from './container-table.js';
import type { ContainerRuntimeClient } from './container-runtime-client.js';
import { DockerApiClient } from './docker-api-client.js';
import { podmanClient } from './podman-client.js';

export interface ContainerResolverOptions {
  /** Clients asked in order (those whose handles() accepts the runtime); default: podman, then docker. */
  clients?: ContainerRuntimeClient[];
  /** Where the once-per-kind failure messages go (default: stderr). */
  log?: (message: string) => void;
  /** Further attempts for an id no runtime knows yet or that failed (default 2). */
  retries?: number;
  retryDelayMs?: number;
  /** Requests in flight at once (default 4). */
  maxConcurrent?: number;
  /** Called when an entry gets the runtime's metadata (e.g. to emit a `container` event). */
  onResolved?: (info: ContainerInfo) => void;
}

export interface ContainerResolverStats {
  requested: number;
  resolved: number;
  /** Ids no client knew after every attempt. */
  notFound: number;
  /** Ids whose every attempt failed (socket absent, timeout, bad answer). */
  failed: number;
  /** Ids of a runtime no client handles (only the id is known). */
  noClient: number;
  retried: number;
  pending: number;
}

/** Clients for the usual sockets: podman's service and docker's. Absent sockets fail (counted, logged once) only when a container of theirs shows up. */
export function defaultRuntimeClients(): ContainerRuntimeClient[] {
  return [
    podmanClient(),
    new DockerApiClient({ socketPath: '/var/run/docker.sock', name: 'docker', runtimes: ['docker', 'cri'] }),
  ];
}

interface Job { id: string; runtime: RuntimeKind; attempt: number }

export class ContainerMetadataResolver {
  readonly stats: ContainerResolverStats = { requested: 0, resolved: 0, notFound: 0, failed: 0, noClient: 0, retried: 0, pending: 0 };
  readonly #table: ContainerTable;
  readonly #clients: ContainerRuntimeClient[];
  readonly #log: (m: string) => void;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #maxConcurrent: number;
  readonly #onResolved: ((info: ContainerInfo) => void) | undefined;
  readonly #queue: Job[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #logged = new Set<string>();
  #active = 0;
  #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(table: ContainerTable, opts: ContainerResolverOptions = {}) {
    this.#table = table;
    this.#clients = opts.clients ?? defaultRuntimeClients();
    this.#log = opts.log ?? ((m) => process.stderr.write(`tercel: ${m}\n`));
    this.#retries = opts.retries ?? 2;
    this.#retryDelayMs = opts.retryDelayMs ?? 500;
    this.#maxConcurrent = opts.maxConcurrent ?? 4;
    this.#onResolved = opts.onResolved;
  }

  /** Hooks the resolver on the table: new container ids are looked up from now on. */
  attach(): this {
    // ids seen before (e.g. a /proc snapshot loaded first) are told to the hook at once
    this.#table.setSeenHook((id, runtime) => this.request(id, runtime));
    return this;
  }

  detach(): void { this.#table.setSeenHook(undefined); }

  /** Queues a lookup of `id`; returns at once. */
  request(id: string, runtime: RuntimeKind): void {
    if (this.#closed) return;
    this.stats.requested++;
    this.stats.pending++;
    this.#queue.push({ id, runtime, attempt: 0 });
    this.#pump();
  }

  /** Puts an entry straight into the table (tests, other metadata sources). */
  feed(info: ContainerInfo): void {
    this.#table.set(info);
    this.#onResolved?.(info);
  }

  /** Resolves when no lookup is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.stats.pending === 0) return Promise.resolve();
    // retry timers do not hold the process open; a waiter does, until the work is done
    const keepAlive = setInterval(() => {}, 60_000);
    return new Promise((r) => this.#idleWaiters.push(() => { clearInterval(keepAlive); r(); }));
  }

  close(): void {
    this.#closed = true;
    this.detach();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#queue.length = 0;
    for (const c of this.#clients) c.close?.();
    this.stats.pending = 0;
    this.#wakeIdle();
  }

  #pump(): void {
    while (this.#active < this.#maxConcurrent && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#active++;
      void this.#run(job).finally(() => { this.#active--; this.#pump(); });
    }
  }

  async #run(job: Job): Promise<void> {
    const clients = this.#clients.filter((c) => c.handles(job.runtime));
    if (clients.length === 0) {
      this.stats.noClient++;
      this.#once(`noclient:${job.runtime}`, `container metadata: no client for ${job.runtime} containers; only their ids are known`);
      return this.#done();
    }
    let failed = false;
    for (const c of clients) {
      try {
        const info = await c.inspect(job.id);
        if (this.#closed) return;
        if (info) {
          this.#table.set(info);
          this.stats.resolved++;
          this.#onResolved?.(info);
          return this.#done();
        }
      } catch (e) {
        failed = true;
        const code = (e as { code?: string }).code ?? 'ERROR';
        this.#once(`${c.name}:${code}`, `container metadata: ${(e as Error).message} (further failures of this kind are counted, not logged)`);
      }
    }
    if (this.#closed) return;
    if (job.attempt < this.#retries) {
      this.stats.retried++;
      const t = setTimeout(() => {
        this.#timers.delete(t);
        this.#queue.push({ ...job, attempt: job.attempt + 1 });
        this.#pump();
      }, this.#retryDelayMs);
      t.unref();
      this.#timers.add(t);
      return;
    }
    if (failed) this.stats.failed++; else this.stats.notFound++;
    this.#done();
  }

  #done(): void {
    this.stats.pending--;
    if (this.stats.pending === 0) this.#wakeIdle();
  }

  #wakeIdle(): void {
    const w = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const r of w) r();
  }

  #once(key: string, message: string): void {
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    this.#log(message);
  }
}
