// Prints an AST back as condition text that parses to the same AST (positions aside).
// Used by describe/-L output and by the round-trip tests.
import type * as A from './ast.js';
import { isBareString, isFieldArgBareString, isNumberToken } from './condition-lexer.js';
import { quote } from './string-escapes.js';

const MODIFIER_WORDS = new Set(['oneof', 'anyof', 'allof']);

export function formatCondition(e: A.Expr): string {
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.children.map((c) => formatOperand(c, e.kind)).join(` ${e.kind} `);
    case 'not':
      return `not ${formatOperand(e.child, 'not')}`;
    case 'identifier':
      return e.name;
    case 'value':
      return formatValue(e.value, e.quoted);
    case 'list':
      return `(${e.items.map((i) => formatValue(i.value, i.quoted)).join(', ')})`;
    case 'transformerList':
      return `(${e.items.map(formatTransformerArg).join(', ')})`;
    case 'field':
      return e.name + formatFieldArg(e.arg);
    case 'transformer':
      return `${e.name}(${e.args.map(formatTransformerArg).join(', ')})${formatFieldArg(e.arg)}`;
    case 'unary':
      return `${formatCondition(e.left)} exists`;
    case 'binary': {
      const op = e.modifier ? `${e.op} ${e.modifier}` : e.op;
      return `${formatCondition(e.left)} ${op} ${formatRight(e)}`;
    }
  }
}

/** Children of and/or/not get parentheses unless they bind tighter than their parent. */
function formatOperand(c: A.Expr, parent: 'and' | 'or' | 'not'): string {
  const text = formatCondition(c);
  const needsParens =
    (c.kind === 'or' && parent !== 'or') ||
    (c.kind === 'and' && parent !== 'and' && parent !== 'or') ||
    // keep nesting of same-kind groups visible so the shape round-trips
    (c.kind === parent && parent !== 'not');
  return needsParens ? `(${text})` : text;
}

function formatRight(e: A.BinaryCheckNode): string {
  const r = e.right;
  if (r.kind !== 'value') return formatCondition(r);
  // numbers and list names are written bare, the only form the grammar accepts there
  if ((e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') && isNumberToken(r.value)) return r.value;
  if ((e.op === 'in' || e.op === 'intersects' || e.op === 'pmatch' || e.modifier) && !r.quoted) return r.value;
  return formatValue(r.value, r.quoted);
}

/** Values written in quotes stay quoted; others are printed bare when the lexer would read them back. */
function formatValue(v: string, quoted: boolean): string {
  return !quoted && isBareString(v) && !MODIFIER_WORDS.has(v) && !/^(val|tolower|toupper|b64|basename|len|join|concat|getopt)\(/.test(v)
    ? v
    : quote(v);
}

function formatTransformerArg(e: A.Expr): string {
  if (e.kind === 'value') return isNumberToken(e.value) && !e.quoted ? e.value : quote(e.value);
  return formatCondition(e);
}

function formatFieldArg(arg: string | undefined): string {
  if (arg === undefined) return '';
  return `[${isFieldArgBareString(arg) ? arg : quote(arg)}]`;
}
