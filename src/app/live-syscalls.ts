// Which syscalls the live probe captures: those the enabled rules need, plus the ones the
// state tables need to stay right (Falco's "base syscalls"), plus base_syscalls.custom_set;
// `base_syscalls.all: true` captures every syscall the probe has a handler for.
import type { FalcoConfig } from './config/falco-config.js';

/** Event types the thread, fd and user tables are kept from. */
export const STATE_EVENT_TYPES: readonly string[] = [
  'clone', 'clone3', 'fork', 'vfork', 'execve', 'execveat', 'procexit',
  'open', 'openat', 'openat2', 'creat', 'close', 'socket', 'socketpair', 'connect', 'accept', 'accept4', 'bind',
  'dup', 'dup2', 'dup3', 'pipe', 'pipe2', 'eventfd', 'eventfd2', 'signalfd', 'signalfd4', 'memfd_create', 'userfaultfd',
  'chdir', 'fchdir', 'setuid', 'setgid', 'setresuid', 'setresgid', 'prctl',
];

export interface LiveSyscallChoice {
  /** Event type names to capture, or undefined for "everything the probe handles". */
  eventTypes?: Set<string>;
}

export function chooseLiveEventTypes(config: FalcoConfig, ruleEventTypes: Iterable<string>, anyRuleMatchesAll: boolean): LiveSyscallChoice {
  if (config.bool('base_syscalls.all', false) || anyRuleMatchesAll) return {};
  const custom = config.get('base_syscalls.custom_set');
  const customList = Array.isArray(custom) ? custom.map(String) : [];
  const negated = new Set(customList.filter((n) => n.startsWith('!')).map((n) => n.slice(1)));
  const repair = config.bool('base_syscalls.repair', false);
  // With a custom set and no repair, the user's list replaces the state's base set (Falco's semantics).
  const base = customList.length > 0 && !repair ? [] : STATE_EVENT_TYPES;
  const types = new Set<string>([...base, ...ruleEventTypes, ...customList.filter((n) => !n.startsWith('!'))]);
  for (const n of negated) types.delete(n);
  return { eventTypes: types };
}
