// Checks an exception's fields and comparison operators when a rule defines or extends
// it, filling in the default comps (`=` per field for a field list, `in` for one field).
import { RuleLoadError } from './diagnostic.js';
import type { ExceptionEntry, ExceptionInfo } from './rule-infos.js';

const OPERATORS = new Set([
  'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains',
  'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch',
]);
const MODIFIABLE = new Set(['==', '=', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);

/** `startswith oneof`, `contains allof`...: a string operator with a list modifier. */
export function isOperatorWithModifier(op: string): boolean {
  const m = /^(\S+)\s+(oneof|anyof|allof)$/.exec(op);
  return m !== null && MODIFIABLE.has(m[1]!);
}

export const isOperatorDefined = (op: string): boolean => OPERATORS.has(op);

/** Operators whose right-hand side is a parenthesised list. */
export const isListOperator = (op: string): boolean =>
  op === 'in' || op === 'intersects' || op === 'pmatch' || isOperatorWithModifier(op);

const normalize = (s: string): string => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const itemText = (e: ExceptionEntry): string => (e.isList ? '' : e.item);

function fail(message: string, ex: ExceptionInfo): never {
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ex.ctx);
}

const valid = (e: ExceptionEntry | undefined): boolean => e !== undefined && (e.isList ? e.items.length > 0 : e.item !== '');

/**
 * Validates `ex` in place. `isValidField` is undefined when the rule's source is unknown:
 * then fields cannot be checked, as in Falco.
 */
export function validateException(ex: ExceptionInfo, isValidField: ((field: string) => boolean) | undefined): void {
  const fields = ex.fields!;
  if (fields.isList) {
    if (!valid(ex.comps)) ex.comps = { isList: true, items: fields.items.map(() => ({ isList: false, item: '=' })) };
    const comps = ex.comps!;
    const compItems = comps.isList ? comps.items : [comps];
    if (!comps.isList || fields.items.length !== compItems.length) fail('Fields and comps lists must have equal length', ex);
    const normalized = compItems.map((c) => ({ isList: false as const, item: normalize(itemText(c)) }));
    ex.comps = { isList: true, items: normalized };
    for (const c of normalized) {
      if (!isOperatorDefined(c.item) && !isOperatorWithModifier(c.item)) fail(`'${c.item}' is not a supported comparison operator`, ex);
    }
    if (isValidField) {
      for (const f of fields.items) {
        const name = itemText(f);
        if (!isValidField(name)) fail(`'${name}' is not a supported filter field`, ex);
      }
    }
  } else {
    if (!valid(ex.comps)) ex.comps = { isList: false, item: 'in' };
    if (ex.comps!.isList) fail('Fields and comps must both be strings', ex);
    const comp = normalize(itemText(ex.comps!));
    ex.comps = { isList: false, item: comp };
    if (comp !== 'in' && comp !== 'pmatch' && comp !== 'intersects' && !isOperatorWithModifier(comp)) {
      fail('When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)', ex);
    }
    if (isValidField && !isValidField(fields.item)) fail(`'${fields.item}' is not a supported filter field`, ex);
  }
}
