// The event type names the syscall source knows, with their numeric codes, for the
// filter's event-type inference and the engine's per-type rule index.
//
// Naming follows libsinsp: an event name covers every code that carries it (enter and
// exit, every version). A syscall without an event of its own is seen as a generic
// `syscall` event whose evt.type is the syscall's name, so such names map to the generic
// codes (PPME_GENERIC_E/X).
import { EVENT_INFO } from './event-info.js';
import { PPM_SC_NAMES } from './syscall-table.js';
import { PPME_GENERIC_E, PPME_GENERIC_X } from './scap-event.js';

const GENERIC_CODES: readonly number[] = Object.freeze([PPME_GENERIC_E, PPME_GENERIC_X]);

export class EventCatalog {
  private readonly byName = new Map<string, readonly number[]>();
  private readonly generic = new Set<string>();
  private readonly syscallNames = new Set<string>(PPM_SC_NAMES.filter((n) => n !== ''));
  private readonly indexed = new Map<string, readonly number[]>();
  private readonly sorted: readonly string[];

  constructor() {
    const acc = new Map<string, number[]>();
    for (const e of EVENT_INFO) {
      if (e.name === 'NA' || e.code === PPME_GENERIC_E || e.code === PPME_GENERIC_X) continue;
      let list = acc.get(e.name);
      if (!list) acc.set(e.name, (list = []));
      list.push(e.code);
    }
    for (const [n, list] of acc) this.byName.set(n, Object.freeze(list));
    for (const n of PPM_SC_NAMES) {
      if (n && !this.byName.has(n)) { this.generic.add(n); this.byName.set(n, GENERIC_CODES); }
    }
    this.sorted = Object.freeze([...this.byName.keys()].sort());
  }

  /** True when `evt.type = name` can ever match. */
  has(name: string): boolean { return this.byName.has(name); }

  /** Every name evt.type accepts (event names and generic-only syscall names), sorted. */
  names(): readonly string[] { return this.sorted; }

  /** Codes an event of this name can carry ([] for an unknown name). */
  codes(name: string): readonly number[] { return this.byName.get(name) ?? []; }

  /**
   * Codes an event of this name can arrive with in any trace: its own codes plus, for a
   * syscall name, the generic codes, because older drivers and traces record syscalls that
   * now have an event of their own (mprotect, mmap…) as generic `syscall` events, whose
   * evt.type is still the syscall's name. The engine's event-type index uses this so that
   * the index never loses an event the condition would match.
   */
  indexCodes(name: string): readonly number[] {
    let c = this.indexed.get(name);
    if (c === undefined) {
      const own = this.codes(name);
      c = this.syscallNames.has(name) && !this.generic.has(name) ? Object.freeze([...own, ...GENERIC_CODES]) : own;
      this.indexed.set(name, c);
    }
    return c;
  }

  /** Schema name of a code (`syscall` for the generic codes), or undefined if unknown. */
  name(code: number): string | undefined {
    const e = EVENT_INFO[code];
    return e && e.name !== 'NA' ? e.name : undefined;
  }

  /** True for names that only exist as generic `syscall` events. */
  isGenericSyscall(name: string): boolean { return this.generic.has(name); }

  /** All event codes of the schema (what an "all events" rule is indexed under). */
  allCodes(): readonly number[] { return EVENT_INFO.filter((e) => e.name !== 'NA').map((e) => e.code); }
}

/** The shared catalog of the syscall source. */
export const syscallEventCatalog = new EventCatalog();
