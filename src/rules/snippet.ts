// The `snippet` of a diagnostic: the line around the position it points at, with a caret
// below. Falco cuts it from the file bytes (or from the condition text for condition
// expressions) with a window of 80 bytes each side; tools compare it, so the cut follows
// Falco's arithmetic, including its unsigned wrap-arounds at the edges of the content.
import type { LoadContext } from './load-context.js';

const HALF_WIDTH = 80;
const NL = 0x0a;
const WRAP = 2 ** 64;

/** Unsigned (size_t) difference, as a JS number: precise enough for the comparisons made here. */
const udiff = (a: number, b: number): number => (a >= b ? a - b : a - b + WRAP);

export function buildSnippet(ctx: LoadContext, contents: ReadonlyMap<string, Uint8Array>): string {
  const loc = ctx.last;
  let content: Uint8Array | undefined;
  if (ctx.altContent !== undefined && ctx.altContent !== '') content = Buffer.from(ctx.altContent, 'utf8');
  else {
    content = contents.get(loc.position.name);
    if (!content) return `<No context for file + ${loc.position.name}>\n`;
  }
  const size = content.length;
  if (size === 0) return '<No context available>\n';

  let pos = loc.position.offset;
  while (pos > 0 && (pos >= size || content[pos] === NL)) pos--;

  let from = pos;
  while (from > 0 && content[from] !== NL && pos - from < HALF_WIDTH) from--;
  let to = pos;
  while (to < size - 1 && content[to] !== NL && to - pos < HALF_WIDTH) to++;

  if (from < size && content[from] === NL) from++;
  if (to < size && content[to] === NL) to--; // may wrap below zero when pos is 0 and the content starts with a newline

  const toU = to < 0 ? to + WRAP : to;
  const len = udiff(toU, from) + 1;
  let ret = Buffer.from(content.subarray(Math.min(from, size), Math.min(size, from + len)));
  if (ret.length === 0) return '<No context available>\n';

  const dots = Buffer.from('...');
  if (udiff(pos, from) >= HALF_WIDTH) ret = Buffer.concat([dots, ret.subarray(Math.min(3, ret.length))]);
  if (udiff(toU, pos) >= HALF_WIDTH) {
    const keep = Math.max(0, ret.length - 3);
    ret = Buffer.concat([ret.subarray(0, keep), dots]);
  }

  let out = ret.toString('utf8') + '\n';
  const lead = udiff(pos, from);
  if (lead <= ret.length + 1 - 1) out += ' '.repeat(lead) + '^\n';
  return out;
}
