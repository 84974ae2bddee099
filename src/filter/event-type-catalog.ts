// What event-type inference needs to know about events. src/events provides the real
// catalog; tests use a small double. Kept minimal so either side can change freely.

export interface EventTypeCatalog {
  /**
   * True when `name` may appear on the right of `evt.type`: an event name (`open`,
   * `execve`, `procexit`) or a syscall name libsinsp also accepts, or a plugin async event name.
   */
  has(name: string): boolean;
  /** Every event type name of the source, without duplicates: the universe for `not` and `!=`. */
  names(): readonly string[];
}

/** A catalog over a fixed list of names (tests, plugin sources with few event types). */
export function staticEventTypeCatalog(names: readonly string[], extraAccepted: readonly string[] = []): EventTypeCatalog {
  const all = [...new Set(names)];
  const accepted = new Set([...all, ...extraAccepted]);
  return { has: (n) => accepted.has(n), names: () => all };
}
