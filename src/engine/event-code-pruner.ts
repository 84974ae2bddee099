// Narrows a rule's event codes beyond what event-type inference gives: for one event code
// evt.type (outside generic events) and evt.dir are constants, and evt.is_open_* are false
// outside open-family exits, so `evt.type in (open, openat) and evt.dir = < and ...` or
// the upstream `open_read` macro can never hold on the enter events of those syscalls.
// Each code is tried with a three-valued evaluation of the expanded condition in which
// only those checks have a value (virtual codes of generic events, see
// generic-index-codes.ts, have a type too); a code is dropped only when the condition is
// false whatever the other fields say. Trace replays carry enter events (half of all
// events), which then skip the rules that need exits.
import type { Expr } from '../filter/index.js';
import { EVENT_INFO } from '../events/event-info.js';
import { virtualCodeType } from './generic-index-codes.js';

const TRUE = 1, FALSE = 0, UNKNOWN = 2;
type Tri = 0 | 1 | 2;

/** Codes whose evt.type depends on the event's parameters (generic syscall events) or its payload (async/plugin events). */
const DYNAMIC_TYPE = new Set(EVENT_INFO.filter((e) => e.name === 'syscall' || e.name === 'asyncevent' || e.name === 'pluginevent').map((e) => e.code));

// evt.is_open_read/write/exec/create read the open flags of an open-family exit: on every
// other code (enter events, other syscalls, generic events) they are false. The test
// beside this file checks that against the extractors.
const IS_OPEN_FIELDS = new Set(['evt.is_open_read', 'evt.is_open_write', 'evt.is_open_exec', 'evt.is_open_create']);
const OPEN_NAMES = new Set(['open', 'openat', 'openat2', 'open_by_handle_at', 'creat']);
const OPEN_EXIT = new Set(EVENT_INFO.filter((e) => e.dir === '<' && OPEN_NAMES.has(e.name)).map((e) => e.code));

/** False when the condition cannot hold for any event of this code. */
export function canMatchCode(ast: Expr, code: number): boolean {
  const info = EVENT_INFO[code];
  const virtual = virtualCodeType(code);
  if (info === undefined && virtual === undefined) return true;
  const type = virtual ?? (DYNAMIC_TYPE.has(code) ? undefined : info!.name);
  const dir = (code & 1) === 0 ? '>' : '<';
  return evaluate(ast, type, dir, !OPEN_EXIT.has(code)) !== FALSE;
}

function evaluate(e: Expr, type: string | undefined, dir: string, notOpenExit: boolean): Tri {
  switch (e.kind) {
    case 'and': {
      let r: Tri = TRUE;
      for (const c of e.children) {
        const v = evaluate(c, type, dir, notOpenExit);
        if (v === FALSE) return FALSE;
        if (v === UNKNOWN) r = UNKNOWN;
      }
      return r;
    }
    case 'or': {
      let r: Tri = FALSE;
      for (const c of e.children) {
        const v = evaluate(c, type, dir, notOpenExit);
        if (v === TRUE) return TRUE;
        if (v === UNKNOWN) r = UNKNOWN;
      }
      return r;
    }
    case 'not': {
      const v = evaluate(e.child, type, dir, notOpenExit);
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
    }
    case 'binary': {
      if (e.modifier !== undefined || e.left.kind !== 'field' || e.left.arg !== undefined) return UNKNOWN;
      let actual: string | undefined;
      if (e.left.name === 'evt.type') actual = type;
      else if (e.left.name === 'evt.dir') actual = dir;
      else if (notOpenExit && IS_OPEN_FIELDS.has(e.left.name)) return compareBool(e.op, false, e.right);
      if (actual === undefined) return UNKNOWN;
      return compare(e.op, actual, e.right);
    }
    default:
      return UNKNOWN;
  }
}

function compare(op: string, actual: string, right: Expr): Tri {
  if (op === '=' || op === '==' || op === '!=') {
    if (right.kind !== 'value') return UNKNOWN;
    const eq = right.value === actual;
    return (op === '!=' ? !eq : eq) ? TRUE : FALSE;
  }
  if (op === 'in') {
    if (right.kind !== 'list') return UNKNOWN;
    for (const item of right.items) if (item.value === actual) return TRUE;
    return FALSE;
  }
  return UNKNOWN;
}

function compareBool(op: string, actual: boolean, right: Expr): Tri {
  if (right.kind !== 'value' || (op !== '=' && op !== '==' && op !== '!=')) return UNKNOWN;
  const v = right.value === 'true' ? true : right.value === 'false' ? false : undefined;
  if (v === undefined) return UNKNOWN;
  return (op === '!=') !== (v === actual) ? TRUE : FALSE;
}
