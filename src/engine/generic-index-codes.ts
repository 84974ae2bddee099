// Generic syscall events (codes 0 and 1) carry their syscall in a parameter, so evt.type
// differs from one such event to the next. The engine indexes them under a virtual code
// per syscall and direction, past every real code: a generic event is then tried only
// against the rules that name its syscall (and the rules for every type), instead of
// every rule that names any syscall (81 of the upstream rules).
import { PPM_SC_NAMES } from '../events/syscall-table.js';

/** First virtual code, past every u16 event code: 2 per syscall of the PPM_SC table (enter, exit). */
export const GENERIC_INDEX_BASE = 0x10000;
/** How many virtual codes there are. */
export const GENERIC_INDEX_COUNT = 2 * PPM_SC_NAMES.length;

const SC_OF = new Map<string, number>();
// 'unknown' (a generic event whose syscall id is not known) has its code too: no rule
// names it, so such events see only the rules for every type.
PPM_SC_NAMES.forEach((n, sc) => { if (n !== '' && !SC_OF.has(n)) SC_OF.set(n, sc); });

/** Virtual enter code of a syscall name (the exit's is one more); undefined for names outside the table. */
export function genericIndexCodeOf(name: string): number | undefined {
  const sc = SC_OF.get(name);
  return sc === undefined ? undefined : GENERIC_INDEX_BASE + 2 * sc;
}

/** Index code of a generic event (code 0 or 1) whose evt.type is `name`; the code itself when the name is not a syscall's. */
export function genericIndexCode(code: number, name: string): number {
  const v = genericIndexCodeOf(name);
  return v === undefined ? code : v + (code & 1);
}

/** evt.type of a virtual code, undefined for schema codes. */
export function virtualCodeType(code: number): string | undefined {
  return code >= GENERIC_INDEX_BASE && code < GENERIC_INDEX_BASE + GENERIC_INDEX_COUNT ? PPM_SC_NAMES[(code - GENERIC_INDEX_BASE) >> 1] : undefined;
}
