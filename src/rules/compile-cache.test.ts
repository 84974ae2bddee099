// Reusing compile results from one load to the next must never show: every check here
// compares a loader that loaded files one after another with what a fresh compile gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { formatCondition } from '../filter/index.js';
import { RulesLoader, loadResultToJson, type CompiledRule } from './index.js';
import { CompileCache } from './compile-cache.js';
import { parseCondition } from '../filter/index.js';

const registry = createDefaultRegistry();
const loader = (): RulesLoader => new RulesLoader({ registry, catalog: syscallEventCatalog });

const RULE = (name: string, cond: string): string =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: "o %proc.name"\n  priority: WARNING\n`;

const summary = (r: CompiledRule) => ({
  name: r.name,
  ast: formatCondition(r.ast),
  events: r.eventTypes?.all ? 'all' : [...(r.eventTypes?.names ?? [])].sort().join(','),
});

/** Loads `files` in order on one loader; also each prefix merged into one file on a fresh loader. */
function check(files: string[]) {
  const l = loader();
  const results = files.map((f, i) => loadResultToJson(l.load(`f${i}.yaml`, f)));
  const fresh = loader();
  fresh.load('all.yaml', files.join('\n'));
  assert.deepEqual(l.rules().map(summary), fresh.rules().map(summary));
  assert.deepEqual(l.macros().map((m) => [m.name, m.used]), fresh.macros().map((m) => [m.name, m.used]));
  assert.deepEqual(l.lists().map((x) => [x.name, x.items, x.used]), fresh.lists().map((x) => [x.name, x.items, x.used]));
  return { l, results };
}

test('a list appended by a later file changes rules compiled earlier', () => {
  const { l } = check([
    '- list: bins\n  items: [cat]\n- macro: m\n  condition: proc.name in (bins)\n' + RULE('r', 'm and evt.type=open'),
    '- list: bins\n  items: [dog]\n  append: true\n',
  ]);
  assert.match(formatCondition(l.rules()[0]!.ast), /cat.*dog/);
});

test('a macro redefined or appended by a later file changes rules compiled earlier', () => {
  const { l } = check([
    '- macro: m\n  condition: evt.type=open\n' + RULE('r', 'm'),
    '- macro: m\n  condition: evt.type=close\n',
    '- macro: m\n  condition: or evt.type=execve\n  append: true\n',
  ]);
  assert.deepEqual([...l.rules()[0]!.eventTypes!.names].sort(), ['close', 'execve']);
});

test('a list defined by a later file turns a bare word into the list', () => {
  check([
    '- macro: m\n  condition: proc.name in (later)\n' + RULE('r', 'm and evt.type=open'),
    '- list: later\n  items: [a, b]\n',
  ]);
});

test('warnings of earlier files repeat in later results, as without reuse', () => {
  const first = '- macro: unused\n  condition: proc.name=x\n' + RULE('r', 'evt.type=open and proc.name=a');
  const { results } = check([first, RULE('s', 'evt.type=close')]);
  const codes = (r: unknown) => (r as { warnings: { code: string }[] }).warnings.map((w) => w.code);
  assert.deepEqual(codes(results[0]), ['LOAD_UNUSED_MACRO']);
  assert.deepEqual(codes(results[1]), ['LOAD_UNUSED_MACRO']);
});

test('a shared macro is inferred both plain and negated', () => {
  const { l } = check(['- macro: m\n  condition: evt.type=open\n' + RULE('a', 'm') + RULE('b', 'not m and evt.type in (open, close)')]);
  assert.deepEqual(l.rules().map(summary).map((s) => s.events), ['open', 'close']);
});

test('compile errors are reported again by every load', () => {
  const l = loader();
  const r1 = l.load('a.yaml', RULE('r', 'evt.type=open and nosuch.field=1'));
  const r2 = l.load('b.yaml', '- list: x\n  items: [a]\n');
  assert.equal(r1.successful, false);
  assert.equal(r2.successful, false);
  assert.deepEqual(r2.errors.map((e) => e.message), r1.errors.map((e) => e.message));
});

test('an expansion is reused only while the names it looked up are unchanged', () => {
  const cache = new CompileCache(registry);
  const ast = parseCondition('proc.name in (l) and m');
  const macros = new Map([['m', parseCondition('evt.type=open')]]);
  const lists = new Map([['l', cache.internList('l', ['a'])]]);
  const first = cache.expand(ast, macros, lists);
  assert.equal(cache.expand(ast, macros, new Map([['l', cache.internList('l', ['a'])]])), first);
  const changed = cache.expand(ast, macros, new Map([['l', cache.internList('l', ['a', 'b'])]]));
  assert.notEqual(changed, first);
  assert.match(formatCondition(changed.ast), /a, b/);
  const otherMacro = cache.expand(ast, new Map([['m', parseCondition('evt.type=close')]]), lists);
  assert.notEqual(otherMacro.ast, first.ast);
});
