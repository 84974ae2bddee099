import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasAnyTag, matchesSubstring, matchesWildcard } from './rule-selector.js';

test('substring selection; the empty string selects everything', () => {
  assert.ok(matchesSubstring('', 'anything'));
  assert.ok(matchesSubstring('cat', 'open_from_cat'));
  assert.ok(!matchesSubstring('dog', 'open_from_cat'));
});

test('wildcards match like Falco: literal pieces at their first occurrence', () => {
  assert.ok(matchesWildcard('abc', 'abc'));
  assert.ok(!matchesWildcard('abc', 'abcd'));
  assert.ok(matchesWildcard('*', ''));
  assert.ok(matchesWildcard('**', 'x'));
  assert.ok(matchesWildcard('Write*', 'Write below etc'));
  assert.ok(matchesWildcard('*below*', 'Write below etc'));
  assert.ok(matchesWildcard('*etc', 'Write below etc'));
  assert.ok(matchesWildcard('W*b*w*c', 'Write below etc'));
  assert.ok(!matchesWildcard('*root', 'Write below etc'));
  // no backtracking: the first "ab" is taken, leaving "ab" for an empty rest
  assert.ok(!matchesWildcard('*ab', 'abab'));
});

test('tag intersection', () => {
  assert.ok(hasAnyTag(['a', 'b'], new Set(['b'])));
  assert.ok(!hasAnyTag([], new Set(['b'])));
});
