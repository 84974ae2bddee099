// Results of compiling conditions, outputs and lists kept from one `load()` to the next.
// Falco recompiles every collected item after each file; doing the same here repeats the
// same pure work for every earlier file. Each entry is keyed by what determines it (the
// text, or the frozen AST it came from) and a macro/list expansion also records every
// name it looked up, so it is reused only while those names still resolve to the very
// same definitions. The compiler still runs every step and reports every diagnostic;
// only the work behind a step is skipped.
import {
  compileCondition, expandMacrosAndLists, FilterSyntaxError, parseCondition, type CompiledCondition, type ExpandResult, type Expr,
} from '../filter/index.js';
import type { FieldRegistry } from '../fields/field-registry.js';
import { parseOutputTemplate, type OutputTemplate } from '../alerts/output-template.js';

/** Name lookups an expansion may make (a subset of ReadonlyMap, so plain maps fit). */
export interface MacroLookup { get(name: string): Expr | undefined }
export interface ListLookup { get(name: string): readonly string[] | undefined }

type Outcome<T> = { readonly ok: T } | { readonly err: unknown };

interface Expansion {
  readonly macros: ReadonlyMap<string, Expr | undefined>;
  readonly lists: ReadonlyMap<string, readonly string[] | undefined>;
  readonly result: ExpandResult;
}

const unwrap = <T>(o: Outcome<T>): T => {
  if ('err' in o) throw o.err;
  return o.ok;
};

export class CompileCache {
  readonly #parsed = new Map<string, Outcome<Expr>>();
  readonly #expansions = new WeakMap<Expr, Expansion[]>();
  readonly #conditions = new Map<string, WeakMap<Expr, CompiledCondition>>();
  readonly #outputs = new Map<string, Map<string, OutputTemplate>>();
  readonly #listItems = new Map<string, readonly string[]>();
  readonly #memos = new Map<string, WeakMap<object, unknown>>();

  constructor(private readonly registry: FieldRegistry) {}

  /** `parseCondition(text, { maxDepth: 1000 })`; a syntax error is thrown again each time. */
  parse(text: string): Expr {
    let o = this.#parsed.get(text);
    if (!o) {
      try {
        o = { ok: parseCondition(text, { maxDepth: 1000 }) };
      } catch (e) {
        if (!(e instanceof FilterSyntaxError)) throw e;
        o = { err: e };
      }
      this.#parsed.set(text, o);
    }
    return unwrap(o);
  }

  /**
   * The same array as last time for a list whose items did not change, so that expansions
   * depending on it stay valid.
   */
  internList(name: string, items: readonly string[]): readonly string[] {
    const prev = this.#listItems.get(name);
    if (prev && prev.length === items.length && prev.every((x, i) => x === items[i])) return prev;
    const frozen = Object.freeze([...items]);
    this.#listItems.set(name, frozen);
    return frozen;
  }

  /** `expandMacrosAndLists`, reused while every name it looked up resolves the same. */
  expand(ast: Expr, macros: MacroLookup, lists: ListLookup): ExpandResult {
    const prior = this.#expansions.get(ast);
    if (prior) {
      for (const x of prior) if (sameLookups(x, macros, lists)) return x.result;
    }
    const seenMacros = new Map<string, Expr | undefined>();
    const seenLists = new Map<string, readonly string[] | undefined>();
    const result = expandMacrosAndLists(ast, {
      macros: {
        get(name) {
          const v = macros.get(name);
          seenMacros.set(name, v);
          return v;
        },
      },
      lists: {
        get(name) {
          const v = lists.get(name);
          seenLists.set(name, v);
          return v;
        },
        has(name) {
          const v = lists.get(name);
          seenLists.set(name, v);
          return v !== undefined;
        },
      },
    });
    const entry = { macros: seenMacros, lists: seenLists, result };
    if (prior) {
      // the same text under several environments (a macro and a rule alike): keep a few
      if (prior.length >= 4) prior.shift();
      prior.push(entry);
    } else this.#expansions.set(ast, [entry]);
    return result;
  }

  // Failures below are not remembered: they depend on the registry (a field may be
  // registered by the next load) and are rare enough to recompute.

  /** `compileCondition` of an expanded AST. */
  compileCondition(ast: Expr, source: string): CompiledCondition {
    let bySource = this.#conditions.get(source);
    if (!bySource) this.#conditions.set(source, (bySource = new WeakMap()));
    let c = bySource.get(ast);
    if (!c) bySource.set(ast, (c = compileCondition(ast, { registry: this.registry, source })));
    return c;
  }

  /** `parseOutputTemplate` of an output. */
  outputTemplate(text: string, source: string): OutputTemplate {
    let bySource = this.#outputs.get(source);
    if (!bySource) this.#outputs.set(source, (bySource = new Map()));
    let t = bySource.get(text);
    if (!t) bySource.set(text, (t = parseOutputTemplate(text, this.registry, source)));
    return t;
  }

  /** `f(key)`, computed once per key object and `kind` (for pure functions of frozen values). */
  memo<K extends object, V>(kind: string, key: K, f: (key: K) => V): V {
    let table = this.#memos.get(kind);
    if (!table) this.#memos.set(kind, (table = new WeakMap()));
    if (table.has(key)) return table.get(key) as V;
    const v = f(key);
    table.set(key, v);
    return v;
  }
}

function sameLookups(x: Expansion, macros: MacroLookup, lists: ListLookup): boolean {
  for (const [name, v] of x.macros) if (macros.get(name) !== v) return false;
  for (const [name, v] of x.lists) if (lists.get(name) !== v) return false;
  return true;
}
