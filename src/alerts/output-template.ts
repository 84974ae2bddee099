// Rule output templates (`"File opened (user=%user.name file=%fd.name)"`) parsed once into
// literal text and field segments, so alert formatting only concatenates values.
//
// Syntax, as libsinsp's event formatter reads it:
//   template  ::= '*'? (text | '%' width? token)*
//   width     ::= [0-9]+                      pads/cuts the value to that many characters
//   token     ::= field | transformer
//   field     ::= name ('[' arg ']')?          name: letter-led segments joined by '.'
//   transformer ::= ('tolower'|'toupper'|'b64'|'basename'|'len') '(' field ')'
// A leading '*' lets the line print with `<NA>` for missing values. There is no `%%`
// escape. A token is the longest prefix that names a field of the source, so in
// `%proc.names` the field is `proc.name` and `s` is text.
import type { FieldRegistry, ResolvedField } from '../fields/field-registry.js';

export interface TextSegment {
  readonly kind: 'text';
  readonly text: string;
}

export interface FieldSegment {
  readonly kind: 'field';
  /** The token as written after `%` and the width (`proc.aname[2]`, `tolower(proc.name)`). */
  readonly text: string;
  readonly field: ResolvedField;
  /** Transformer applied to the field value, if any. */
  readonly transformer?: string;
  /** Fixed width from `%20proc.name`, or undefined. */
  readonly width?: number;
  /** UTF-16 offsets of the `%` and of the end of the token in the template. */
  readonly start: number;
  readonly end: number;
}

export type TemplateSegment = TextSegment | FieldSegment;

export interface OutputTemplate {
  readonly text: string;
  readonly source: string;
  /** False when the template starts with `*`: missing values print `<NA>` instead of failing. */
  readonly requireAllValues: boolean;
  readonly segments: readonly TemplateSegment[];
  /** Distinct field tokens in order of first use (the keys of an alert's `output_fields`). */
  readonly fieldTexts: readonly string[];
}

export class OutputTemplateError extends Error {
  override readonly name = 'OutputTemplateError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const TRANSFORMERS = new Set(['tolower', 'toupper', 'b64', 'basename', 'len']);
const NAME = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)*/;

interface Token {
  readonly length: number;
  readonly field: ResolvedField;
  readonly transformer?: string;
}

function tryResolve(registry: FieldRegistry, source: string, name: string, arg?: string): ResolvedField | undefined {
  try {
    return registry.resolve(source, name, arg);
  } catch {
    return undefined;
  }
}

/** The longest field token at the start of `rest`, as a character-by-character shrinking search finds it. */
function matchField(registry: FieldRegistry, source: string, rest: string): Token | undefined {
  const m = NAME.exec(rest);
  if (!m) return undefined;
  const full = m[0];
  if (rest[full.length] === '[') {
    const close = rest.indexOf(']', full.length + 1);
    if (close > full.length + 1) {
      const arg = rest.slice(full.length + 1, close);
      if (!/[\s"']/.test(arg)) {
        const field = tryResolve(registry, source, full, arg);
        if (field) return { length: close + 1, field };
      }
    }
  }
  for (let len = full.length; len > 0; len--) {
    const name = full.slice(0, len);
    if (name.endsWith('.')) continue;
    const field = tryResolve(registry, source, name);
    if (field) return { length: len, field };
  }
  return undefined;
}

function matchToken(registry: FieldRegistry, source: string, rest: string): Token | undefined {
  const t = /^([a-z0-9]+)\(/.exec(rest);
  if (t && TRANSFORMERS.has(t[1]!)) {
    const inner = matchField(registry, source, rest.slice(t[0].length));
    if (inner && rest[t[0].length + inner.length] === ')') {
      return { length: t[0].length + inner.length + 1, field: inner.field, transformer: t[1]! };
    }
  }
  return matchField(registry, source, rest);
}

/** Parses and checks a template against the fields of `source`. Throws OutputTemplateError. */
export function parseOutputTemplate(text: string, registry: FieldRegistry, source: string): OutputTemplate {
  if (text === '') throw new OutputTemplateError('empty formatting token', 0);
  const requireAllValues = text[0] !== '*';
  const base = requireAllValues ? 0 : 1;
  const segments: TemplateSegment[] = [];
  const fieldTexts: string[] = [];
  let literalStart = base;
  let j = base;
  while (j < text.length) {
    if (text[j] !== '%') {
      j++;
      continue;
    }
    if (literalStart !== j) segments.push({ kind: 'text', text: text.slice(literalStart, j) });
    const start = j;
    if (j === text.length - 1) throw new OutputTemplateError('invalid formatting syntax: formatting cannot end with a %', j);
    let k = j + 1;
    let width: number | undefined;
    if (/[0-9]/.test(text[k]!)) {
      const digits = /^[0-9]+/.exec(text.slice(k))![0];
      if (k + digits.length >= text.length) throw new OutputTemplateError('invalid formatting syntax: formatting cannot end with a number', k);
      width = Number(digits);
      k += digits.length;
    }
    const rest = text.slice(k);
    const tok = matchToken(registry, source, rest);
    // The wording of libsinsp's formatter that Falco's tests check: the whole rest of the
    // template follows, since the formatter cannot tell where an unknown token ends.
    if (!tok) throw new OutputTemplateError(`invalid formatting token ${rest}`, k);
    const tokText = rest.slice(0, tok.length);
    const seg: FieldSegment = {
      kind: 'field', text: tokText, field: tok.field, start, end: k + tok.length,
      ...(tok.transformer ? { transformer: tok.transformer } : {}),
      ...(width !== undefined && width > 0 ? { width } : {}),
    };
    segments.push(seg);
    if (!fieldTexts.includes(tokText)) fieldTexts.push(tokText);
    j = k + tok.length;
    literalStart = j;
  }
  if (literalStart < text.length) segments.push({ kind: 'text', text: text.slice(literalStart) });
  return { text, source, requireAllValues, segments, fieldTexts };
}
