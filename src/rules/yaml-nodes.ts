// Reading YAML nodes the way yaml-cpp presents them to Falco's loader: every scalar is a
// string until decoded, `~`/`null`/empty plain scalars are null, the first of duplicate
// keys wins, and decoding a scalar to a bool or an unsigned follows yaml-cpp's rules.
// Types only: the `yaml` package is loaded when a file needs it (see yaml-parse.ts).
import type { Alias, Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export type YNode = Node;

// How the `yaml` package marks its node classes (global symbols, so the nodes the fast
// reader builds are recognised too); yaml-nodes.test.ts checks these against the package.
export const NODE_TYPE: unique symbol = Symbol.for('yaml.node.type') as never;
export const ALIAS = Symbol.for('yaml.alias');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');

const nodeType = (n: unknown): symbol | undefined =>
  n !== null && typeof n === 'object' ? (n as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;
export const isAlias = (n: unknown): n is Alias => nodeType(n) === ALIAS;
export const isMap = (n: unknown): n is YAMLMap => nodeType(n) === MAP;
export const isScalar = (n: unknown): n is Scalar => nodeType(n) === SCALAR;
export const isSeq = (n: unknown): n is YAMLSeq => nodeType(n) === SEQ;

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** Resolves aliases and gives the node a value stands for, or undefined when absent. */
export function deref(doc: Document.Parsed, v: unknown): YNode | undefined {
  let n = v;
  for (let hops = 0; isAlias(n) && hops < 64; hops++) n = n.resolve(doc);
  return n === null || n === undefined || isAlias(n) ? undefined : (n as YNode);
}

export const isNullNode = (n: YNode | null | undefined): boolean =>
  n === null || n === undefined || (isScalar(n) && n.type === 'PLAIN' && NULL_WORDS.has(String(n.value)));

export const isScalarNode = (n: YNode | undefined): n is Scalar => isScalar(n) && !isNullNode(n);
export const isMapNode = (n: YNode | undefined): n is YAMLMap => isMap(n);
export const isSeqNode = (n: YNode | undefined): n is YAMLSeq => isSeq(n);

export const scalarText = (n: Scalar): string => String(n.value ?? '');

/** The node's start offset (UTF-16 index), where yaml-cpp's mark would be. */
export const nodeStart = (n: YNode | undefined): number => n?.range?.[0] ?? 0;

/** A key of a map as yaml-cpp would compare it: scalars by their text. */
function keyText(doc: Document.Parsed, k: unknown): string | undefined {
  const n = deref(doc, k);
  return n && isScalar(n) ? scalarText(n) : undefined;
}

/** The pair for `key` in a map (the first one when the key repeats). */
export function getPair(doc: Document.Parsed, map: YAMLMap, key: string): Pair | undefined {
  for (const p of map.items as Pair[]) if (keyText(doc, p.key) === key) return p;
  return undefined;
}

/** A present key: `defined` tells absent from null (`key:` with no value). */
export interface Entry {
  readonly defined: boolean;
  readonly node: YNode | undefined;
  /** Offset to report for the value: the value node, or the key when the value is empty. */
  readonly at: number;
}

export function getEntry(doc: Document.Parsed, map: YAMLMap, key: string): Entry {
  const p = getPair(doc, map, key);
  if (!p) return { defined: false, node: undefined, at: nodeStart(map) };
  const node = deref(doc, p.value);
  const keyNode = deref(doc, p.key);
  const at = node?.range ? node.range[0] : keyNode?.range ? keyNode.range[1] : nodeStart(map);
  return { defined: true, node, at };
}

/** Iterates a map's pairs with resolved key text and value nodes. */
export function* mapEntries(doc: Document.Parsed, map: YAMLMap): Generator<{ key: string | undefined; keyNode: YNode | undefined; value: YNode | undefined }> {
  for (const p of map.items as Pair[]) {
    const keyNode = deref(doc, p.key);
    yield { key: keyText(doc, p.key), keyNode, value: deref(doc, p.value) };
  }
}

export function seqItems(doc: Document.Parsed, seq: YAMLSeq): (YNode | undefined)[] {
  return seq.items.map((i) => deref(doc, i));
}

const TRUE_WORDS = ['y', 'yes', 'true', 'on'];
const FALSE_WORDS = ['n', 'no', 'false', 'off'];

/** yaml-cpp accepts a word in lower case, upper case, or capitalised. */
const flexibleCase = (s: string): boolean =>
  s === s.toLowerCase() || s === s.toUpperCase() || (s[0] === s[0]!.toUpperCase() && s.slice(1) === s.slice(1).toLowerCase());

export function decodeBool(s: string): boolean | undefined {
  if (!flexibleCase(s)) return undefined;
  const w = s.toLowerCase();
  if (TRUE_WORDS.includes(w)) return true;
  if (FALSE_WORDS.includes(w)) return false;
  return undefined;
}

/** yaml-cpp's unsigned 32-bit decoding: decimal, 0x hex or leading-0 octal, no sign. */
export function decodeUint32(s: string): number | undefined {
  const m = /^\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[ \t\r\n\f\v]*$/.exec(s);
  if (!m) return undefined;
  const t = m[1]!;
  const v = /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : t.length > 1 && t[0] === '0' ? parseInt(t, 8) : Number(t);
  return Number.isFinite(v) && v <= 0xffffffff ? v : undefined;
}
