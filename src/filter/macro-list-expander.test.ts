import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from './condition-parser.js';
import { formatCondition } from './condition-formatter.js';
import { expandMacrosAndLists, listItemValue } from './macro-list-expander.js';

const env = (macros: Record<string, string>, lists: Record<string, string[]>) => ({
  macros: new Map(Object.entries(macros).map(([k, v]) => [k, parseCondition(v)])),
  lists: new Map(Object.entries(lists)),
});

const run = (cond: string, e: ReturnType<typeof env>) => {
  const r = expandMacrosAndLists(parseCondition(cond), e);
  return { ...r, text: formatCondition(r.ast) };
};

test('macros are replaced by their conditions, recursively', () => {
  const e = env({ spawned: 'evt.type = execve and shell', shell: 'proc.name in (bash, sh)' }, {});
  const r = run('spawned and not proc.pid = 1', e);
  assert.equal(r.text, '(evt.type = execve and proc.name in (bash, sh)) and not proc.pid = 1');
  assert.deepEqual([...r.usedMacros].sort(), ['shell', 'spawned']);
  assert.deepEqual(r.undefinedMacros, []);
});

test('undefined identifiers are reported with their position', () => {
  const r = run('proc.name = a and foo or\n bar', env({}, {}));
  assert.deepEqual(r.undefinedMacros.map((u) => [u.name, u.pos.line, u.pos.column]), [['foo', 1, 19], ['bar', 2, 2]]);
  assert.equal(r.text, 'proc.name = a and foo or bar');
});

test('macro loops are reported in Falco wording', () => {
  const e = env({ a: 'b', b: 'a' }, {});
  const r = run('a', e);
  assert.deepEqual(r.errors.map((x) => x.message), ["reference loop in macro 'a'"]);
});

test('list names in value lists are replaced by their items, nested lists too', () => {
  const e = env({}, { shells: ['bash', 'sh', 'more_shells'], more_shells: ['zsh', '"fish shell"'] });
  const r = run('proc.name in (shells, csh) and proc.name in shells and proc.name startswith anyof shells', e);
  assert.equal(r.text,
    'proc.name in (bash, sh, zsh, "fish shell", csh) and proc.name in (bash, sh, zsh, "fish shell") and proc.name startswith anyof (bash, sh, zsh, "fish shell")');
  assert.deepEqual([...r.usedLists].sort(), ['more_shells', 'shells']);
});

test('quoted values and names that are not lists stay as written', () => {
  const e = env({}, { shells: ['bash'] });
  assert.equal(run('proc.name in ("shells", other)', e).text, 'proc.name in ("shells", other)');
  assert.equal(run('proc.name = shells', e).text, 'proc.name = bash');
});

test('an empty list expands to an empty value list', () => {
  const e = env({}, { empty: [] });
  assert.equal(run('proc.name in (empty)', e).text, 'proc.name in ()');
  assert.equal(run('proc.name in (a, empty, b)', e).text, 'proc.name in (a, b)');
});

test('list loops stop expanding and leave the name as a value (unknown event type list_a)', () => {
  const e = env({}, { list_a: ['list_b'], list_b: ['list_a'] });
  assert.equal(run('evt.type in (list_a)', e).text, 'evt.type in (list_a)');
});

test('list items are read as the parser would read them after substitution', () => {
  assert.equal(listItemValue('"/usr/bin/a b"'), '/usr/bin/a b');
  assert.equal(listItemValue("'x'"), 'x');
  assert.equal(listItemValue('plain'), 'plain');
  assert.equal(listItemValue('"unterminated'), '"unterminated');
});

test('the input AST is left untouched and unchanged subtrees are shared', () => {
  const ast = parseCondition('proc.name = a and m');
  const r = expandMacrosAndLists(ast, env({ m: 'proc.pid = 1' }, {}));
  assert.equal(formatCondition(ast), 'proc.name = a and m');
  assert.ok(Object.isFrozen(r.ast));
  assert.equal((r.ast as unknown as { children: unknown[] }).children[0], (ast as unknown as { children: unknown[] }).children[0]);
});
