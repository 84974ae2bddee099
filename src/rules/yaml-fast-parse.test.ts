import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { parseRulesYamlFast } from './yaml-fast-parse.js';
import * as Y from './yaml-nodes.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';

// The fast reader must either give up or build exactly what the `yaml` package builds:
// same shapes, values, scalar styles and offsets. It must never accept what the `yaml`
// package reports as an error.

function shape(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isMap(n)) return { map: n.range?.[0], items: n.items.map((p) => [shape(p.key), shape(p.value)]) };
  if (isSeq(n)) return { seq: n.range?.[0], items: n.items.map(shape) };
  if (isScalar(n)) return { value: n.value, type: n.type, start: n.range?.[0], end: n.range?.[1] };
  return { other: String(n) };
}

/** 'fast' when the reader accepted the text (and agreed), 'fallback' otherwise. */
function compare(text: string): 'fast' | 'fallback' {
  const fast = parseRulesYamlFast(text);
  if (!fast) return 'fallback';
  const docs = parseAllDocuments(text, { uniqueKeys: false, schema: 'failsafe', prettyErrors: false });
  const all = Array.isArray(docs) ? docs : [docs];
  assert.equal(all.length, 1, `one document: ${JSON.stringify(text)}`);
  assert.deepEqual(all[0]!.errors.map((e) => e.code), [], `accepted invalid YAML: ${JSON.stringify(text)}`);
  assert.deepEqual(shape(fast[0]!.contents), shape(all[0]!.contents), JSON.stringify(text));
  return 'fast';
}

const SHARED = CONFORMANCE_DIR;
const files = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`);
  } catch {
    return [];
  }
};

test('upstream rules files are read fast, and as the yaml package reads them', (t) => {
  const upstream = files(`${SHARED}/upstream-rules`);
  if (!upstream.length) return t.skip('no upstream rules here');
  for (const f of upstream) assert.equal(compare(readFileSync(f, 'utf8')), 'fast', f);
});

test('legacy suite rules files: fast or fallback, never different', () => {
  for (const f of files(`${SHARED}/legacy-suite/rules`)) compare(readFileSync(f, 'utf8'));
});

const CASES: [string, 'fast' | 'fallback'][] = [
  ['- a: >\n    x\n     y\n\n    z\n  b: 1\n', 'fast'],
  ['- a: >\n    x\n\n\n     y\n    z\n\n  b: 1\n', 'fast'],
  ['- a: >-\n    x\n    y\n\n', 'fast'],
  ['- a: |\n    x\n     y\n\n    z\n', 'fast'],
  ['- a: |-\n    x\n    y\n- b\n', 'fast'],
  ['- a: >\n\n    x\n', 'fast'],
  ['- a: >\n    a\n    \n    b\n', 'fast'],
  ['- a: "x\n\n   y  \n   z"\n', 'fast'],
  ["- a: 'it''s\n    multi  \n\n    line'\n", 'fast'],
  ['- a: [x, "y", \'z\', [p, q],\n      r s, t\n    ]\n', 'fast'],
  ['- a: [x, y,]\n', 'fast'],
  ['- a: [ ]\n', 'fast'],
  ['- a: [\n    x\n  ]\n', 'fast'],
  ['- a: [x, # c\n    y]\n', 'fast'],
  ['- a: x # c\n  b: y#z\n', 'fast'],
  ['- a: x\n    y\n\n    z\n  b: c\n', 'fast'],
  ['- a:\n    x\n  b: c\n', 'fast'],
  ['- a:\n    - x\n    - [y]\n', 'fast'],
  ['- - a\n  - b\n- c\n', 'fast'],
  ['-\n  a: b\n', 'fast'],
  ['- a: "\\x41\\u00e9\\t\\\\ \\" \\/"\n', 'fast'],
  ['- a: "a\\\n    b"\n', 'fast'],
  ['- a: -x\n  b: ?y\n  c: :z\n', 'fast'],
  ['- a: [http://x, a:b]\n', 'fast'],
  ['# only\n- a: b\n# end', 'fast'],
  ['- a: "é ü"\n  b: ñ\n', 'fast'],
  ['a: b\nc:\n- d\n', 'fast'],
  ['- a:\n  - x\n  - y\n  b: c\n', 'fast'],
  ['- a:\n  - x\n\n  # c\n  b:\n  - y\n', 'fast'],
  ['- a: x\n  a: y\n', 'fast'],
  ["- a: ''''\n", 'fast'],
  // outside the subset, or errors: left to the yaml package
  ['- a: >\n    x\n  # c\n    y\n', 'fallback'],
  ['- a: b: c\n', 'fallback'],
  ['- a: x\n   b: y\n', 'fallback'],
  ['- a: [a: b]\n', 'fallback'],
  ['- a: >+\n    x\n\n- b\n', 'fallback'],
  ['- a: "x" y\n', 'fallback'],
  ['- a: [\n  x]\n', 'fallback'],
  ['- a: [\n    [x\n  ]]\n', 'fallback'],
  ['- a: |2\n    x\n', 'fallback'],
  ['- a: &x b\n', 'fallback'],
  ['- a: !!str b\n', 'fallback'],
  ['- a: {b: c}\n', 'fallback'],
  ['- a:\n- b\n', 'fallback'],
  ['---\n- a: b\n', 'fallback'],
  ['- a: b\r\n', 'fallback'],
  ['- a:\tb\n', 'fallback'],
  ['', 'fallback'],
];

for (const [text, expected] of CASES) {
  test(`fast YAML reader: ${JSON.stringify(text)}`, () => assert.equal(compare(text), expected));
}

test('fast YAML reader under random edits of a rules file agrees or gives up', (t) => {
  const src = `${SHARED}/upstream-rules/falco_rules.yaml`;
  let base: string;
  try {
    base = readFileSync(src, 'utf8');
  } catch {
    return t.skip('no upstream rules here');
  }
  const PIECES = [' ', '  ', '\n', '\n\n', '"', "'", '\\', ':', ': ', '- ', '#', ' #', '[', ']', ',', '>', '|', '>-',
    '\n    ', '\n  ', '\n      x', '{', '&a', '*a', '!', '\\n', "''", '\n- ', 'a: b', '\n  - '];
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let fast = 0;
  for (let k = 0; k < 1500; k++) {
    const a = base.lastIndexOf('\n- ', rnd(base.length)) + 1;
    let text = base.slice(a, a + 300 + rnd(1200));
    for (let e = 1 + rnd(3); e > 0; e--) {
      const p = rnd(text.length + 1);
      text = rnd(3) === 0 ? text.slice(0, p) + text.slice(p + 1 + rnd(3)) : text.slice(0, p) + PIECES[rnd(PIECES.length)] + text.slice(p);
    }
    if (compare(text) === 'fast') fast++;
  }
  assert.ok(fast > 500, `the fast path was taken ${fast} times`);
});

test('node kinds are recognised as the yaml package recognises them, for its nodes and the fast reader\'s', () => {
  const text = '- a: &x [b, "c"]\n  d: *x\n  e: >\n    f\n';
  const nodes: unknown[] = [];
  const walk = (n: unknown): void => {
    nodes.push(n);
    if (isMap(n)) for (const p of n.items) (nodes.push(p), walk(p.key), walk(p.value));
    if (isSeq(n)) n.items.forEach(walk);
  };
  walk(parseDocument(text).contents);
  walk(parseRulesYamlFast('- a: [b, "c"]\n  e: >\n    f\n')![0]!.contents);
  assert.ok(nodes.some((n) => isAlias(n)));
  for (const n of nodes) {
    assert.equal(Y.isMap(n), isMap(n));
    assert.equal(Y.isSeq(n), isSeq(n));
    assert.equal(Y.isScalar(n), isScalar(n));
    assert.equal(Y.isAlias(n), isAlias(n));
    assert.ok(isMap(n) || isSeq(n) || isScalar(n) || isAlias(n) || isPair(n), String(n));
  }
});
