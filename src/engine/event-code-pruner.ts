// Narrows a rule's event codes beyond what event-type inference gives: for one event code
// evt.type (outside generic events) and evt.dir are constants, so a condition such as
// `evt.type in (open, openat) and evt.dir = < and ...` can never hold for the enter codes
// of those syscalls. Each code is tried with a three-valued evaluation of the expanded
// condition in which only evt.type/evt.dir checks have a value (virtual codes of generic
// events, see generic-index-codes.ts, have both too); a code is dropped only
// when the condition is false whatever the other fields say. Conditions with trace
// replays' enter events (half of all events) then skip the rules that need exits.
import type { Expr } from '../filter/index.js';
import { EVENT_INFO } from '../events/event-info.js';
import { virtualCodeType } from './generic-index-codes.js';

const TRUE = 1, FALSE = 0, UNKNOWN = 2;
type Tri = 0 | 1 | 2;

/** Codes whose evt.type depends on the event's parameters (generic syscall events) or its payload (async/plugin events). */
const DYNAMIC_TYPE = new Set(EVENT_INFO.filter((e) => e.name === 'syscall' || e.name === 'asyncevent' || e.name === 'pluginevent').map((e) => e.code));

/** False when the condition cannot hold for any event of this code. */
export function canMatchCode(ast: Expr, code: number): boolean {
  const info = EVENT_INFO[code];
  const virtual = virtualCodeType(code);
  if (info === undefined && virtual === undefined) return true;
  const type = virtual ?? (DYNAMIC_TYPE.has(code) ? undefined : info!.name);
  const dir = (code & 1) === 0 ? '>' : '<';
  return evaluate(ast, type, dir) !== FALSE;
}

function evaluate(e: Expr, type: string | undefined, dir: string): Tri {
  switch (e.kind) {
    case 'and': {
      let r: Tri = TRUE;
      for (const c of e.children) {
        const v = evaluate(c, type, dir);
        if (v === FALSE) return FALSE;
        if (v === UNKNOWN) r = UNKNOWN;
      }
      return r;
    }
    case 'or': {
      let r: Tri = FALSE;
      for (const c of e.children) {
        const v = evaluate(c, type, dir);
        if (v === TRUE) return TRUE;
        if (v === UNKNOWN) r = UNKNOWN;
      }
      return r;
    }
    case 'not': {
      const v = evaluate(e.child, type, dir);
      return v === UNKNOWN ? UNKNOWN : v === TRUE ? FALSE : TRUE;
    }
    case 'binary': {
      if (e.modifier !== undefined || e.left.kind !== 'field' || e.left.arg !== undefined) return UNKNOWN;
      let actual: string | undefined;
      if (e.left.name === 'evt.type') actual = type;
      else if (e.left.name === 'evt.dir') actual = dir;
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
