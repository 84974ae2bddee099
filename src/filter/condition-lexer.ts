// The cursor-driven lexer of the condition language. libsinsp lexes on demand (the parser
// asks "is a field name next?"), so this is a set of `lex*` probes over one cursor rather
// than a token stream. The token shapes follow libsinsp's regular expressions exactly;
// see the grammar at the top of condition-parser.ts.
import { pos as mkPos, type Pos } from './ast.js';
import { EscapeError, unescapeQuoted } from './string-escapes.js';
import { FilterSyntaxError } from './filter-errors.js';

const RX_NOT_BLANK = /not[ \t\n\v\f\r]+/y;
const RX_IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
const RX_FIELD_NAME = /[a-zA-Z]+[a-zA-Z0-9_]*(?:\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
const RX_FIELD_ARG_BARE = /[^\][\"'\t\n\v\f\r ]+/y;
const RX_HEX_NUM = /0[xX][0-9a-fA-F]+/y;
const RX_NUMBER = /[+\-]?[0-9]+\.?[0-9]*(?:[eE][+\-][0-9]+)?/y;
const RX_BARE_STR = /[^()"'\t\n\v\f\r =,]+/y;

/** What `blank()` skips. */
const BLANKS = new Set([' ', '\t', '\b', '\r', '\n']);

export class ConditionLexer {
  readonly input: string;
  offset = 0;
  line = 1;
  column = 1;
  /** The text of the last token lexed (blanks excluded), quoted strings decoded: libsinsp quotes it in errors. */
  lastToken = '';

  constructor(input: string) {
    this.input = input;
  }

  pos(): Pos {
    return mkPos(this.offset, this.line, this.column);
  }

  save(): [number, number, number, string] {
    return [this.offset, this.line, this.column, this.lastToken];
  }

  restore(s: [number, number, number, string]): void {
    [this.offset, this.line, this.column, this.lastToken] = s;
  }

  atEnd(): boolean {
    return this.offset >= this.input.length;
  }

  peek(): string {
    return this.input[this.offset] ?? '';
  }

  rest(): string {
    return this.input.slice(this.offset);
  }

  error(message: string): FilterSyntaxError {
    return new FilterSyntaxError(message, this.pos());
  }

  private advance(text: string): void {
    if (!/[\r\n]/.test(text)) {
      // the common case: the token stays on one line
      this.column += text.length;
      this.offset += text.length;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      this.column++;
      // libsinsp counts CR and LF each as a line break
      if (c === '\r' || c === '\n') { this.column = 1; this.line++; }
      this.offset++;
    }
  }

  /** Skips blanks (space, tab, backspace, CR, LF); does not touch lastToken. */
  blank(): boolean {
    const start = this.offset;
    for (;;) {
      const c = this.input[this.offset];
      if (c === ' ' || c === '\t' || c === '\b') this.column++;
      // libsinsp counts CR and LF each as a line break
      else if (c === '\r' || c === '\n') (this.column = 1), this.line++;
      else break;
      this.offset++;
    }
    return this.offset > start;
  }

  private rx(re: RegExp): boolean {
    re.lastIndex = this.offset;
    const m = re.exec(this.input);
    if (!m) return false;
    this.lastToken = m[0];
    this.advance(m[0]);
    return true;
  }

  /** Matches `s` literally at the cursor. */
  str(s: string): boolean {
    if (!this.input.startsWith(s, this.offset)) return false;
    this.lastToken = s;
    this.advance(s);
    return true;
  }

  strList(list: readonly string[]): boolean {
    for (const s of list) if (this.str(s)) return true;
    return false;
  }

  /** Operators written with a trailing space must be followed by a blank; others match as a prefix. */
  operator(list: readonly string[]): boolean {
    for (const op of list) {
      if (!op.endsWith(' ')) {
        if (this.str(op)) return true;
        continue;
      }
      const word = op.slice(0, -1);
      if (this.input.startsWith(word, this.offset) && BLANKS.has(this.input[this.offset + word.length]!)) {
        this.str(word);
        this.blank();
        return true;
      }
    }
    return false;
  }

  notBlank(): boolean { return this.rx(RX_NOT_BLANK); }
  identifier(): boolean { return this.rx(RX_IDENTIFIER); }
  fieldName(): boolean { return this.rx(RX_FIELD_NAME); }
  fieldArgBareStr(): boolean { return this.rx(RX_FIELD_ARG_BARE); }
  hexNum(): boolean { return this.rx(RX_HEX_NUM); }
  num(): boolean { return this.rx(RX_NUMBER); }
  bareStr(): boolean { return this.rx(RX_BARE_STR); }

  /**
   * A single- or double-quoted string. As in libsinsp a quote preceded by a backslash never
   * closes the string (so `"a\\"` runs on); an unterminated string lexes as nothing.
   * A bad escape throws at the cursor after the string.
   */
  quotedStr(): boolean {
    const delim = this.peek();
    if (delim !== '"' && delim !== "'") return false;
    let prev = '\\';
    for (let i = this.offset; i < this.input.length; i++) {
      const c = this.input[i];
      if (c === delim && prev !== '\\') {
        const raw = this.input.slice(this.offset, i + 1);
        this.advance(raw);
        try {
          this.lastToken = unescapeQuoted(raw);
        } catch (e) {
          if (e instanceof EscapeError) throw this.error(e.message);
          throw e;
        }
        return true;
      }
      prev = c;
    }
    return false;
  }
}

/** True when the whole of `s` lexes as one bare string (used to decide whether printing needs quotes). */
export function isBareString(s: string): boolean {
  RX_BARE_STR.lastIndex = 0;
  const m = RX_BARE_STR.exec(s);
  return m !== null && m[0].length === s.length;
}

export function isFieldArgBareString(s: string): boolean {
  RX_FIELD_ARG_BARE.lastIndex = 0;
  const m = RX_FIELD_ARG_BARE.exec(s);
  return m !== null && m[0].length === s.length;
}

export function isNumberToken(s: string): boolean {
  for (const re of [RX_HEX_NUM, RX_NUMBER]) {
    re.lastIndex = 0;
    const m = re.exec(s);
    if (m && m[0].length === s.length) return true;
  }
  return false;
}

export function isFieldNameToken(s: string): boolean {
  RX_FIELD_NAME.lastIndex = 0;
  const m = RX_FIELD_NAME.exec(s);
  return m !== null && m[0].length === s.length;
}
