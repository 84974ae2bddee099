import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleTestUsageError, parseRuleTestOptions } from './rule-test-options.js';

test('paths, repeatable -r, --case, --image, -o and flags', () => {
  const o = parseRuleTestOptions(['rules/tests/', '-r', 'a.yaml', '-r', 'b.yaml', '--json', '--case', 'x', '--case=y', '--timeout', '500', '--image', 'debian=localhost/deb:1', '-o', 'rule_matching=all', '-v', 'more.yaml']);
  assert.deepEqual(o, {
    paths: ['rules/tests/', 'more.yaml'],
    rulesFiles: ['a.yaml', 'b.yaml'],
    json: true,
    list: false,
    help: false,
    casePatterns: ['x', 'y'],
    timeoutMs: 500,
    images: { debian: 'localhost/deb:1' },
    verbose: true,
    overrides: ['rule_matching=all'],
  });
});

test('usage errors', () => {
  assert.throws(() => parseRuleTestOptions([]), RuleTestUsageError);
  assert.throws(() => parseRuleTestOptions(['f', '-r']), /option '-r' needs a value/);
  assert.throws(() => parseRuleTestOptions(['f', '--timeout', '0']), /positive number/);
  assert.throws(() => parseRuleTestOptions(['f', '--image', 'noequals']), /alias=reference/);
  assert.throws(() => parseRuleTestOptions(['f', '--what']), /unknown option '--what'/);
  assert.equal(parseRuleTestOptions(['--help']).help, true);
});
