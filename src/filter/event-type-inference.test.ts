import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from './condition-parser.js';
import { inferEventTypes } from './event-type-inference.js';
import { FilterCompileError } from './filter-errors.js';
import { TEST_EVENTS, testCatalog } from './condition-test-fixtures.js';

const catalog = testCatalog();
const infer = (cond: string) => {
  const r = inferEventTypes(parseCondition(cond), catalog);
  return r.all ? 'all' : [...r.names].sort().join(',');
};
const allBut = (...xs: string[]) => TEST_EVENTS.filter((e) => !xs.includes(e)).sort().join(',');

// the falco_rules_warnings.yaml cases of Falco's regression suite, plus more
const CASES: [string, string][] = [
  ['evt.type=execve', 'execve'],
  ['proc.name=foo', 'all'],
  ['evt.type!=execve', allBut('execve')],
  ['not evt.type=execve', allBut('execve')],
  ['evt.type=execve and proc.name!=foo', 'execve'],
  ['evt.type=execve and not proc.name=foo', 'execve'],
  ['evt.type=execve and proc.name=foo or evt.type=open', 'execve,open'],
  ['evt.type=execve and proc.name=foo or evt.type=open or evt.type=connect', 'connect,execve,open'],
  ['evt.type=execve and proc.name=foo or evt.type in (open, connect)', 'connect,execve,open'],
  ['evt.type=execve and proc.name=foo or evt.type=open or evt.type!=connect', allBut('connect')],
  ['evt.type=execve and proc.name=foo or evt.type=open or not evt.type=connect', allBut('connect')],
  ['evt.type=execve and not proc.name=foo or evt.type=open', 'execve,open'],
  ['evt.type=execve and not proc.name in (foo, bar) or evt.type in (open, connect)', 'connect,execve,open'],
  ['evt.type in (execve, open)', 'execve,open'],
  ['evt.type in (execve, open) or evt.type!=connect', allBut('connect')],
  ['not evt.type in (execve, open)', allBut('execve', 'open')],
  ['not evt.type in (execve, open) and evt.type=connect', 'connect'],
  ['not (evt.type = open or evt.type = close)', allBut('open', 'close')],
  ['not (evt.type = open and proc.name = x)', 'all'],
  ['not evt.type != open', 'open'],
  ['evt.type = open and evt.type = close', ''],
  ['evt.type exists', 'all'],
  ['evt.type startswith open', 'all'],
  ['evt.type = anyof (open, close)', 'all'],
  ['syscall.type = open', 'open'],
  ['evt.num = 0', ''],
  ['evt.num = 0 and evt.type = open', ''],
  ['not evt.num = 0', 'all'],
  ['evt.num > 0 and evt.type = open', 'open'],
  ['evt.type = sendto', ''],
];

for (const [cond, expected] of CASES) {
  test(`event types of: ${cond}`, () => assert.equal(infer(cond), expected));
}

test('unknown event type names fail with Falco\'s message and position', () => {
  assert.throws(() => infer('evt.type in (open, list_a)'), (e: unknown) => {
    assert.ok(e instanceof FilterCompileError);
    assert.equal(e.message, 'unknown event type list_a');
    assert.equal(e.code, 'FILTER_UNKNOWN_EVENT_TYPE');
    assert.equal(e.column, 20);
    return true;
  });
  assert.throws(() => infer('proc.name = a or evt.type = nope'), /^FilterCompileError: unknown event type nope$/);
});

test('evt.type compared with a field or under a transformer is refused', () => {
  assert.throws(() => infer('evt.type = val(proc.name)'), /right-hand field comparisons on `evt.type`/);
  assert.throws(() => infer('tolower(evt.type) = open'), /does not support `evt.type` checks with transformers/);
});
