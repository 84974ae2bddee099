// Quoted-string escapes as libsinsp decodes them, and the reverse for printing conditions.
// Kept apart from the lexer because the list expander decodes quoted list items too.

/** Thrown for a malformed escape; the parser turns it into a FilterSyntaxError at its cursor. */
export class EscapeError extends Error {}

const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '\\': '\\', '/': '/' };

/**
 * Decodes a quoted token (delimiters included). `\ ` decodes to a lone backslash, as in
 * libsinsp (kept for old rules); `\xHH` yields a raw byte, so a run of them may form UTF-8.
 */
export function unescapeQuoted(token: string): string {
  const quote = token[0];
  const end = token.length - 1;
  let out = '';
  let bytes: number[] | undefined; // set once a \x escape appears: the result is then built as UTF-8
  const emit = (s: string) => {
    if (bytes) for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
    else out += s;
  };
  for (let i = 1; i < end; i++) {
    const c = token[i];
    if (c !== '\\') { emit(c); continue; }
    i++;
    if (i >= end) break; // a trailing backslash cannot reach here: the lexer never ends a string on \"
    const e = token[i];
    if (e in SIMPLE) emit(SIMPLE[e]);
    else if (e === ' ') emit('\\');
    else if (e === '"' || e === "'") {
      if (e !== quote) {
        throw new EscapeError(e === '"' ? `invalid \\" escape in '-quoted string` : `invalid \\' escape in "-quoted string`);
      }
      emit(e);
    } else if (e === 'x') {
      if (i + 2 >= end) throw new EscapeError('truncated hex char escape sequence');
      const hex = token.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new EscapeError(`invalid hex char escape sequence: ${hex}`);
      if (!bytes) { bytes = [...Buffer.from(out, 'utf8')]; out = ''; }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      throw new EscapeError(`unsupported string escape sequence: \\${e}`);
    }
  }
  return bytes ? Buffer.from(bytes).toString('utf8') : out;
}

/** Prints `s` as a double-quoted string that `unescapeQuoted` decodes back to `s`. */
export function quote(s: string): string {
  let out = '"';
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    switch (c) {
      // a backslash right before the closing quote would keep libsinsp's lexer from closing the string
      case '\\': out += i === chars.length - 1 ? '\\x5c' : '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      default: out += c;
    }
  }
  return out + '"';
}
