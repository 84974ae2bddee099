// Entry point of the state stage: the tables kept from the event stream and the context
// extractors read. See syscall-state.ts for the call sequence.
export { SyscallState, type SyscallStateOptions } from './syscall-state.js';
export { EvalContext } from './eval-context.js';
export { ThreadInfo } from './thread-info.js';
export { FdInfo, type FdTable, SocketRole, fdTypeChar, fdTypeName } from './fd-info.js';
export { ThreadTable } from './thread-table.js';
export { UserGroupTable } from './user-group-table.js';
export { ContainerTable, type ContainerInfo, type ContainerMount } from './container-table.js';
export { containerFromCgroups, containerFromCgroupPath } from './cgroup-container-id.js';
