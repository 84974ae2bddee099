import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSlug, expandedId, leftoverPlaceholders, matrixCombinations, placeholderText, substitute } from './case-expander.js';

test('matrix combinations are the cartesian product, first variable slowest', () => {
  const c = matrixCombinations({ a: [1, 2], b: ['x', 'y', 'z'] });
  assert.equal(c.length, 6);
  assert.deepEqual(c.map((m) => `${m.get('a')}${m.get('b')}`), ['1x', '1y', '1z', '2x', '2y', '2z']);
  assert.deepEqual(matrixCombinations({}).map((m) => m.size), [0]);
});

test('a string that is exactly one placeholder takes the value as it is', () => {
  const vars = new Map<string, unknown>([['argv', ['grep', '-r', 'x']], ['port', 3333]]);
  assert.deepEqual(substitute({ argv: '{{argv}}', port: '{{port}}' }, vars), { argv: ['grep', '-r', 'x'], port: 3333 });
});

test('inside a longer string the value is written as text; map keys are substituted too', () => {
  const vars = new Map<string, unknown>([['f', '/etc/shadow'], ['argv', ['a', 'b']], ['k', 'fd.name']]);
  assert.deepEqual(substitute({ s: 'read {{f}} now', t: '[{{argv}}]', m: { '{{k}}': '{{f}}' } }, vars), { s: 'read /etc/shadow now', t: '[a b]', m: { 'fd.name': '/etc/shadow' } });
});

test('unknown placeholders are left for the next pass and can be listed', () => {
  const once = substitute({ p: '{{work}}/{{f}}', q: ['{{case}}'] }, new Map([['f', 'x']]));
  assert.deepEqual(once, { p: '{{work}}/x', q: ['{{case}}'] });
  assert.deepEqual([...leftoverPlaceholders(once)].sort(), ['case', 'work']);
});

test('matrix values may carry {{case}} and {{work}}, substituted afterwards', () => {
  const step1 = substitute({ path: '{{file}}' }, new Map([['file', '{{work}}/a']]));
  assert.deepEqual(substitute(step1, new Map([['work', '/w/c']])), { path: '/w/c/a' });
});

test('expanded ids and slugs', () => {
  const id = expandedId('read', new Map<string, unknown>([['file', '/etc/shadow'], ['argv', ['rm', '-rf']]]));
  assert.equal(id, 'read[file=/etc/shadow,argv=rm -rf]');
  assert.equal(expandedId('plain', new Map()), 'plain');
  assert.equal(caseSlug(id), 'read-file-etc-shadow-argv-rm-rf');
  assert.equal(caseSlug('A__b'), 'a-b');
  assert.equal(placeholderText({ a: 1 }), '{"a":1}');
});
