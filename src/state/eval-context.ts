// What an extractor sees for one event: the event view, the thread that generated it, the
// fd it works on (as libsinsp picks it), and the state tables. One object is reused for
// every event (no per-event allocation); it is valid until the next SyscallState.process().
import type { ScapEvent } from '../events/scap-event.js';
import type { FdInfo } from './fd-info.js';
import type { ThreadInfo } from './thread-info.js';
import type { SyscallState } from './syscall-state.js';

export class EvalContext {
  /** The current event. */
  evt!: ScapEvent;
  /** Thread of the event (after parsing: e.g. the new image after execve), if known. */
  thread: ThreadInfo | undefined;
  /** The fd the event uses or creates, when the event has one and it is in the table. */
  fd: FdInfo | undefined;
  /** Increments per event: extractors cache a value computed for the same `seq`. */
  seq = 0;

  constructor(readonly state: SyscallState) {}

  /** fd.num as libsinsp gives it: the fd the thread's last event named, -1 when none. */
  get fdNum(): number { return this.thread ? this.thread.lastEventFd : -1; }
}
