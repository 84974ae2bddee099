// Parser of Falco conditions into a frozen AST. It follows libsinsp's recursive-descent
// parser (filter/parser.cpp) decision for decision, so the same texts are accepted and
// rejected with the same messages and at the same cursor position.
//
// Grammar (EBNF). Keywords written with a trailing space need a blank after them.
//
//   Expr          ::= OrExpr
//   OrExpr        ::= AndExpr ( 'or' ( Blank AndExpr | '(' Expr ')' ) )*
//   AndExpr       ::= NotExpr ( 'and' ( Blank NotExpr | '(' Expr ')' ) )*
//   NotExpr       ::= ( 'not' Blank )* ( 'not(' Expr ')' | Check )
//   Check         ::= '(' Expr ')'
//                   | Field Condition
//                   | Transformer Condition
//                   | Identifier                                  (a macro)
//   Condition     ::= 'exists'
//                   | NumOp ( NumValue | RhsTransformer )
//                   | StrOp Modifier ListValue
//                   | StrOp ( StrValue | RhsTransformer )
//                   | ListOp ( ListValue | RhsTransformer )
//   Transformer   ::= TransformerName '(' TArg ( ',' TArg )* ')' ( '[' FieldArg ']' )?
//   TArg          ::= NumValue | QuotedStr | TList | Transformer | Field
//   TList         ::= '(' ( TListArg ( ',' TListArg )* )? ')'
//   TListArg      ::= Field | Transformer | QuotedStr | NumValue
//   RhsTransformer::= 'val(' Field ')' ( '[' FieldArg ']' )? | Transformer
//   ListValue     ::= '(' ( StrValue ( ',' StrValue )* )? ')' | Identifier
//   Field         ::= FieldName ( '[' FieldArg ']' )?
//   FieldArg      ::= QuotedStr | FieldArgBareStr
//   NumValue      ::= HexNumber | Number
//   StrValue      ::= QuotedStr | BareStr
//
//   NumOp         ::= '<=' | '<' | '>=' | '>'
//   StrOp         ::= '==' | '=' | '!=' | 'glob ' | 'iglob ' | 'contains ' | 'icontains '
//                   | 'bcontains ' | 'startswith ' | 'bstartswith ' | 'endswith ' | 'regex '
//   Modifier      ::= 'oneof ' | 'anyof ' | 'allof '   (only when a list or identifier follows
//                                                        and the next word is not and/or/not)
//   ListOp        ::= 'intersects' | 'in' | 'pmatch'
//   TransformerName ::= 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt'
//
// Tokens:
//   Identifier      [a-zA-Z]+[a-zA-Z0-9_]*
//   FieldName       [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
//   FieldArgBareStr [^][\"'[:space:]]+
//   HexNumber       0[xX][0-9a-fA-F]+
//   Number          [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
//   QuotedStr       "..." or '...' with escapes \b \f \n \r \t \\ \/ \" \' \xHH
//   BareStr         [^()"'[:space:]=,]+
//   Blank           [ \t\b\r\n]+
//
// Precedence: not > and > or. The whole input must be consumed.
import * as A from './ast.js';
import { ConditionLexer } from './condition-lexer.js';
import { FilterSyntaxError } from './filter-errors.js';

const UNARY_OPS = ['exists'];
const NUM_OPS = ['<=', '<', '>=', '>'];
const STR_OPS = [
  '==', '=', '!=', 'glob ', 'iglob ', 'contains ', 'icontains ', 'bcontains ',
  'startswith ', 'bstartswith ', 'endswith ', 'regex ',
];
const MODIFIERS = ['oneof ', 'anyof ', 'allof '];
const LIST_OPS = ['intersects', 'in', 'pmatch'];
const TRANSFORMERS = ['tolower(', 'toupper(', 'b64(', 'basename(', 'len(', 'join(', 'concat(', 'getopt('];

const quoteList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
export const SUPPORTED_OPERATORS: readonly string[] = [...UNARY_OPS, ...NUM_OPS, ...STR_OPS, ...LIST_OPS].map((s) => s.trim());
export const SUPPORTED_TRANSFORMERS: readonly string[] = ['val', ...TRANSFORMERS.map((t) => t.slice(0, -1))];
const TRANSFORMER_LIST_TEXT = quoteList(SUPPORTED_TRANSFORMERS);

export interface ParseOptions {
  /** Recursion limit; Falco's rule loader uses 1000. */
  maxDepth?: number;
}

/** Parses a condition. Throws FilterSyntaxError with libsinsp's message and the cursor position. */
export function parseCondition(text: string, options: ParseOptions = {}): A.Expr {
  return new ConditionParser(text, options.maxDepth ?? 1000).parse();
}

class ConditionParser {
  private readonly lx: ConditionLexer;
  private depth = 0;

  constructor(text: string, private readonly maxDepth: number) {
    this.lx = new ConditionLexer(text);
  }

  parse(): A.Expr {
    if (this.lx.input.length === 0) throw this.lx.error('filter input string is empty');
    const res = this.parseOr();
    if (!this.lx.atEnd()) {
      throw this.lx.error(`unexpected token after '${this.lx.lastToken}', expecting 'or', 'and'`);
    }
    return res;
  }

  /** Counts recursion like libsinsp's depth guard; `fn` runs with the depth raised. */
  private guard<T>(fn: () => T): T {
    if (++this.depth >= this.maxDepth) {
      this.depth--;
      throw this.lx.error(`exceeded max depth limit of ${this.maxDepth}`);
    }
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): A.Expr {
    return this.guard(() => this.parseBool('or', () => this.parseAnd(), A.or));
  }

  private parseAnd(): A.Expr {
    return this.guard(() => this.parseBool('and', () => this.parseNot(), A.and));
  }

  private parseBool(kw: 'and' | 'or', operand: () => A.Expr, make: (c: A.Expr[], p: A.Pos) => A.Expr): A.Expr {
    const lx = this.lx;
    lx.blank();
    const pos = lx.pos();
    const children = [operand()];
    lx.blank();
    while (lx.str(kw)) {
      if (!lx.blank()) {
        if (lx.str('(')) children.push(this.parseEmbeddedRemainder());
        else throw lx.error(`expected blank or '(' after '${kw}'`);
      } else {
        children.push(operand());
      }
      lx.blank();
    }
    return children.length > 1 ? make(children, pos) : children[0];
  }

  private parseNot(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      let negate = false;
      while (lx.notBlank()) negate = !negate;
      let child: A.Expr;
      if (lx.str('not(')) {
        negate = !negate;
        child = this.parseEmbeddedRemainder();
      } else {
        child = this.parseCheck();
      }
      return negate ? A.not(child, pos) : child;
    });
  }

  /** The rest of `( Expr )` after the opening parenthesis. */
  private parseEmbeddedRemainder(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const child = this.parseOr();
      lx.blank();
      if (!lx.str(')')) throw lx.error("expected a ')' token");
      return child;
    });
  }

  private parseCheck(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      if (lx.str('(')) return this.parseEmbeddedRemainder();
      if (lx.fieldName()) return this.parseCondition(this.parseFieldRemainder(lx.lastToken, pos), pos);
      if (lx.strList(TRANSFORMERS)) {
        lx.blank();
        return this.parseCondition(this.parseTransformerRemainder(lx.lastToken.slice(0, -1), pos), pos);
      }
      if (lx.identifier()) return A.identifier(lx.lastToken, pos);
      throw lx.error("expected a '(' token, a field check, or an identifier");
    });
  }

  private parseFieldRemainder(name: string, pos: A.Pos): A.FieldNode {
    return this.guard(() => A.field(name, this.parseOptionalFieldArg(), pos));
  }

  private parseOptionalFieldArg(): string | undefined {
    const lx = this.lx;
    if (!lx.str('[')) return undefined;
    if (!lx.quotedStr() && !lx.fieldArgBareStr()) {
      throw lx.error('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = lx.lastToken;
    if (!lx.str(']')) throw lx.error("expected a ']' token");
    return arg;
  }

  /** Arguments and closing parenthesis of `name(`, then an optional `[arg]`. */
  private parseTransformerRemainder(name: string, pos: A.Pos): A.TransformerNode {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const args: A.Expr[] = [];
      do {
        args.push(this.parseTransformerArg());
        lx.blank();
      } while (lx.str(','));
      lx.blank();
      if (!lx.str(')')) throw lx.error("expected a ')' token closing the transformer");
      return A.transformer(name as A.TransformerName, args, this.parseOptionalFieldArg(), pos);
    });
  }

  private parseTransformerArg(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      if (lx.hexNum() || lx.num()) return A.value(lx.lastToken, false, pos);
      if (lx.quotedStr()) return A.value(lx.lastToken, true, pos);
      if (lx.str('(')) return this.parseTransformerList(pos);
      if (lx.strList(TRANSFORMERS)) return this.parseTransformerRemainder(lx.lastToken.slice(0, -1), pos);
      if (lx.fieldName()) return this.parseFieldRemainder(lx.lastToken, pos);
      throw lx.error('expected field transformer argument: field, transformer, quoted string, number, or transformer list');
    });
  }

  private parseTransformerList(pos: A.Pos): A.TransformerListNode {
    const lx = this.lx;
    const items: A.Expr[] = [];
    lx.blank();
    if (lx.str(')')) return A.transformerList(items, pos);
    items.push(this.parseTransformerListArg());
    lx.blank();
    while (lx.str(',')) {
      lx.blank();
      items.push(this.parseTransformerListArg());
      lx.blank();
    }
    if (!lx.str(')')) throw lx.error("expected ')'");
    return A.transformerList(items, pos);
  }

  private parseTransformerListArg(): A.Expr {
    const lx = this.lx;
    const pos = lx.pos();
    if (lx.fieldName()) return this.parseFieldRemainder(lx.lastToken, pos);
    if (lx.strList(TRANSFORMERS)) {
      lx.blank();
      return this.parseTransformerRemainder(lx.lastToken.slice(0, -1), pos);
    }
    if (lx.quotedStr()) return A.value(lx.lastToken, true, pos);
    if (lx.hexNum() || lx.num()) return A.value(lx.lastToken, false, pos);
    throw lx.error('expected transformer list argument: field, transformer, quoted string, or number');
  }

  private parseCondition(left: A.Expr, pos: A.Pos): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      if (lx.operator(UNARY_OPS)) return A.unary(left, pos);
      lx.blank();
      if (lx.operator(NUM_OPS)) {
        const op = lx.lastToken as A.BinaryOp;
        return A.binary(left, op, this.parseNumValueOrTransformer(), undefined, pos);
      }
      if (lx.operator(STR_OPS)) {
        const op = lx.lastToken.trim() as A.BinaryOp;
        // word operators already consumed their blank; symbol operators may be followed by one
        const hadBlank = /^[a-z]/.test(op) || lx.blank();
        const saved = lx.save();
        if (hadBlank && lx.operator(MODIFIERS) && this.listValueFollows() && !this.boolKeywordFollows()) {
          const modifier = lx.lastToken.trim() as A.Modifier;
          return A.binary(left, op, this.parseListValue(), modifier, pos);
        }
        lx.restore(saved);
        return A.binary(left, op, this.parseStrValueOrTransformer(false), undefined, pos);
      }
      if (lx.operator(LIST_OPS)) {
        const op = lx.lastToken as A.BinaryOp;
        return A.binary(left, op, this.parseListValueOrTransformer(), undefined, pos);
      }
      throw lx.error(`expected a valid check operator: one of ${quoteList(SUPPORTED_OPERATORS)}`);
    });
  }

  private listValueFollows(): boolean {
    if (this.lx.peek() === '(') return true;
    const saved = this.lx.save();
    const ok = this.lx.identifier();
    this.lx.restore(saved);
    return ok;
  }

  private boolKeywordFollows(): boolean {
    const rest = this.lx.rest();
    return ['and', 'or', 'not'].some((kw) => rest.startsWith(kw) && !/^[a-zA-Z0-9]/.test(rest.slice(kw.length)));
  }

  private parseNumValueOrTransformer(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      const t = this.tryParseTransformerOrVal();
      if (t) return t;
      if (lx.hexNum() || lx.num()) return A.value(lx.lastToken, false, pos);
      throw lx.error(`expected a number value or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`);
    });
  }

  private parseStrValueOrTransformer(noTransformer: boolean): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      if (!noTransformer) {
        const t = this.tryParseTransformerOrVal();
        if (t) return t;
      }
      if (lx.quotedStr()) return A.value(lx.lastToken, true, pos);
      if (lx.bareStr()) return A.value(lx.lastToken, false, pos);
      if (noTransformer) throw lx.error('expected a string value');
      throw lx.error(`expected a string value or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`);
    });
  }

  private tryParseListExpr(): A.ListNode | undefined {
    const lx = this.lx;
    const pos = lx.pos();
    if (!lx.str('(')) return undefined;
    const items: A.ValueNode[] = [];
    lx.blank();
    let first: A.Expr | undefined;
    try {
      first = this.parseStrValueOrTransformer(true);
    } catch (e) {
      // libsinsp treats any failure on the first item as an empty list, keeping the cursor where it is
      if (!(e instanceof FilterSyntaxError)) throw e;
    }
    if (first) {
      items.push(first as A.ValueNode);
      lx.blank();
      while (lx.str(',')) {
        items.push(this.parseStrValueOrTransformer(true) as A.ValueNode);
        lx.blank();
      }
    }
    if (!lx.str(')')) throw lx.error("expected a ')' token");
    return A.list(items, pos);
  }

  private parseListValue(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      const l = this.tryParseListExpr();
      if (l) return l;
      if (lx.identifier()) return A.value(lx.lastToken, false, pos);
      throw lx.error('expected a list or an identifier');
    });
  }

  private parseListValueOrTransformer(): A.Expr {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      const l = this.tryParseListExpr();
      if (l) return l;
      const t = this.tryParseTransformerOrVal();
      if (t) return t;
      if (lx.identifier()) return A.value(lx.lastToken, false, pos);
      throw lx.error(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMER_LIST_TEXT}`);
    });
  }

  private tryParseTransformerOrVal(): A.Expr | undefined {
    return this.guard(() => {
      const lx = this.lx;
      lx.blank();
      const pos = lx.pos();
      if (lx.str('val(')) {
        lx.blank();
        const fieldPos = lx.pos();
        if (!lx.fieldName()) throw lx.error("expected a field within 'val' transformer");
        const f = this.parseFieldRemainder(lx.lastToken, fieldPos);
        lx.blank();
        if (!lx.str(')')) throw lx.error("expected a ')' token closing the transformer");
        return A.transformer('val', [f], this.parseOptionalFieldArg(), pos);
      }
      if (lx.strList(TRANSFORMERS)) {
        lx.blank();
        return this.parseTransformerRemainder(lx.lastToken.slice(0, -1), pos);
      }
      return undefined;
    });
  }
}
