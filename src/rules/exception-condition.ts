// Turns a rule's exceptions into condition text appended as `and not (...)`, the way
// Falco does it: textually, before parsing, so the result reads like hand-written Falco.
//   fields: proc.name, comps: in, values: [a, b]          -> (proc.name in (a, b))
//   fields: [f1, f2], comps: [=, in], values: [[x, [y]]]    -> (( f1 = x and f2 in (y)))
import { RuleLoadError } from './diagnostic.js';
import { isListOperator } from './exception-validator.js';
import type { ExceptionEntry, ExceptionInfo } from './rule-infos.js';

/** Quotes a value holding a space unless it is already quoted (no escaping, as Falco). */
const quoteItem = (e: string): string => (e.includes(' ') && e[0] !== '"' && e[0] !== "'" ? `"${e}"` : e);
const parenItem = (e: string): string => (e[0] !== '(' ? `(${e})` : e);
const text = (e: ExceptionEntry | undefined): string => (e && !e.isList ? e.item : '');
const items = (e: ExceptionEntry | undefined): readonly ExceptionEntry[] => (e && e.isList ? e.items : []);

function fail(message: string, ex: ExceptionInfo): never {
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ex.ctx);
}

/** The rule condition with its exceptions; also collects the exception fields. */
export function buildExceptionCondition(condition: string, exceptions: readonly ExceptionInfo[], fieldsOut: Set<string>): string {
  let out = `(${condition})`;
  for (const ex of exceptions) {
    let icond = '';
    if (!ex.fields?.isList) {
      const field = text(ex.fields);
      for (const val of ex.values) {
        if (val.isList) fail('Expected values array to contain a list of strings', ex);
        icond += icond === '' ? `(${field} ${text(ex.comps)} (` : ', ';
        fieldsOut.add(field);
        icond += quoteItem(val.item);
      }
      icond += icond === '' ? '' : '))';
    } else {
      const fields = ex.fields.items;
      const comps = items(ex.comps);
      icond = '(';
      for (const values of ex.values) {
        const vals = items(values);
        if (fields.length !== vals.length) fail('Fields and values lists must have equal length', ex);
        icond += icond === '(' ? '' : ' or ';
        icond += '(';
        fields.forEach((f, k) => {
          icond += k === 0 ? '' : ' and ';
          const v = vals[k]!;
          const comp = text(comps[k]);
          const istr = v.isList
            ? `(${v.items.map((i) => quoteItem(text(i))).join(', ')})`
            : isListOperator(comp) ? parenItem(v.item) : quoteItem(v.item);
          icond += ` ${text(f)} ${comp} ${istr}`;
          fieldsOut.add(text(f));
        });
        icond += ')';
      }
      icond += ')';
      if (icond === '()') icond = '';
    }
    out += icond === '' ? '' : ` and not ${icond}`;
  }
  return out;
}
