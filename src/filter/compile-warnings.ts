// Compile-time hints Falco's filter compiler reports as LOAD_COMPILE_CONDITION warnings:
// a regex that simpler operators could replace, and constants that look like fields or
// transformers (usually a forgotten `val()`).
import type * as A from './ast.js';
import type { CompileContext } from './compile-context.js';
import { isFieldNameToken } from './condition-lexer.js';
import { SUPPORTED_TRANSFORMERS } from './condition-parser.js';

const RX_SPECIAL = '.+*?^$()[]{}|\\';

const RX_SPACE = /[ \t\n\v\f\r]/;
const RX_SPACES = /[ \t\n\v\f\r]/g;

// Runs for every constant of every condition (lists have hundreds): cheap tests first.
export function checkValueWarnings(cx: CompileContext, op: A.BinaryOp, v: string, pos: A.Pos): void {
  const nospaces = RX_SPACE.test(v) ? v.replace(RX_SPACES, '') : v;
  if (op === 'regex' && regexLooksPlain(v)) {
    cx.warnings.push({
      message: `regex check with '${v}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`,
      pos,
    });
  }
  if (looksLikeField(cx, nospaces)) {
    cx.warnings.push({ message: `'${v}' may be a valid field misused as a const string value`, pos });
  }
  if (nospaces.endsWith(')')) for (const t of SUPPORTED_TRANSFORMERS) {
    if (nospaces.length >= t.length + 2 && nospaces.startsWith(`${t}(`) && nospaces.endsWith(')')) {
      cx.warnings.push({ message: `'${v}' may be a valid field transformer misused as a const string value`, pos });
    }
  }
}

/** True when the only regex syntax is anchors or a leading/trailing `.*`-like wildcard. */
function regexLooksPlain(v: string): boolean {
  const len = v.length;
  for (let i = 0; i < len; i++) {
    if ((i === 0 && v[i] === '^') || (i === len - 1 && v[i] === '$')) continue;
    if (((i === 0 && len > 1) || i === len - 2) && v[i] === '.' && '+*?'.includes(v[i + 1] ?? '')) { i++; continue; }
    if (RX_SPECIAL.includes(v[i])) return false;
  }
  return true;
}

function looksLikeField(cx: CompileContext, s: string): boolean {
  // a field name has a dot before any `[`
  if (!s.includes('.')) return false;
  const m = /^([^[]+)(?:\[(.*)\])?$/.exec(s);
  if (!m || !isFieldNameToken(m[1])) return false;
  try {
    return cx.options.registry.resolve(cx.options.source, m[1], m[2]) !== undefined;
  } catch {
    return false;
  }
}
