import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from './condition-parser.js';
import { collectConditionWarnings } from './condition-warnings.js';

const codes = (cond: string) => collectConditionWarnings(parseCondition(cond)).map((w) => (w.field ? `${w.code}:${w.field}` : w.code));

test('comparing k8s audit / json fields with <NA> warns once', () => {
  assert.deepEqual(codes('ka.user.name = <NA>'), ['LOAD_UNSAFE_NA_CHECK']);
  assert.deepEqual(codes('ka.user.name in (a, "<NA>") or jevt.value[/x] != <NA>'), ['LOAD_UNSAFE_NA_CHECK']);
  assert.deepEqual(codes('ka.user.name startswith <NA>'), []);
  assert.deepEqual(codes('proc.name = <NA>'), []);
});

test('deprecated fields warn once each', () => {
  assert.deepEqual(codes('evt.dir = < and evt.dir = > and evt.latency > 1 and proc.name exists'),
    ['LOAD_DEPRECATED_ITEM:evt.dir', 'LOAD_DEPRECATED_ITEM:evt.latency']);
  assert.deepEqual(codes('tolower(evt.dir) exists'), ['LOAD_DEPRECATED_ITEM:evt.dir']);
});
