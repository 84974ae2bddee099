// One call for the live source's start-up: scan /proc into the state tables (the live
// counterpart of loading a trace header) and, unless turned off, hook the container
// metadata resolver on the container table so new container ids get their runtime data.
import { ContainerMetadataResolver, type ContainerResolverOptions } from './container-metadata-resolver.js';
import { scanProc, type ProcScanOptions, type ProcScanStats } from './proc-scanner.js';
import type { SyscallState } from './syscall-state.js';

export interface LiveStateOptions {
  scan?: ProcScanOptions;
  /** Container metadata from the runtimes' APIs (default on); false for ids only. */
  containers?: boolean | ContainerResolverOptions;
}

export interface LiveStateHandle {
  readonly scan: ProcScanStats;
  /** Present when container lookups are on; close() it at shutdown. */
  readonly resolver: ContainerMetadataResolver | undefined;
  close(): void;
}

export function seedLiveState(state: SyscallState, opts: LiveStateOptions = {}): LiveStateHandle {
  const snap = scanProc(opts.scan);
  state.loadSnapshot(snap);
  const resolver = opts.containers === false
    ? undefined
    : new ContainerMetadataResolver(state.containers, opts.containers === true ? {} : opts.containers).attach();
  return { scan: snap.stats, resolver, close: () => resolver?.close() };
}
