// Pass: replaces macro identifiers by their conditions and list names by their items.
// Falco substitutes lists textually before parsing; doing it on the AST gives the same
// result for every real rule while never re-parsing, and keeps positions meaningful.
import * as A from './ast.js';
import { unescapeQuoted } from './string-escapes.js';

/** Only these lookups are made, so a `Map` or a lighter view (visibility, recording) fits. */
export interface ExpandEnv {
  /** Macro name -> its parsed condition (expanded or not: nested macros are expanded here too). */
  readonly macros: Pick<ReadonlyMap<string, A.Expr>, 'get'>;
  /** List name -> its items as written in the rules file (already merged with appends). */
  readonly lists: Pick<ReadonlyMap<string, readonly string[]>, 'get' | 'has'>;
}

export interface Located {
  readonly name: string;
  readonly pos: A.Pos;
}

export interface ExpandResult {
  readonly ast: A.Expr;
  readonly usedMacros: ReadonlySet<string>;
  readonly usedLists: ReadonlySet<string>;
  /** Identifiers in macro position that name no macro, in order of appearance (`Undefined macro 'x' used in filter.`). */
  readonly undefinedMacros: readonly Located[];
  /** Macro reference loops, e.g. `reference loop in macro 'a'`, in Falco's wording. */
  readonly errors: readonly { readonly message: string; readonly pos: A.Pos }[];
}

export function expandMacrosAndLists(ast: A.Expr, env: ExpandEnv): ExpandResult {
  const x = new Expander(env);
  const out = x.expr(ast);
  return {
    ast: out,
    usedMacros: x.usedMacros,
    usedLists: x.usedLists,
    undefinedMacros: x.undefinedMacros,
    errors: x.errors,
  };
}

/**
 * A list item as the condition parser would read it after Falco's textual substitution:
 * items starting with a quote are decoded as quoted strings, anything else is taken as is.
 */
export function listItemValue(item: string): string {
  const q = item[0];
  if ((q === '"' || q === "'") && item.length >= 2 && item.endsWith(q)) {
    try {
      return unescapeQuoted(item);
    } catch {
      return item;
    }
  }
  return item;
}

class Expander {
  readonly usedMacros = new Set<string>();
  readonly usedLists = new Set<string>();
  readonly undefinedMacros: Located[] = [];
  readonly errors: { message: string; pos: A.Pos }[] = [];
  private readonly macroPath: string[] = [];

  constructor(private readonly env: ExpandEnv) {}

  expr(e: A.Expr): A.Expr {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const children = e.children.map((c) => this.expr(c));
        return children.every((c, i) => c === e.children[i]) ? e : (e.kind === 'and' ? A.and : A.or)(children, e.pos);
      }
      case 'not': {
        const child = this.expr(e.child);
        return child === e.child ? e : A.not(child, e.pos);
      }
      case 'identifier':
        return this.macro(e);
      case 'binary':
        return this.check(e);
      default:
        return e;
    }
  }

  private macro(e: A.IdentifierNode): A.Expr {
    const body = this.env.macros.get(e.name);
    if (!body) {
      this.undefinedMacros.push({ name: e.name, pos: e.pos });
      return e;
    }
    if (this.macroPath.includes(e.name)) {
      this.errors.push({ message: `reference loop in macro '${e.name}'`, pos: e.pos });
      this.undefinedMacros.push({ name: e.name, pos: e.pos });
      return e;
    }
    this.macroPath.push(e.name);
    const out = this.expr(body);
    this.macroPath.pop();
    this.usedMacros.add(e.name);
    return out;
  }

  private check(e: A.BinaryCheckNode): A.Expr {
    const r = e.right;
    let right: A.Expr = r;
    if (r.kind === 'list') {
      const items = this.listItems(r.items);
      if (items !== r.items) right = A.list(items, r.pos);
    } else if (r.kind === 'value' && !r.quoted && this.env.lists.has(r.value)) {
      const items = this.expandName(r.value, r.pos, []);
      // a list name after a list operator or modifier becomes the list; in scalar
      // position Falco's substitution only parses when the list has one item
      if (A.LIST_OPS.has(e.op) || e.modifier) right = A.list(items, r.pos);
      else if (items.length === 1) right = items[0];
    }
    return right === r ? e : A.binary(e.left, e.op, right, e.modifier, e.pos);
  }

  private listItems(items: readonly A.ValueNode[]): readonly A.ValueNode[] {
    if (!items.some((i) => !i.quoted && this.env.lists.has(i.value))) return items;
    const out: A.ValueNode[] = [];
    for (const i of items) {
      if (!i.quoted && this.env.lists.has(i.value)) out.push(...this.expandName(i.value, i.pos, []));
      else out.push(i);
    }
    return out;
  }

  /** Items of list `name`, expanding nested list names; a name already on `path` (a loop) stays literal. */
  private expandName(name: string, pos: A.Pos, path: string[]): A.ValueNode[] {
    this.usedLists.add(name);
    const out: A.ValueNode[] = [];
    path.push(name);
    for (const raw of this.env.lists.get(name) ?? []) {
      const quoted = raw.startsWith('"') || raw.startsWith("'");
      if (!quoted && this.env.lists.has(raw) && !path.includes(raw)) out.push(...this.expandName(raw, pos, path));
      else out.push(A.value(listItemValue(raw), quoted, pos));
    }
    path.pop();
    return out;
  }
}
