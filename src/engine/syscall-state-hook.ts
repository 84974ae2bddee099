// The state stage as replay drives it by default: the syscall tables seeded from the
// trace header, then updated by every event; the context they return is what rules and
// outputs read.
import { SyscallState } from '../state/syscall-state.js';
import type { ReplayStateHook } from './replay-runner.js';

export function syscallStateHook(state: SyscallState = new SyscallState()): ReplayStateHook & { readonly state: SyscallState } {
  return {
    state,
    begin: (source) => { if (source.header) state.loadHeader(source.header); },
    process: (batch, i) => state.process(batch.event(i)),
  };
}
