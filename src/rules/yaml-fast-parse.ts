// A quick reader for the YAML that rules files are written in: one document holding a
// block sequence (or map) of block maps whose values are plain, quoted, folded/literal block
// scalars, flow sequences or nested block collections. It builds the same node objects
// (with the same values, styles and start offsets) as the `yaml` package, which costs
// several times more before the JIT has warmed up. Anything outside that subset (anchors,
// tags, flow maps, documents markers, tabs, empty values, odd indentation, anything that
// would be an error) makes it give up and return undefined: the caller then parses with
// the `yaml` package, which also produces the error messages.
// Why hand-written: the package parsed the three upstream rules files in ~1.2 s of the
// ~1.7 s load on the 2-core machines (target: 500 ms); with this reader the load is
// ~0.45 s. yaml-fast-parse.test.ts compares both readers on real and mutated files.
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MAP, NODE_TYPE, PAIR, SCALAR, SEQ } from './yaml-nodes.js';

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/** Characters that may not start a plain scalar (some may when a non-space follows). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
const FLOW_STOP = new Set([',', '[', ']', '{', '}']);
// The longest run of plain text from a position: up to a line break, a comment (` #`), a
// `: ` (key indicator) and, in flow context, a flow indicator. Regexes run natively, which
// matters before the JIT has warmed up.
const PLAIN_RUN = /(?:[^\n:#]|:(?![ \n]|$)|(?<! )#)*/y;
const PLAIN_RUN_FLOW = /(?:[^\n:#,[\]{}]|:(?![ \n,[\]{}]|$)|(?<! )#)*/y;

export function parseRulesYamlFast(text: string): Document.Parsed[] | undefined {
  if (/[\t\r\uFEFF]|^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  try {
    const contents = new FastParser(text).document();
    return [{ contents, errors: [], warnings: [] } as unknown as Document.Parsed];
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

const isSpace = (c: string | undefined): boolean => c === ' ';
const isBreakOrEnd = (c: string | undefined): boolean => c === undefined || c === '\n';
const isBlank = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\n';

// Nodes are plain objects carrying the `yaml` package's identity marks and the fields the
// readers use, so that the package itself need not be loaded at all.
type Range = [number, number, number];
const scalar = (value: string, type: Scalar.Type, start: number, end: number): Scalar =>
  ({ [NODE_TYPE]: SCALAR, value, type, range: [start, end, end] }) as unknown as Scalar;
const newMap = (): YAMLMap => ({ [NODE_TYPE]: MAP, items: [], range: undefined }) as unknown as YAMLMap;
const newSeq = (flow: boolean): YAMLSeq => ({ [NODE_TYPE]: SEQ, items: [], flow, range: undefined }) as unknown as YAMLSeq;
const newPair = (key: Node, value: Node): Pair => ({ [NODE_TYPE]: PAIR, key, value }) as unknown as Pair;
const setRange = (n: YAMLMap | YAMLSeq, start: number, end: number): void => {
  n.range = [start, end, end] as Range;
};

class FastParser {
  private i = 0;
  /** Nesting of flow sequences at i. */
  private flowDepth = 0;

  constructor(private readonly s: string) {}

  document(): Node {
    this.skipEmptyLines();
    if (this.i >= this.s.length || this.column() !== 0) giveUp();
    const node = this.atSeqEntry() ? this.blockSeq(0) : this.atKey() ? this.blockMap(0) : giveUp();
    this.i = Math.min(this.i + 1, this.s.length);
    this.skipEmptyLines();
    if (this.i < this.s.length) giveUp();
    return node;
  }

  // --- positions and lines

  private column(): number {
    return this.i - (this.s.lastIndexOf('\n', this.i - 1) + 1);
  }

  private lineEnd(from = this.i): number {
    const j = this.s.indexOf('\n', from);
    return j < 0 ? this.s.length : j;
  }

  /** Skips blank and comment-only lines (from the start of a line or from the end of content); leaves i at the next content. */
  private skipEmptyLines(): void {
    for (;;) {
      let j = this.i;
      while (isSpace(this.s[j])) j++;
      if (this.s[j] === '#' && (j === 0 || isBlank(this.s[j - 1]))) j = this.lineEnd(j);
      if (j >= this.s.length) {
        this.i = j;
        return;
      }
      if (this.s[j] !== '\n') {
        this.i = j;
        return;
      }
      this.i = j + 1;
    }
  }

  /** After a value on the current line: only spaces and a comment may follow. */
  private endOfLine(): void {
    while (isSpace(this.s[this.i])) this.i++;
    if (this.s[this.i] === '#' && isSpace(this.s[this.i - 1])) this.i = this.lineEnd();
    if (!isBreakOrEnd(this.s[this.i])) giveUp();
  }

  private atSeqEntry(): boolean {
    return this.s[this.i] === '-' && isBlank(this.s[this.i + 1]);
  }

  // --- block collections

  /** `inMapAtSameIndent`: the value of a map key at the same indentation, ended by the map's next key. */
  private blockSeq(indent: number, inMapAtSameIndent = false): YAMLSeq {
    const seq = newSeq(false);
    const start = this.i;
    for (;;) {
      this.i++; // '-'
      seq.items.push(this.seqItem(indent));
      this.endOfLine();
      // a collection ends at the end of its last line, where its parent continues
      const end = this.i;
      this.skipEmptyLines();
      const col = this.column();
      if (this.i >= this.s.length || col < indent || (inMapAtSameIndent && col === indent && !this.atSeqEntry())) {
        this.i = end;
        break;
      }
      if (col > indent || !this.atSeqEntry()) giveUp();
    }
    setRange(seq, start, this.i);
    return seq;
  }

  private seqItem(indent: number): Node {
    while (isSpace(this.s[this.i])) this.i++;
    if (isBreakOrEnd(this.s[this.i]) || this.s[this.i] === '#') {
      this.skipEmptyLines();
      const col = this.column();
      if (this.i >= this.s.length || col <= indent) giveUp();
      return this.blockNode(col, indent);
    }
    return this.blockNode(this.column(), indent);
  }

  /** A node whose first character is at column `col`, inside a parent at `parentIndent`. */
  private blockNode(col: number, parentIndent: number): Node {
    if (this.atSeqEntry()) return this.blockSeq(col);
    if (this.atKey()) return this.blockMap(col);
    return this.inlineValue(parentIndent);
  }

  /** Whether the current line starts a plain implicit key (`key:` then space or end of line). */
  private atKey(): boolean {
    const c = this.s[this.i];
    if (c === undefined || INDICATORS.has(c)) return false;
    const end = this.lineEnd();
    for (let j = this.i; j < end; j++) {
      const x = this.s[j];
      if (x === ':' && isBlank(this.s[j + 1])) return true;
      if (x === '#' && isSpace(this.s[j - 1])) return false;
    }
    return false;
  }

  private blockMap(indent: number): YAMLMap {
    const map = newMap();
    const start = this.i;
    for (;;) {
      const keyStart = this.i;
      const colon = this.keyEnd();
      let keyEnd = colon;
      while (isSpace(this.s[keyEnd - 1])) keyEnd--;
      const key = scalar(this.s.slice(keyStart, keyEnd), 'PLAIN', keyStart, keyEnd);
      this.i = colon + 1;
      map.items.push(newPair(key, this.mapValue(indent)));
      this.endOfLine();
      const end = this.i;
      this.skipEmptyLines();
      const col = this.column();
      if (this.i >= this.s.length || col < indent) {
        this.i = end;
        break;
      }
      if (col > indent || !this.atKey()) giveUp();
    }
    setRange(map, start, this.i);
    return map;
  }

  private keyEnd(): number {
    const end = this.lineEnd();
    for (let j = this.i; j < end; j++) if (this.s[j] === ':' && isBlank(this.s[j + 1])) return j;
    return giveUp();
  }

  private mapValue(indent: number): Node {
    while (isSpace(this.s[this.i])) this.i++;
    if (isBreakOrEnd(this.s[this.i]) || this.s[this.i] === '#') {
      this.endOfLine();
      this.skipEmptyLines();
      const col = this.column();
      if (this.i >= this.s.length || col < indent) giveUp();
      // a sequence may sit at the key's own indentation
      if (col === indent) return this.atSeqEntry() ? this.blockSeq(col, true) : giveUp();
      return this.blockNode(col, indent);
    }
    return this.inlineValue(indent);
  }

  // --- scalars and flow sequences on the current line (possibly continuing below)

  private inlineValue(parentIndent: number): Node {
    const c = this.s[this.i]!;
    if (c === '"' || c === "'") return this.quoted(parentIndent);
    if (c === '[') return this.flowSeq(parentIndent);
    if (c === '|' || c === '>') return this.blockScalar(parentIndent);
    return this.plain(parentIndent);
  }

  private plainStartOk(flow: boolean): boolean {
    const c = this.s[this.i];
    if (c === undefined || !INDICATORS.has(c)) return c !== undefined && c !== ' ' && c !== '\n';
    if (c !== '-' && c !== '?' && c !== ':') return false;
    const next = this.s[this.i + 1];
    return !isBlank(next) && !(flow && FLOW_STOP.has(next!));
  }

  /**
   * Reads one line's worth of plain text from i; returns its trimmed end. Stops at a
   * comment, at the end of the line and, in flow context, at flow indicators. Gives up
   * on `: ` (a key where a value belongs).
   */
  private plainLine(flow: boolean): number {
    const re = flow ? PLAIN_RUN_FLOW : PLAIN_RUN;
    const from = this.i;
    re.lastIndex = from;
    re.test(this.s);
    this.i = re.lastIndex;
    if (this.s[this.i] === ':') giveUp();
    let end = this.i;
    while (end > from && this.s[end - 1] === ' ') end--;
    return end;
  }

  /**
   * A plain scalar, folded over the following lines indented more than `parentIndent`
   * (in flow context: any following lines up to a flow indicator).
   */
  private plain(parentIndent: number, flow = false): Scalar {
    if (!this.plainStartOk(flow)) giveUp();
    const start = this.i;
    let end = this.plainLine(flow);
    let value = this.s.slice(start, end);
    for (;;) {
      // stopped at a comment or a flow indicator: the scalar ends here
      if (!isBreakOrEnd(this.s[this.i])) break;
      // look ahead for a continuation line
      let j = this.i;
      let breaks = 0;
      let lineStart = j;
      while (this.s[j] === '\n') {
        breaks++;
        lineStart = ++j;
        while (isSpace(this.s[j])) j++;
      }
      if (breaks === 0 || j >= this.s.length) break;
      const col = j - lineStart;
      const c = this.s[j]!;
      if (c === '#') break;
      if (!flow && col <= parentIndent) break;
      if (flow && (col <= parentIndent || FLOW_STOP.has(c))) {
        if (!this.flowLineIndentOk(col, parentIndent, c)) giveUp();
        break;
      }
      if (INDICATORS.has(c) && !(c === ':' || c === '?' || c === '-') ) giveUp();
      if ((c === '-' || c === ':' || c === '?') && isBlank(this.s[j + 1])) giveUp();
      this.i = j;
      const lineFrom = j;
      const lineTo = this.plainLine(flow);
      value += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
      value += this.s.slice(lineFrom, lineTo);
      end = lineTo;
    }
    this.i = end;
    return scalar(value, 'PLAIN', start, end);
  }

  private quoted(parentIndent: number, flow = false): Scalar {
    const start = this.i;
    const q = this.s[this.i]!;
    const double = q === '"';
    this.i++;
    let value = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) giveUp();
      if (c === q) {
        if (!double && this.s[this.i + 1] === "'") {
          value += "'";
          this.i += 2;
          continue;
        }
        this.i++;
        break;
      }
      if (c === '\\' && double) {
        const e = this.s[this.i + 1];
        if (e === '\n') {
          // escaped line break: joined without a space, leading spaces dropped
          this.i += 2;
          this.continuationIndent(parentIndent);
          if (this.s[this.i] === '\n') giveUp();
          continue;
        }
        value += this.escape();
        continue;
      }
      if (c === '\n' || c === ' ') {
        // a run of spaces either stays (inside the line) or is trimmed before a break
        let j = this.i;
        while (isSpace(this.s[j])) j++;
        if (this.s[j] !== '\n') {
          value += this.s.slice(this.i, j);
          this.i = j;
          continue;
        }
        let breaks = 0;
        while (this.s[j] === '\n') {
          breaks++;
          this.i = j + 1;
          this.continuationIndent(parentIndent);
          j = this.i;
          while (isSpace(this.s[j])) j++;
          if (this.s[j] !== '\n') break;
        }
        value += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
        continue;
      }
      value += c;
      this.i++;
    }
    const end = this.i;
    if (!flow) {
      // a quoted implicit key is not supported here
      let j = this.i;
      while (isSpace(this.s[j])) j++;
      if (this.s[j] === ':') giveUp();
    }
    return scalar(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', start, end);
  }

  /** At the start of a continuation line of a quoted scalar: skips its indentation. */
  private continuationIndent(parentIndent: number): void {
    let j = this.i;
    while (isSpace(this.s[j])) j++;
    if (this.s[j] !== '\n' && j - this.i <= parentIndent) giveUp();
    this.i = j;
  }

  private escape(): string {
    const e = this.s[this.i + 1];
    this.i += 2;
    switch (e) {
      case '0': return '\0';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 't': return '\t';
      case 'n': return '\n';
      case 'v': return '\v';
      case 'f': return '\f';
      case 'r': return '\r';
      case 'e': return '\x1b';
      case ' ': return ' ';
      case '"': return '"';
      case '/': return '/';
      case '\\': return '\\';
      case 'N': return '\u0085';
      case '_': return '\u00a0';
      case 'L': return '\u2028';
      case 'P': return '\u2029';
      case 'x': return this.hexEscape(2);
      case 'u': return this.hexEscape(4);
      case 'U': return this.hexEscape(8);
      default: return giveUp();
    }
  }

  private hexEscape(n: number): string {
    const h = this.s.slice(this.i, this.i + n);
    if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== n) giveUp();
    this.i += n;
    const cp = parseInt(h, 16);
    return cp > 0x10ffff ? giveUp() : String.fromCodePoint(cp);
  }

  private flowSeq(parentIndent: number): YAMLSeq {
    const seq = newSeq(true);
    const start = this.i;
    this.i++; // '['
    this.flowDepth++;
    for (;;) {
      this.flowSpace(parentIndent);
      const c = this.s[this.i];
      if (c === ']') {
        this.i++;
        break;
      }
      if (c === '[') seq.items.push(this.flowSeq(parentIndent));
      else if (c === '"' || c === "'") seq.items.push(this.quoted(parentIndent, true));
      else seq.items.push(this.plain(parentIndent, true));
      this.flowSpace(parentIndent);
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== ']') giveUp();
    }
    this.flowDepth--;
    setRange(seq, start, this.i);
    return seq;
  }

  /**
   * Lines inside a flow sequence are indented more than its parent, except that the
   * outermost sequence may close at the parent's indentation.
   */
  private flowLineIndentOk(col: number, parentIndent: number, first: string): boolean {
    return col > parentIndent || (col === parentIndent && first === ']' && this.flowDepth === 1);
  }

  /** Spaces, line breaks and comments between flow tokens; lines must stay indented. */
  private flowSpace(parentIndent: number): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ') this.i++;
      else if (c === '#' && isBlank(this.s[this.i - 1])) this.i = this.lineEnd();
      else if (c === '\n') {
        this.i++;
        let j = this.i;
        while (isSpace(this.s[j])) j++;
        const c2 = this.s[j];
        if (c2 !== undefined && c2 !== '\n' && c2 !== '#' && !this.flowLineIndentOk(j - this.i, parentIndent, c2)) giveUp();
      } else if (c === undefined) giveUp();
      else return;
    }
  }

  private blockScalar(parentIndent: number): Scalar {
    const start = this.i;
    const folded = this.s[this.i] === '>';
    this.i++;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    if (this.s[this.i] === '-') (chomp = 'strip'), this.i++;
    else if (this.s[this.i] === '+') (chomp = 'keep'), this.i++;
    if (!isBlank(this.s[this.i])) giveUp();
    this.endOfLine();
    // lines: [text without indentation | undefined for an empty line]
    const lines: (string | undefined)[] = [];
    let indent = -1;
    let end = this.i;
    let p = this.i < this.s.length ? this.i + 1 : this.i;
    while (p < this.s.length) {
      const le = this.lineEnd(p);
      let j = p;
      while (isSpace(this.s[j])) j++;
      if (j === le) {
        // only spaces: empty unless deeper than the content's indentation
        if (indent >= 0 ? j - p > indent : j > p) giveUp();
        lines.push(undefined);
        p = le + 1;
        continue;
      }
      const col = j - p;
      if (indent < 0) {
        if (col <= parentIndent) break;
        indent = col;
      } else if (col < indent) break;
      lines.push(this.s.slice(p + indent, le));
      end = le;
      p = le + 1;
    }
    if (indent < 0) giveUp();
    // trailing empty lines belong to the scalar only for chomping
    let trailing = 0;
    while (lines.length && lines[lines.length - 1] === undefined) (lines.pop(), trailing++);
    if (chomp === 'keep') giveUp(); // keeping trailing lines depends on what follows; rare
    let value = '';
    let prev: string | undefined;
    let empties = 0;
    let started = false;
    for (const line of lines) {
      if (line === undefined) {
        empties++;
        continue;
      }
      if (!started) {
        value += '\n'.repeat(empties);
        started = true;
      } else if (folded && prev![0] !== ' ' && line[0] !== ' ') {
        value += empties === 0 ? ' ' : '\n'.repeat(empties);
      } else value += '\n'.repeat(empties + 1);
      value += line;
      prev = line;
      empties = 0;
    }
    if (chomp === 'clip' && value !== '') value += '\n';
    void trailing;
    this.i = end;
    // the `yaml` package ends a block scalar after its last line break
    const s = scalar(value, folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', start, end);
    if (end < this.s.length) s.range = [start, end + 1, end + 1] as Range;
    return s;
  }
}
