import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldText, matchCase, type Alert } from './alert-matcher.js';
import type { Expectation } from './test-case.js';

const alert = (rule: string, fields: Record<string, unknown>, priority = 'Warning', output = 'text'): Alert => ({ rule, priority, output, output_fields: fields });
const expect = (e: Partial<Expectation> = {}): Expectation => ({ rule: 'R', outputFields: {}, outputContains: [], ...e });

test('expect none: passes without alerts of the rule, fails with one', () => {
  assert.equal(matchCase('R', null, []).pass, true);
  assert.equal(matchCase('R', null, [alert('Other', {})]).pass, true);
  const v = matchCase('R', null, [alert('R', {}, 'Warning', 'bad thing')]);
  assert.equal(v.pass, false);
  assert.match(v.reason!, /expected no alert of "R", got 1: bad thing/);
});

test('a positive case passes when one alert agrees on everything', () => {
  const e = expect({ priority: 'warning', outputFields: { 'proc.name': 'cat', 'fd.sport': '3333' }, outputContains: ['shadow'] });
  const hits = [alert('R', { 'proc.name': 'sh', 'fd.sport': 3333 }), alert('R', { 'proc.name': 'cat', 'fd.sport': 3333 }, 'Warning', 'read /etc/shadow')];
  assert.deepEqual(matchCase('R', e, hits), { pass: true, diffs: [] });
});

test('a failure lists the differing fields of the closest alert', () => {
  const e = expect({ priority: 'Critical', outputFields: { 'proc.name': 'cat', 'fd.name': '/etc/shadow', 'user.name': 'root' } });
  const v = matchCase('R', e, [alert('R', { 'proc.name': 'dog', 'fd.name': '/x', 'user.name': 'nobody' }), alert('R', { 'proc.name': 'cat', 'fd.name': '/etc/shadow', 'user.name': null })]);
  assert.equal(v.pass, false);
  assert.deepEqual(v.diffs, [
    { field: 'priority', expected: 'Critical', got: 'Warning' },
    { field: 'user.name', expected: 'root', got: '<NA>' },
  ]);
});

test('a field absent from the output says so', () => {
  const v = matchCase('R', expect({ outputFields: { 'container.id': 'abc' } }), [alert('R', {})]);
  assert.deepEqual(v.diffs, [{ field: 'container.id', expected: 'abc', got: "<NA> (not in the rule's output)" }]);
});

test('no alert of the rule: the reason names the rules the case did raise', () => {
  const v = matchCase('R', expect(), [alert('Other', {})]);
  assert.equal(v.pass, false);
  assert.match(v.reason!, /got none \(the case's processes raised: Other\)/);
  assert.deepEqual(v.diffs, [{ field: 'rule', expected: 'R', got: 'Other' }]);
  assert.equal(fieldText(12), '12');
});
