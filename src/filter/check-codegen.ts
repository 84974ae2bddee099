// Generates the JavaScript expression of one check (`field op value`, `field exists`):
// operator/type validation, literals parsed once into constants, and a predicate that
// is false whenever the field has no value (libsinsp's rule, `!=` included).
import type * as A from './ast.js';
import { access, type CompileContext, type Operand } from './compile-context.js';
import { FilterCompileError } from './filter-errors.js';
import { compileGlob } from './glob-matcher.js';
import { operatorError } from './operator-rules.js';
import { compilePathPrefixes } from './path-prefix-matcher.js';
import { RegexError, translateRegex } from './regex-translator.js';
import { asciiLower } from './runtime-helpers.js';
import { parseValue, typeFamily, ValueError, type ParsedValue, type TypeFamily } from './value-parsers.js';
import { checkValueWarnings } from './compile-warnings.js';

const CMP: Partial<Record<A.BinaryOp, string>> = { '=': '===', '==': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const UPPER: Partial<Record<A.BinaryOp, string>> = { pmatch: 'PMATCH', regex: 'REGEX' };

export function unaryCode(cx: CompileContext, e: A.UnaryCheckNode): string {
  const l = cx.operand(e.left);
  return `(${l.load}, ${l.ref} !== undefined)`;
}

export function binaryCode(cx: CompileContext, e: A.BinaryCheckNode): string {
  const l = cx.operand(e.left);
  const err = operatorError(e.op, e.modifier, l.type, l.isList);
  if (err) throw new FilterCompileError(`filter error: ${err}`, e.pos);
  const r = e.right;
  if (r.kind === 'field' || r.kind === 'transformer' || r.kind === 'transformerList') return fieldRhsCode(cx, e, l, cx.operand(r));
  if (r.kind !== 'value' && r.kind !== 'list') throw new FilterCompileError(`filter error: unexpected ${r.kind} on the right of '${e.op}'`, r.pos);
  const items = r.kind === 'value' ? [r] : r.items;
  const listy = e.op === 'in' || e.op === 'intersects' || e.op === 'pmatch' || e.modifier !== undefined;
  if (!listy && items.length !== 1) throw new FilterCompileError(`filter error: operator '${e.op}' takes a single value, not a list`, r.pos);
  const hex = e.op === 'bcontains' || e.op === 'bstartswith';
  const values = items.map((v) => {
    checkValueWarnings(cx, e.op, v.value, v.pos);
    try {
      return parseValue(v.value, l.type, hex);
    } catch (x) {
      if (x instanceof ValueError) throw new FilterCompileError(x.message, v.pos, 'FILTER_BAD_VALUE', { cause: x });
      throw x;
    }
  });
  const fam = typeFamily(l.type);
  const v = l.ref;
  let body: string;
  if (l.isList) {
    body = listCode(cx, e.op, fam, values, v);
  } else {
    const pred = e.modifier ? modifierPred(cx, e, fam, values) : scalarPred(cx, e.op, fam, values, e.pos);
    if (l.anyOf) {
      const p = cx.define(`(x) => ${pred('x')}`);
      body = `${v} !== undefined && (Array.isArray(${v}) ? H.anyMatch(${v}, ${p}) : ${p}(${v}))`;
    } else {
      body = `${v} !== undefined && ${pred(v)}`;
    }
  }
  return `(${l.load}, ${body})`;
}

type Pred = (x: string) => string;

function scalarPred(cx: CompileContext, op: A.BinaryOp, fam: TypeFamily, values: ParsedValue[], pos: A.Pos): Pred {
  const raw = values as unknown[];
  if (op === 'in' || op === 'intersects') {
    if (fam === 'ip' || fam === 'bytes') { const c = cx.constant(raw); return (x) => `H.anyBytesEqual(${x}, ${c})`; }
    if (fam === 'ipnet') { const c = cx.constant(raw); return (x) => `H.anyInNetwork(${x}, ${c})`; }
    if (raw.length === 1) { const c = cx.constant(raw[0]); return (x) => `${x} === ${c}`; }
    const c = cx.constant(new Set(raw));
    return (x) => `${c}.has(${x})`;
  }
  if (op === 'pmatch') {
    const c = cx.constant(compilePathPrefixes(raw as string[]));
    return (x) => `${c}(${x})`;
  }
  return singlePred(cx, op, fam, values[0], pos);
}

/** Predicate comparing a defined value `x` with one constant. */
function singlePred(cx: CompileContext, op: A.BinaryOp, fam: TypeFamily, value: ParsedValue, pos: A.Pos): Pred {
  if (fam === 'ip' || fam === 'bytes') {
    const c = cx.constant(value);
    switch (op) {
      case '=': case '==': case 'in': case 'intersects': return (x) => `H.bytesEqual(${x}, ${c})`;
      case '!=': return (x) => `!H.bytesEqual(${x}, ${c})`;
      case 'contains': case 'bcontains': return (x) => `H.bytesIncludes(${x}, ${c})`;
      case 'startswith': case 'bstartswith': return (x) => `H.bytesStartsWith(${x}, ${c})`;
      case 'endswith': return (x) => `H.bytesEndsWith(${x}, ${c})`;
    }
  } else if (fam === 'ipnet') {
    const c = cx.constant(value);
    return op === '!=' ? (x) => `!H.inNetwork(${x}, ${c})` : (x) => `H.inNetwork(${x}, ${c})`;
  } else {
    const cmp = CMP[op];
    if (cmp) { const c = cx.constant(value); return (x) => `${x} ${cmp} ${c}`; }
    if (op === 'in' || op === 'intersects') { const c = cx.constant(value); return (x) => `${x} === ${c}`; }
    const s = value as string;
    switch (op) {
      case 'contains': { const c = cx.constant(s); return (x) => `${x}.includes(${c})`; }
      case 'icontains': { const c = cx.constant(asciiLower(s)); return (x) => `H.lower(${x}).includes(${c})`; }
      case 'startswith': { const c = cx.constant(s); return (x) => `${x}.startsWith(${c})`; }
      case 'endswith': { const c = cx.constant(s); return (x) => `${x}.endsWith(${c})`; }
      case 'glob': case 'iglob': { const c = cx.constant(compileGlob(s, op === 'iglob')); return (x) => `${c}(${x})`; }
      case 'pmatch': { const c = cx.constant(compilePathPrefixes([s])); return (x) => `${c}(${x})`; }
      case 'regex': {
        let re: RegExp;
        try {
          re = translateRegex(s);
        } catch (x) {
          if (x instanceof RegexError) throw new FilterCompileError(`invalid regex pattern: ${x.message}`, pos, 'FILTER_BAD_VALUE', { cause: x });
          throw x;
        }
        const c = cx.constant(re);
        return (x) => `${c}.test(${x})`;
      }
    }
  }
  throw new FilterCompileError(`filter error: '${op}' cannot compare values of this type`, pos);
}

/** `op oneof|anyof|allof (a, b, ...)`: the operator applied to each item, then counted. */
function modifierPred(cx: CompileContext, e: A.BinaryCheckNode, fam: TypeFamily, values: ParsedValue[]): Pred {
  if (values.length === 0) return () => 'false';
  // network types only compare for equality, as in libsinsp
  const op: A.BinaryOp = fam === 'ipnet' && e.op !== '!=' && e.op !== '=' && e.op !== '==' && e.op !== 'regex' ? '=' : e.op;
  const setable = fam !== 'ip' && fam !== 'ipnet' && fam !== 'bytes';
  if (setable && e.modifier === 'anyof' && (op === '=' || op === '==')) {
    const c = cx.constant(new Set(values));
    return (x) => `${c}.has(${x})`;
  }
  if (setable && e.modifier === 'allof' && op === '!=') {
    const c = cx.constant(new Set(values));
    return (x) => `!${c}.has(${x})`;
  }
  const preds = values.map((v) => singlePred(cx, op, fam, v, e.pos));
  switch (e.modifier) {
    case 'anyof': return (x) => `(${preds.map((p) => p(x)).join(' || ')})`;
    case 'allof': return (x) => `(${preds.map((p) => p(x)).join(' && ')})`;
    default: return (x) => `(${preds.map((p) => `+(${p(x)})`).join(' + ')}) === 1`;
  }
}

/** List fields: `in` needs every element in the set, `intersects` one of them. */
function listCode(cx: CompileContext, op: A.BinaryOp, fam: TypeFamily, values: ParsedValue[], v: string): string {
  const all = op === 'in';
  if (fam === 'ip' || fam === 'ipnet') {
    const c = cx.constant(values);
    const p = cx.define(fam === 'ip' ? `(y) => H.anyBytesEqual(y, ${c})` : `(y) => H.anyInNetwork(y, ${c})`);
    return `${v} !== undefined && H.${all ? 'allMatch' : 'anyMatch'}(${v}, ${p})`;
  }
  const c = cx.constant(new Set(values));
  return `${v} !== undefined && H.${all ? 'allIn' : 'anyIn'}(${v}, ${c})`;
}

/** `field op val(other)` / `field op transformer(...)`: both sides extracted per event. */
function fieldRhsCode(cx: CompileContext, e: A.BinaryCheckNode, l: Operand, r: Operand): string {
  const fail = (m: string) => new FilterCompileError(m, e.pos);
  if (UPPER[e.op]) throw fail(`operator '${UPPER[e.op]}' doesn't support right-hand side fields`);
  if (l.type === 'IPNET') throw fail("field type 'IPNET' doesn't support right-hand side fields");
  if (l.decl?.noRhs) throw fail(`field '${l.name}' doesn't support right-hand side fields`);
  if (r.decl?.noRhs) throw fail(`field '${r.name}' can't be used as a right-hand side field`);
  if (l.type !== r.type || l.isList !== r.isList) {
    const t = (o: Operand) => `${o.type}${o.isList ? ' (list)' : ''}`;
    throw fail(`field '${l.name}' has type '${t(l)}' while the right-hand side field '${r.name}' has incompatible type '${t(r)}'`);
  }
  const x = l.ref;
  const y = r.ref;
  let pred: string;
  if (l.isList) {
    const p = cx.define(`(a, b) => H.${e.op === 'in' ? 'allMatch' : 'anyMatch'}(a, (z) => H.memberOf(z, b))`);
    pred = `${p}(${x}, ${y})`;
  } else {
    const fam = typeFamily(l.type);
    const bytes = fam === 'ip' || fam === 'bytes';
    const cmp = CMP[e.op];
    switch (e.op) {
      case '=': case '==': case 'in': case 'intersects':
        pred = bytes ? `H.bytesEqual(${x}, ${y})` : `${x} === ${y}`; break;
      case '!=':
        pred = bytes ? `!H.bytesEqual(${x}, ${y})` : `${x} !== ${y}`; break;
      case 'contains': case 'bcontains':
        pred = bytes ? `H.bytesIncludes(${x}, ${y})` : `${x}.includes(${y})`; break;
      case 'startswith': case 'bstartswith':
        pred = bytes ? `H.bytesStartsWith(${x}, ${y})` : `${x}.startsWith(${y})`; break;
      case 'endswith':
        pred = bytes ? `H.bytesEndsWith(${x}, ${y})` : `${x}.endsWith(${y})`; break;
      case 'icontains':
        pred = `H.lower(${x}).includes(H.lower(${y}))`; break;
      case 'glob': case 'iglob':
        pred = `H.globMatch(${y}, ${x}, ${e.op === 'iglob'})`; break;
      default:
        pred = `${x} ${cmp} ${y}`;
    }
  }
  return `(${l.load}, ${x} !== undefined && (${r.load}, ${y} !== undefined && ${pred}))`;
}

export { access };
