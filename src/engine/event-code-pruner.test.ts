import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from '../filter/index.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { canMatchCode } from './event-code-pruner.js';
import { RuleEngine } from './rule-engine.js';
import type { EngineRule } from './engine-rule.js';
import { Priority } from '../rules/priority.js';

const [OPEN_E, OPEN_X] = syscallEventCatalog.codes('open') as [number, number];
const CLOSE_X = syscallEventCatalog.codes('close')[1]!;

test('codes whose evt.type or evt.dir rule the condition out are dropped', () => {
  const exitsOnly = parseCondition('evt.type in (open, openat) and evt.dir = < and fd.name startswith /etc');
  assert.equal(canMatchCode(exitsOnly, OPEN_E), false);
  assert.equal(canMatchCode(exitsOnly, OPEN_X), true);
  assert.equal(canMatchCode(exitsOnly, CLOSE_X), false);
  // generic events report the syscall's name: their evt.type is not known ahead
  assert.equal(canMatchCode(exitsOnly, 1), true);
  assert.equal(canMatchCode(exitsOnly, 0), false);
});

test('only a definitely false condition drops a code', () => {
  assert.equal(canMatchCode(parseCondition('evt.dir = < or proc.name = sh'), OPEN_E), true);
  assert.equal(canMatchCode(parseCondition('not evt.dir = >'), OPEN_E), false);
  assert.equal(canMatchCode(parseCondition('not (evt.dir = > and proc.name = sh)'), OPEN_E), true);
  assert.equal(canMatchCode(parseCondition('evt.type != open'), OPEN_X), false);
  assert.equal(canMatchCode(parseCondition('evt.type != open'), CLOSE_X), true);
  assert.equal(canMatchCode(parseCondition('evt.type contains op'), CLOSE_X), true);
});

test('the engine skips a rule on the codes its condition rules out', () => {
  let calls = 0;
  const rule: EngineRule = {
    name: 'exits', source: 'syscall', priority: Priority.Warning, tags: [], enabled: true,
    eventTypes: { all: false, names: new Set(['open']) },
    ast: parseCondition('evt.type = open and evt.dir = <'),
    match: () => { calls++; return true; },
    outputTemplate: { text: 'x', source: 'syscall', requireAllValues: true, segments: [{ kind: 'text', text: 'x' }], fieldTexts: [] },
  };
  const e = new RuleEngine();
  e.addRules([rule]);
  const rs = e.ruleset('syscall');
  assert.equal(e.process(rs, OPEN_E, {}, () => {}), 0);
  assert.equal(calls, 0);
  assert.equal(e.process(rs, OPEN_X, {}, () => {}), 1);
  assert.equal(calls, 1);
});

test('a generic event is tried only against the rules naming its syscall', async () => {
  const { genericIndexCode, genericIndexCodeOf } = await import('./generic-index-codes.js');
  const calls: string[] = [];
  const mk = (name: string, types: string[], cond: string): EngineRule => ({
    name, source: 'syscall', priority: Priority.Warning, tags: [], enabled: true,
    eventTypes: { all: false, names: new Set(types) }, ast: parseCondition(cond),
    match: () => { calls.push(name); return false; },
    outputTemplate: { text: 'x', source: 'syscall', requireAllValues: true, segments: [{ kind: 'text', text: 'x' }], fieldTexts: [] },
  });
  const e = new RuleEngine();
  e.addRules([mk('prctl', ['arch_prctl'], 'evt.type = arch_prctl'), mk('mprotect', ['mprotect'], 'evt.type = mprotect and evt.dir = <')]);
  const rs = e.ruleset('syscall');
  assert.notEqual(genericIndexCodeOf('arch_prctl'), undefined);
  e.process(rs, genericIndexCode(1, 'arch_prctl'), {}, () => {});
  assert.deepEqual(calls, ['prctl']);
  calls.length = 0;
  e.process(rs, genericIndexCode(0, 'mprotect'), {}, () => {});
  assert.deepEqual(calls, []);
  e.process(rs, genericIndexCode(1, 'mprotect'), {}, () => {});
  assert.deepEqual(calls, ['mprotect']);
  // the plain generic code still reaches every rule naming a syscall
  calls.length = 0;
  e.process(rs, 1, {}, () => {});
  assert.deepEqual(calls, ['prctl', 'mprotect']);
  assert.equal(genericIndexCode(1, 'unknown'), 1);
});
