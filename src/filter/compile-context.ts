// Shared state of one condition compilation: hoisted constants, extraction slots and the
// typed operands (fields and transformer chains) the checks compare. Each distinct field
// or transformer expression gets one slot, so its extractor runs at most once per event.
import type { FieldDecl, FieldType } from '../fields/field.js';
import type { FieldRegistry, ResolvedField } from '../fields/field-registry.js';
import type * as A from './ast.js';
import { formatCondition } from './condition-formatter.js';
import { FilterCompileError, UNKNOWN_FIELD } from './filter-errors.js';
import { helpers } from './runtime-helpers.js';

export interface CompileOptions {
  readonly registry: FieldRegistry;
  readonly source: string;
  /** Type of a `DYN` field for its argument (`evt.rawarg.size` -> the parameter's type). */
  readonly dynType?: (field: ResolvedField) => FieldType | undefined;
}

export interface CompileWarning {
  readonly message: string;
  readonly pos: A.Pos;
}

/** A value the checks compare: a field or a transformer chain, with its (transformed) type. */
export interface Operand {
  /** Code that loads the slot if needed (empty for constants); evaluate before reading `ref`. */
  readonly load: string;
  /** Variable (slot or constant) holding the value once loaded. */
  readonly ref: string;
  readonly type: FieldType;
  readonly isList: boolean;
  /** A non-list field that may yield an array meaning "any of these" (proc.aname without index). */
  readonly anyOf: boolean;
  /** Name used in messages: the field name, as libsinsp reports it. */
  readonly name: string;
  readonly decl?: FieldDecl;
  readonly transformed: boolean;
}

/** The text of an operand, remembered per (frozen) node: shared macro subtrees are compiled often. */
const operandKeys = new WeakMap<A.Expr, string>();
function operandKey(e: A.Expr): string {
  let k = operandKeys.get(e);
  if (k === undefined) operandKeys.set(e, (k = formatCondition(e)));
  return k;
}

const STRINGS = new Set<FieldType>(['CHARBUF', 'FSPATH', 'FSRELPATH']);
const ERR = (msg: string, pos: A.Pos, code?: string) => new FilterCompileError(msg, pos, code);

export class CompileContext {
  readonly consts: unknown[] = [];
  readonly prelude: string[] = [];
  readonly slots: string[] = [];
  readonly fields: ResolvedField[] = [];
  readonly warnings: CompileWarning[] = [];
  private readonly operands = new Map<string, Operand>();

  constructor(readonly options: CompileOptions) {}

  constant(v: unknown): string {
    this.consts.push(v);
    return `k${this.consts.length - 1}`;
  }

  /** Declares a helper in the factory scope and returns its name. */
  define(code: string): string {
    const name = `p${this.prelude.length}`;
    this.prelude.push(`const ${name} = ${code};`);
    return name;
  }

  private slot(): string {
    const name = `s${this.slots.length}`;
    this.slots.push(name);
    return name;
  }

  operand(e: A.Expr): Operand {
    const key = e.kind === 'field' || e.kind === 'transformer' || e.kind === 'transformerList' ? operandKey(e) : undefined;
    const cached = key && this.operands.get(key);
    if (cached) return cached;
    const op = this.build(e);
    if (key) this.operands.set(key, op);
    return op;
  }

  private build(e: A.Expr): Operand {
    switch (e.kind) {
      case 'field':
        return this.field(e);
      case 'transformer':
        return this.transformer(e);
      case 'transformerList': {
        const items = e.items.map((i) => this.operand(i));
        const s = this.slot();
        const load = `${s} === U && (${s} = H.tlist(${items.map(access).join(', ')}))`;
        return { load, ref: s, type: 'CHARBUF', isList: true, anyOf: false, name: 'INTERNAL', transformed: true };
      }
      case 'value':
        return { load: '', ref: this.constant(e.value), type: 'CHARBUF', isList: false, anyOf: false, name: 'INTERNAL', transformed: false };
      case 'identifier':
        throw ERR(`filter error: unexpected identifier '${e.name}'`, e.pos);
      default:
        throw ERR(`filter error: unexpected ${e.kind} expression where a field was expected`, e.pos);
    }
  }

  private field(e: A.FieldNode): Operand {
    const { registry, source } = this.options;
    const text = e.arg === undefined ? e.name : `${e.name}[${e.arg}]`;
    let resolved: ResolvedField | undefined;
    try {
      resolved = registry.resolve(source, e.name, e.arg);
    } catch (err) {
      throw new FilterCompileError((err as Error).message, e.pos, 'FILTER_BAD_FIELD_ARG', { cause: err });
    }
    if (!resolved) throw ERR(`filter_check called with nonexistent field ${text}`, e.pos, UNKNOWN_FIELD);
    const decl = resolved.decl;
    if (decl.outputOnly) throw ERR(`field '${decl.name}' can only be used in outputs, not in conditions`, e.pos);
    let type = decl.type;
    if (type === 'DYN') {
      const t = this.options.dynType?.(resolved);
      if (!t) throw ERR(`cannot resolve the type of dynamic field '${text}'`, e.pos);
      type = t;
    }
    this.fields.push(resolved);
    const extractor = decl.bind ? decl.bind(resolved.arg) : helpers.unbound(text);
    const k = this.constant(extractor);
    const s = this.slot();
    const optionalArg = decl.arg !== 'none' && !decl.arg.endsWith('-required');
    return {
      load: `${s} === U && (${s} = ${k}(ctx))`,
      ref: s,
      type,
      isList: decl.isList === true,
      anyOf: !decl.isList && optionalArg && resolved.arg === undefined,
      name: decl.name,
      decl,
      transformed: false,
    };
  }

  private transformer(e: A.TransformerNode): Operand {
    if (e.name === 'val') {
      if (e.arg !== undefined) throw ERR("filter error: transformer 'val' does not support field arguments", e.pos);
      return this.operand(e.args[0]);
    }
    const args = e.args.map((a) => this.operand(a));
    const s = this.slot();
    const mk = (call: string, type: FieldType, isList: boolean, name: string): Operand =>
      ({ load: `${s} === U && (${s} = ${call})`, ref: s, type, isList, anyOf: false, name, transformed: true });
    const multi = e.name === 'join' || e.name === 'concat' || e.name === 'getopt';
    if (!multi) {
      if (args.length !== 1) throw ERR(`filter error: transformer '${e.name}' takes exactly one argument`, e.pos);
      if (e.arg !== undefined) throw ERR(`filter error: transformer '${e.name}' does not support field arguments`, e.pos);
      const a = args[0];
      if (a.decl?.noTransformer) throw ERR(`field '${a.name}' does not support transformers`, e.pos);
      const bad = () => ERR(`can't add field transformer: type '${a.type}' is not supported by '${e.name}' transformer applied on ${a.isList ? 'list ' : ''}field '${a.name}'`, e.pos);
      let type = a.type;
      let isList = a.isList;
      switch (e.name) {
        case 'tolower': case 'toupper': case 'basename':
          if (!STRINGS.has(a.type)) throw bad();
          break;
        case 'b64':
          if (a.type !== 'CHARBUF' && a.type !== 'BYTEBUF') throw bad();
          break;
        case 'len':
          if (!a.isList && !STRINGS.has(a.type) && a.type !== 'BYTEBUF') throw bad();
          type = 'UINT64';
          isList = false;
          break;
      }
      // ancestor fields (any-of arrays) keep that meaning through element-wise transformers
      const op = mk(`H.${e.name}(${access(a)})`, type, isList, a.name);
      return a.anyOf && e.name !== 'len' ? { ...op, anyOf: true } : op;
    }
    const isStr = (o: Operand) => o.type === 'CHARBUF';
    switch (e.name) {
      case 'join':
        if (e.arg !== undefined) throw ERR("transformer 'join' does not support field arguments", e.pos);
        if (args.length !== 2) throw ERR('join() requires exactly 2 arguments: separator and list', e.pos);
        if (args[0].isList) throw ERR('join() first argument (separator) must be a single value, not a list', e.pos);
        if (!args[1].isList) throw ERR('join() second argument must be a list', e.pos);
        return mk(`H.join(${access(args[0])}, ${access(args[1])})`, 'CHARBUF', false, 'INTERNAL');
      case 'concat':
        if (e.arg !== undefined) throw ERR("transformer 'concat' does not support field arguments", e.pos);
        if (args.length < 2) throw ERR('concat() requires at least 2 arguments', e.pos);
        if (args.some((a) => !isStr(a) || a.isList)) throw ERR('concat() arguments must be strings', e.pos);
        return mk(`H.concat(${args.map(access).join(', ')})`, 'CHARBUF', false, 'INTERNAL');
      default: {
        if (args.length !== 2) throw ERR('getopt() requires exactly 2 arguments: args list and optstring', e.pos);
        if (!args[0].isList) throw ERR('getopt() first argument must be a list', e.pos);
        if (args[1].isList) throw ERR('getopt() second argument (optstring) must be a single value', e.pos);
        if (!isStr(args[0]) || !isStr(args[1])) throw ERR('getopt() arguments must be strings', e.pos);
        if (e.arg !== undefined && e.arg.length !== 1) throw ERR('getopt() field argument must be a single option character', e.pos);
        const sel = e.arg === undefined ? 'undefined' : this.constant(e.arg);
        return mk(`H.getopt(${access(args[0])}, ${access(args[1])}, ${sel})`, 'CHARBUF', e.arg === undefined, 'INTERNAL');
      }
    }
  }
}

/** Expression yielding an operand's value, loading it first. */
export const access = (o: Operand): string => (o.load ? `(${o.load}, ${o.ref})` : o.ref);
