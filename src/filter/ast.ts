// The condition AST: a frozen discriminated union on `kind`, built only through the
// factories below so that every node carries a position and can never be mutated by a pass.

/** A place in the condition text: 0-based offset, 1-based line and column (as libsinsp counts). */
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export const START_POS: Pos = Object.freeze({ offset: 0, line: 1, column: 1 });

export type BinaryOp =
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'contains' | 'icontains' | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex'
  | 'in' | 'intersects' | 'pmatch';

export type Modifier = 'oneof' | 'anyof' | 'allof';

export type TransformerName =
  | 'val' | 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt';

export interface AndNode { readonly kind: 'and'; readonly children: readonly Expr[]; readonly pos: Pos }
export interface OrNode { readonly kind: 'or'; readonly children: readonly Expr[]; readonly pos: Pos }
export interface NotNode { readonly kind: 'not'; readonly child: Expr; readonly pos: Pos }
/** A bare identifier in boolean position: a macro reference until expansion replaces it. */
export interface IdentifierNode { readonly kind: 'identifier'; readonly name: string; readonly pos: Pos }
/**
 * A literal. `quoted` records whether it was written in quotes: list-name expansion only
 * replaces bare words, as Falco's textual substitution does.
 */
export interface ValueNode { readonly kind: 'value'; readonly value: string; readonly quoted: boolean; readonly pos: Pos }
/** `(a, "b c", 3)` on the right of `in`/`intersects`/`pmatch` or after a modifier. */
export interface ListNode { readonly kind: 'list'; readonly items: readonly ValueNode[]; readonly pos: Pos }
/** `(proc.name, "x")` as a transformer argument. */
export interface TransformerListNode { readonly kind: 'transformerList'; readonly items: readonly Expr[]; readonly pos: Pos }
export interface FieldNode { readonly kind: 'field'; readonly name: string; readonly arg?: string; readonly pos: Pos }
export interface TransformerNode {
  readonly kind: 'transformer';
  readonly name: TransformerName;
  readonly args: readonly Expr[];
  /** Optional `[x]` after the closing parenthesis (only `getopt(...)[t]` accepts one). */
  readonly arg?: string;
  readonly pos: Pos;
}
export interface UnaryCheckNode { readonly kind: 'unary'; readonly op: 'exists'; readonly left: Expr; readonly pos: Pos }
export interface BinaryCheckNode {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly modifier?: Modifier;
  readonly left: Expr;
  readonly right: Expr;
  readonly pos: Pos;
}

export type Expr =
  | AndNode | OrNode | NotNode | IdentifierNode | ValueNode | ListNode | TransformerListNode
  | FieldNode | TransformerNode | UnaryCheckNode | BinaryCheckNode;

export type ExprKind = Expr['kind'];

const freezeList = <T>(xs: readonly T[]): readonly T[] => (Object.isFrozen(xs) ? xs : Object.freeze([...xs]));

export const and = (children: readonly Expr[], pos: Pos = START_POS): AndNode =>
  Object.freeze({ kind: 'and', children: freezeList(children), pos });
export const or = (children: readonly Expr[], pos: Pos = START_POS): OrNode =>
  Object.freeze({ kind: 'or', children: freezeList(children), pos });
export const not = (child: Expr, pos: Pos = START_POS): NotNode => Object.freeze({ kind: 'not', child, pos });
export const identifier = (name: string, pos: Pos = START_POS): IdentifierNode =>
  Object.freeze({ kind: 'identifier', name, pos });
export const value = (v: string, quoted = false, pos: Pos = START_POS): ValueNode =>
  Object.freeze({ kind: 'value', value: v, quoted, pos });
export const list = (items: readonly ValueNode[], pos: Pos = START_POS): ListNode =>
  Object.freeze({ kind: 'list', items: freezeList(items), pos });
export const transformerList = (items: readonly Expr[], pos: Pos = START_POS): TransformerListNode =>
  Object.freeze({ kind: 'transformerList', items: freezeList(items), pos });
export const field = (name: string, arg?: string, pos: Pos = START_POS): FieldNode =>
  Object.freeze(arg === undefined ? { kind: 'field', name, pos } : { kind: 'field', name, arg, pos });
export const transformer = (
  name: TransformerName, args: readonly Expr[], arg?: string, pos: Pos = START_POS,
): TransformerNode =>
  Object.freeze(arg === undefined
    ? { kind: 'transformer', name, args: freezeList(args), pos }
    : { kind: 'transformer', name, args: freezeList(args), arg, pos });
export const unary = (left: Expr, pos: Pos = START_POS): UnaryCheckNode =>
  Object.freeze({ kind: 'unary', op: 'exists', left, pos });
export const binary = (
  left: Expr, op: BinaryOp, right: Expr, modifier?: Modifier, pos: Pos = START_POS,
): BinaryCheckNode =>
  Object.freeze(modifier === undefined
    ? { kind: 'binary', op, left, right, pos }
    : { kind: 'binary', op, modifier, left, right, pos });

export const pos = (offset: number, line: number, column: number): Pos => Object.freeze({ offset, line, column });

/** Operators whose right-hand side is a list (value lists, list names, or a field). */
export const LIST_OPS: ReadonlySet<BinaryOp> = new Set(['in', 'intersects', 'pmatch']);
/** The libsinsp spelling of an operator including its modifier (`startswith anyof`). */
export const opText = (n: BinaryCheckNode): string => (n.modifier ? `${n.op} ${n.modifier}` : n.op);
