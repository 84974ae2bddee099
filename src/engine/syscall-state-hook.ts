// The state stage as replay drives it by default: the syscall tables seeded from the
// trace header, then updated by every event; the context they return is what rules and
// outputs read. One event view is moved from event to event (the context is valid for
// one event only), so the hot path makes no object per event.
import { ScapEvent } from '../events/scap-event.js';
import { SyscallState } from '../state/syscall-state.js';
import type { ReplayStateHook } from './replay-runner.js';

export function syscallStateHook(state: SyscallState = new SyscallState()): ReplayStateHook & { readonly state: SyscallState } {
  const view = ScapEvent.reusable();
  return {
    state,
    begin: (source) => { if (source.header) state.loadHeader(source.header); },
    process: (batch, i) => state.process(batch.view(i, view)),
  };
}
