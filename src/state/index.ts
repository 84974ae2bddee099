// Entry point of the state stage: the tables kept from the event stream and the context
// extractors read. See syscall-state.ts for the call sequence.
export { SyscallState, type SyscallStateOptions } from './syscall-state.js';
export { EvalContext } from './eval-context.js';
export { ThreadInfo } from './thread-info.js';
export { FdInfo, SocketRole, fdTypeChar, fdTypeName } from './fd-info.js';
export { FdTable } from './fd-table.js';
export { ThreadTable } from './thread-table.js';
export { UserGroupTable } from './user-group-table.js';
export { ContainerTable, type ContainerInfo, type ContainerMount } from './container-table.js';
export { containerFromCgroups, containerFromCgroupPath } from './cgroup-container-id.js';
// live capture: the /proc snapshot and container metadata from the runtimes
export { type StateSnapshot } from './syscall-state.js';
export { scanProc, type ProcScanOptions, type ProcScanStats, type ProcSnapshot, type ProcThreadRecord } from './proc-scanner.js';
export { readInterfaces, readMachineInfo, readUsersAndGroups } from './host-info-reader.js';
export { type ContainerSeenHook } from './container-table.js';
export { type ContainerRuntimeClient, type PodRef, podOf } from './container-runtime-client.js';
export { DockerApiClient, ContainerApiError, type DockerApiClientOptions } from './docker-api-client.js';
export { podmanClient, PODMAN_SOCKET } from './podman-client.js';
export { ContainerMetadataResolver, defaultRuntimeClients, type ContainerResolverOptions, type ContainerResolverStats } from './container-metadata-resolver.js';
export { seedLiveState, containerThreadTid, type LiveStateOptions, type LiveStateHandle } from './live-state-seeder.js';
export { containerInfoJson } from './container-json.js';
