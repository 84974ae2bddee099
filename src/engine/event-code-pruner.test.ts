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
  assert.equal(genericIndexCode(1, 'no such syscall'), 1);
  calls.length = 0;
  e.process(rs, genericIndexCode(1, 'unknown'), {}, () => {});
  assert.deepEqual(calls, []);
});

test('evt.is_open_* are false on every code but the open exits, as the pruner assumes', async () => {
  const { createDefaultRegistry } = await import('../fields/index.js');
  const { syscallBinders } = await import('../fields/syscall/binders.js');
  const { SyscallState } = await import('../state/syscall-state.js');
  const { testEvent } = await import('../state/test-event-builder.js');
  const { EVENT_INFO } = await import('../events/event-info.js');
  const registry = createDefaultRegistry(syscallBinders);
  const names = ['evt.is_open_read', 'evt.is_open_write', 'evt.is_open_exec', 'evt.is_open_create'];
  const extract = names.map((n) => { const r = registry.resolve('syscall', n)!; return r.decl.bind!(r.arg); });
  const ctx = new SyscallState().ctx;
  const cond = parseCondition('evt.is_open_read = true or evt.is_open_write = true or evt.is_open_exec = true or evt.is_open_create = true');
  let checked = 0;
  for (const e of EVENT_INFO) {
    if (e.name === 'NA') continue;
    // every flag set, mode executable: whatever the event carries, the fields must stay false
    ctx.evt = testEvent(e.id, 1, { fd: 3, res: 3, flags: 0x7fffffff, mode: 0o777 });
    const values = extract.map((x) => x(ctx));
    if (canMatchCode(cond, e.code)) continue;
    assert.deepEqual(values, [false, false, false, false], e.id);
    checked++;
  }
  assert.ok(checked > 100);
  assert.equal(canMatchCode(cond, OPEN_X), true);
  assert.equal(canMatchCode(cond, OPEN_E), false);
});
