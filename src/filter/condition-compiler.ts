// Compiles an expanded condition AST into one JavaScript function built with `new Function`:
// and/or/not become && || !, each check a typed expression over per-evaluation slots.
// Nothing walks the AST per event; constants (sets, regexes, matchers) are hoisted.
import type { ResolvedField } from '../fields/field-registry.js';
import type * as A from './ast.js';
import { binaryCode, unaryCode } from './check-codegen.js';
import { CompileContext, type CompileOptions, type CompileWarning } from './compile-context.js';
import { FilterCompileError } from './filter-errors.js';
import { helpers, UNSET } from './runtime-helpers.js';

export type { CompileOptions, CompileWarning } from './compile-context.js';

export interface CompiledCondition<C = any> {
  /** Evaluates the condition for one event context. */
  readonly match: (ctx: C) => boolean;
  /** Every field the condition reads, in order of first use. */
  readonly fields: readonly ResolvedField[];
  /** Falco's LOAD_COMPILE_CONDITION hints. */
  readonly warnings: readonly CompileWarning[];
  /** The generated JavaScript, for debugging and benchmarks. */
  readonly code: string;
}

export function compileCondition<C = any>(ast: A.Expr, options: CompileOptions): CompiledCondition<C> {
  const cx = new CompileContext(options);
  const body = boolCode(cx, ast);
  const consts = cx.consts.map((_, i) => `k${i} = K[${i}]`);
  const code = [
    '"use strict";',
    consts.length ? `const ${consts.join(', ')};` : '',
    ...cx.prelude,
    'return function match(ctx) {',
    cx.slots.length ? `  let ${cx.slots.map((s) => `${s} = U`).join(', ')};` : '',
    `  return ${body};`,
    '};',
  ].filter(Boolean).join('\n');
  const factory = new Function('K', 'H', 'U', code) as (k: unknown[], h: typeof helpers, u: symbol) => (ctx: C) => boolean;
  return Object.freeze({
    match: factory(cx.consts, helpers, UNSET),
    fields: Object.freeze([...new Map(cx.fields.map((f) => [f.text, f])).values()]),
    warnings: Object.freeze(cx.warnings),
    code,
  });
}

function boolCode(cx: CompileContext, e: A.Expr): string {
  switch (e.kind) {
    case 'and':
      return `(${e.children.map((c) => boolCode(cx, c)).join(' && ')})`;
    case 'or':
      return `(${e.children.map((c) => boolCode(cx, c)).join(' || ')})`;
    case 'not':
      return `!${boolCode(cx, e.child)}`;
    case 'unary':
      return unaryCode(cx, e);
    case 'binary':
      return binaryCode(cx, e);
    case 'identifier':
      throw new FilterCompileError(`filter error: unexpected identifier '${e.name}'`, e.pos);
    default:
      throw new FilterCompileError(`filter error: unexpected standalone ${e.kind} expression in a condition`, e.pos);
  }
}
