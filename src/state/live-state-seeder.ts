// One call for the live source's start-up: scan /proc into the state tables (the live
// counterpart of loading a trace header) and, unless turned off, hook the container
// metadata resolver on the container table so new container ids get their runtime data.
// With `containerEvents`, a container that starts after start-up is announced by a
// `container` event once its metadata arrives, as Falco does (containers already running
// at start-up are not: they are part of the initial state, like Falco's).
import { ContainerMetadataResolver, type ContainerResolverOptions } from './container-metadata-resolver.js';
import { containerInfoJson } from './container-json.js';
import type { ContainerInfo } from './container-table.js';
import { scanProc, type ProcScanOptions, type ProcScanStats, type ProcSnapshot } from './proc-scanner.js';
import type { SyscallState } from './syscall-state.js';

export interface LiveStateOptions {
  scan?: ProcScanOptions;
  /** Container metadata from the runtimes' APIs (default on); false for ids only. */
  containers?: boolean | ContainerResolverOptions;
  /**
   * Receives the `container` event of a container first seen after start-up when its
   * metadata arrives: libsinsp's JSON and the tid of one of its processes (-1 if none is
   * left), e.g. ContainerEventInjector.injectContainer from src/capture.
   */
  containerEvents?: (json: string, tid: number) => void;
}

export interface LiveStateHandle {
  readonly scan: ProcScanStats;
  /** What /proc showed (a capture writes its trace header from it). */
  readonly snapshot: ProcSnapshot;
  /** Present when container lookups are on; close() it at shutdown. */
  readonly resolver: ContainerMetadataResolver | undefined;
  close(): void;
}

/** A thread of the container: its init (lowest vpid) when known, preferring main threads. */
export function containerThreadTid(state: SyscallState, containerId: string): number {
  let best: { tid: number; score: number } | undefined;
  for (const t of state.threads.values()) {
    const id = t.containerId;
    if (id === '' || (id !== containerId && !containerId.startsWith(id) && !id.startsWith(containerId))) continue;
    const score = (t.isMainThread ? 0 : 1e12) + (t.vpid > 0 ? t.vpid : 1e9);
    if (!best || score < best.score) best = { tid: t.tid, score };
  }
  return best?.tid ?? -1;
}

export function seedLiveState(state: SyscallState, opts: LiveStateOptions = {}): LiveStateHandle {
  const snap = scanProc(opts.scan);
  state.loadSnapshot(snap);
  let resolver: ContainerMetadataResolver | undefined;
  if (opts.containers !== false) {
    const ropts: ContainerResolverOptions = opts.containers === true || opts.containers === undefined ? {} : opts.containers;
    const emit = opts.containerEvents;
    let onResolved = ropts.onResolved;
    if (emit) {
      const atStart = new Set<string>();
      for (const t of state.threads.values()) if (t.containerId !== '') atStart.add(t.containerId);
      const user = ropts.onResolved;
      onResolved = (info: ContainerInfo) => {
        user?.(info);
        if (atStart.has(info.id) || atStart.has(info.id.slice(0, 12))) return;
        emit(containerInfoJson(info), containerThreadTid(state, info.id));
      };
    }
    resolver = new ContainerMetadataResolver(state.containers, { ...ropts, onResolved }).attach();
  }
  return { scan: snap.stats, snapshot: snap, resolver, close: () => resolver?.close() };
}
