// Translates an RE2 pattern (as Falco's `regex` operator takes it, fully anchored) into a
// JavaScript RegExp. Constructs RE2 rejects (backreferences, lookaround) are rejected here
// too; POSIX bracket classes, \A \z \Q..\E and (?P<name>) are rewritten.
// Known gap: JS regexps backtrack, so a pathological pattern can be slow where RE2 is linear.

export class RegexError extends Error {}

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\v\\f\\r',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~',
  graph: '!-~', word: 'A-Za-z0-9_', ascii: '\\x00-\\x7f',
};

const escapeLiteral = (s: string) => s.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&');

export function translateRegex(pattern: string): RegExp {
  let flags = '';
  let src = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]) if (f === 'i' || f === 's' || f === 'm') flags += flags.includes(f) ? '' : f;
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new RegexError('trailing \\');
      if (!inClass && /[1-9]/.test(n)) throw new RegexError(`invalid escape sequence: \\${n}`);
      if (!inClass && n === 'A') { out += '^'; i++; continue; }
      if (!inClass && n === 'z') { out += '$'; i++; continue; }
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const close = src.indexOf(':]', i + 2);
        const name = close > 0 ? src.slice(i + 2, close) : '';
        const neg = name.startsWith('^');
        const cls = POSIX[neg ? name.slice(1) : name];
        if (close > 0 && cls !== undefined) {
          if (neg) throw new RegexError(`unsupported negated POSIX class [:${name}:]`);
          out += cls;
          i = close + 1;
          continue;
        }
        if (close > 0) throw new RegexError(`invalid character class range: [:${name}:]`);
      }
      if (c === '[') { out += '\\['; continue; }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a leading ] (after an optional ^) is a literal in RE2
      if (src[i + 1] === '^') { out += '^'; i++; }
      if (src[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith('P<')) { out += '(?<'; i += 3; continue; }
      if (rest.startsWith(':')) { out += '(?:'; i += 2; continue; }
      throw new RegexError(`invalid or unsupported Perl syntax: \`(?${rest.slice(0, 1)}\``);
    }
    out += c;
  }
  try {
    return new RegExp(`^(?:${out})$`, flags);
  } catch (e) {
    throw new RegexError((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}
