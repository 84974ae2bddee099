import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleEngine } from './rule-engine.js';
import type { EngineRule } from './engine-rule.js';
import { Priority } from '../rules/priority.js';
import { syscallEventCatalog } from '../events/event-catalog.js';

const OPEN = syscallEventCatalog.codes('open');
const EXECVE = syscallEventCatalog.codes('execve');
const CONNECT = syscallEventCatalog.codes('connect')[0]!;

interface Probe { calls: number }

function rule(name: string, opts: {
  types?: string[]; priority?: Priority; tags?: string[]; enabled?: boolean; source?: string;
  match?: (ctx: any) => boolean; probe?: Probe;
} = {}): EngineRule {
  const probe = opts.probe;
  const m = opts.match ?? (() => true);
  return {
    name, source: opts.source ?? 'syscall', priority: opts.priority ?? Priority.Warning, tags: opts.tags ?? [],
    enabled: opts.enabled ?? true,
    eventTypes: opts.types ? { all: false, names: new Set(opts.types) } : { all: true, names: new Set() },
    match: (ctx) => { if (probe) probe.calls++; return m(ctx); },
    outputTemplate: { text: name, source: 'syscall', requireAllValues: true, segments: [{ kind: 'text', text: name }], fieldTexts: [] },
  };
}

function run(engine: RuleEngine, code: number, ctx: unknown = {}): string[] {
  const out: string[] = [];
  engine.process(engine.ruleset('syscall'), code, ctx, (r) => out.push(r.name));
  return out;
}

test('a rule is evaluated only for the codes of its event types', () => {
  const p: Probe = { calls: 0 };
  const e = new RuleEngine();
  e.addRules([rule('opens', { types: ['open', 'openat'], probe: p })]);
  assert.deepEqual(run(e, EXECVE[0]!), []);
  assert.equal(p.calls, 0);
  for (const c of OPEN) assert.deepEqual(run(e, c), ['opens']);
  for (const c of syscallEventCatalog.codes('openat')) assert.deepEqual(run(e, c), ['opens']);
  assert.equal(p.calls, OPEN.length + syscallEventCatalog.codes('openat').length);
});

test('a rule matching every type sees every event, including codes outside the table', () => {
  const p: Probe = { calls: 0 };
  const e = new RuleEngine();
  e.addRules([rule('any', { probe: p })]);
  for (const c of [0, 1, OPEN[0]!, EXECVE[1]!, CONNECT, 60000]) assert.deepEqual(run(e, c), ['any']);
  assert.equal(p.calls, 6);
});

test('first matching (default) stops at the first rule in load order; all matching raises each', () => {
  const rules = [rule('a', { types: ['open'] }), rule('b'), rule('c', { types: ['open'] })];
  const first = new RuleEngine();
  first.addRules(rules);
  assert.equal(first.ruleMatching, 'first');
  assert.deepEqual(run(first, OPEN[0]!), ['a']);
  assert.deepEqual(run(first, EXECVE[0]!), ['b']);
  const all = new RuleEngine({ ruleMatching: 'all' });
  all.addRules(rules);
  assert.deepEqual(run(all, OPEN[0]!), ['a', 'b', 'c']);
  assert.deepEqual(run(all, EXECVE[0]!), ['b']);
  assert.equal(all.stats.total, 4);
});

test('a condition that does not hold passes to the next rule', () => {
  const e = new RuleEngine();
  e.addRules([rule('never', { match: () => false }), rule('odd', { match: (c) => c.n % 2 === 1 })]);
  assert.deepEqual(run(e, OPEN[0]!, { n: 2 }), []);
  assert.deepEqual(run(e, OPEN[0]!, { n: 3 }), ['odd']);
});

test('a throwing condition counts as an error and does not match', () => {
  const e = new RuleEngine();
  e.addRules([rule('boom', { match: () => { throw new Error('x'); } }), rule('ok')]);
  assert.deepEqual(run(e, OPEN[0]!), ['ok']);
  assert.equal(e.ruleset('syscall').errors, 1);
});

test('the scan goes on after each throwing condition, in order', () => {
  const e = new RuleEngine();
  const boom = () => { throw new Error('x'); };
  e.addRules([rule('a', { match: boom }), rule('b', { match: () => false }), rule('c', { match: boom }), rule('d', { match: (c) => c.n === 1 }), rule('e')]);
  assert.deepEqual(run(e, OPEN[0]!, { n: 1 }), ['d']);
  assert.equal(e.ruleset('syscall').errors, 2);
  assert.deepEqual(run(e, OPEN[0]!, { n: 0 }), ['e']);
  assert.equal(e.ruleset('syscall').errors, 4);
});

test('rules less severe than the priority threshold are not loaded', () => {
  const e = new RuleEngine({ minPriority: Priority.Warning });
  const n = e.addRules([
    rule('crit', { priority: Priority.Critical }), rule('warn', { priority: Priority.Warning }),
    rule('notice', { priority: Priority.Notice }), rule('debug', { priority: Priority.Debug }),
  ]);
  assert.equal(n, 2);
  assert.deepEqual(e.rules().map((r) => r.rule.name), ['crit', 'warn']);
  e.enableBySubstring('', true);
  assert.deepEqual(run(e, OPEN[0]!), ['crit']);
});

test('-D disables by substring, -T by tag, -t keeps only tagged rules (even rules disabled in the file)', () => {
  const rules = () => [
    rule('open_from_cat', { tags: ['filesystem'] }), rule('exec_from_cat', { tags: ['process'] }),
    rule('net_from_cat', { tags: ['network', 'process'] }), rule('off_by_default', { tags: ['filesystem'], enabled: false }),
  ];
  const enabled = (e: RuleEngine) => e.rules().filter((r) => r.enabled).map((r) => r.rule.name);

  const d = new RuleEngine(); d.addRules(rules());
  d.applySelection({ disabledSubstrings: ['_from_'] });
  assert.deepEqual(enabled(d), []);
  d.enableBySubstring('exec', true);
  assert.deepEqual(enabled(d), ['exec_from_cat']);

  const T = new RuleEngine(); T.addRules(rules());
  T.applySelection({ disabledTags: ['process'] });
  assert.deepEqual(enabled(T), ['open_from_cat']);

  const t = new RuleEngine(); t.addRules(rules());
  t.applySelection({ enabledTags: ['filesystem', 'network'] });
  assert.deepEqual(enabled(t), ['open_from_cat', 'net_from_cat', 'off_by_default']);
  assert.deepEqual(run(t, OPEN[0]!), ['open_from_cat']);
  assert.equal(t.enabledCount('syscall'), 3);
});

test('config rules: selectors apply in order with wildcards', () => {
  const e = new RuleEngine();
  e.addRules([rule('Write below etc'), rule('Write below root'), rule('Read sensitive file', { tags: ['T1'] })]);
  e.applySelection({ selections: [{ op: 'disable', rule: '*' }, { op: 'enable', rule: 'Write below*' }, { op: 'enable', tag: 'T1' }, { op: 'disable', rule: '*root' }] });
  assert.deepEqual(e.rules().filter((r) => r.enabled).map((r) => r.rule.name), ['Write below etc', 'Read sensitive file']);
});

test('disabling a rule removes it from evaluation; re-enabling restores load order', () => {
  const e = new RuleEngine();
  e.addRules([rule('a', { types: ['open'] }), rule('b', { types: ['open'] })]);
  e.enableByName('a', false);
  assert.deepEqual(run(e, OPEN[0]!), ['b']);
  e.enableByName('a', true);
  assert.deepEqual(run(e, OPEN[0]!), ['a']);
});

test('rules of other sources live in their own ruleset', () => {
  const e = new RuleEngine();
  e.addRules([rule('k8s', { source: 'k8s_audit', types: ['open'] }), rule('sys', { types: ['execve'] })]);
  const out: string[] = [];
  e.process(e.ruleset('k8s_audit'), 322, {}, (r) => out.push(r.name));
  assert.deepEqual(out, ['k8s']);
  assert.deepEqual(run(e, 322), []);
  assert.deepEqual(e.sources().sort(), ['k8s_audit', 'syscall']);
});

test('counters and the summary block follow Falco', () => {
  const e = new RuleEngine({ ruleMatching: 'all' });
  e.addRules([rule('r1', { priority: Priority.Warning }), rule('r2', { priority: Priority.Informational, types: ['open'] }), rule('r3')]);
  e.enableByName('r3', false);
  run(e, OPEN[0]!); run(e, OPEN[1]!); run(e, EXECVE[0]!);
  assert.equal(e.stats.count('r1'), 3);
  assert.equal(e.stats.format(),
    'Events detected: 5\nRule counts by severity:\n   WARNING: 3\n   INFO: 2\nTriggered rules by rule name:\n   r1: 3\n   r2: 2\n');
  const empty = new RuleEngine();
  assert.equal(empty.stats.format(), 'Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n');
});
