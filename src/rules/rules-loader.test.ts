// Loader semantics: items, append/override, exceptions, enabled toggles, and the error
// and warning codes, each checked with its message and the item it points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { FieldRegistry } from '../fields/field-registry.js';
import { RulesLoader, Priority, loadResultToJson, loadResultToText, type LoadResult, type RulesLoaderOptions } from './index.js';

const registry = createDefaultRegistry();

function loader(opts: Partial<RulesLoaderOptions> = {}): RulesLoader {
  return new RulesLoader({ registry, catalog: syscallEventCatalog, ...opts });
}

function loadAll(...files: string[]): { l: RulesLoader; results: LoadResult[] } {
  const l = loader();
  return { l, results: files.map((f, i) => l.load(`f${i}.yaml`, f)) };
}

const RULE = (name: string, cond = 'evt.type=open', extra = ''): string =>
  `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: "o %proc.name"\n  priority: WARNING\n${extra}`;

function only(r: LoadResult, kind: 'errors' | 'warnings', code: string) {
  const found = r[kind].filter((d) => d.code === code);
  assert.ok(found.length > 0, `no ${code} in ${kind}: ${JSON.stringify(r[kind].map((d) => [d.code, d.message]))}`);
  return found[0]!;
}

const itemOf = (d: { locations: readonly { itemType: string; itemName: string }[] }, type: string) =>
  d.locations.find((l) => l.itemType === type)?.itemName;

test('a plain rule loads with its properties', () => {
  const { l, results } = loadAll(RULE('r1', 'evt.type=open and proc.name=cat', '  tags: [b, a]\n  enabled: false\n'));
  assert.equal(results[0]!.successful, true);
  assert.deepEqual(results[0]!.warnings, []);
  const r = l.rules()[0]!;
  assert.equal(r.name, 'r1');
  assert.equal(r.priority, Priority.Warning);
  assert.equal(r.source, 'syscall');
  assert.deepEqual(r.tags, ['a', 'b']);
  assert.equal(r.enabled, false);
  assert.equal(r.output, 'o %proc.name');
  assert.deepEqual([...r.eventTypes!.names], ['open']);
  assert.equal(typeof r.match, 'function');
  assert.deepEqual(r.outputTemplate.fieldTexts, ['proc.name']);
});

test('priorities are case-insensitive and accept info', () => {
  for (const [text, p] of [['emergency', Priority.Emergency], ['ALERT', Priority.Alert], ['Critical', Priority.Critical], ['error', Priority.Error],
    ['warning', Priority.Warning], ['NOTICE', Priority.Notice], ['info', Priority.Informational], ['Informational', Priority.Informational], ['debug', Priority.Debug]] as const) {
    const { l } = loadAll(RULE('r').replace('WARNING', text));
    assert.equal(l.rules()[0]!.priority, p, text);
  }
  const { results } = loadAll(RULE('r').replace('WARNING', 'loud'));
  const e = only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE');
  assert.equal(e.message, 'Invalid priority');
  assert.equal(e.locations.at(-1)!.itemType, 'rule priority');
});

test('missing keys and empty values are reported per key', () => {
  let { results } = loadAll('- rule: r\n  desc: d\n  condition: evt.type=open\n  priority: INFO\n');
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').message, "Item has no mapping for key 'output'");
  ({ results } = loadAll('- list: l\n  items: x\n'));
  const e = only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE');
  assert.equal(e.message, 'Value is not a sequence');
  assert.equal(e.locations.at(-1)!.itemType, 'value for');
  assert.equal(e.locations.at(-1)!.itemName, 'items');
  ({ results } = loadAll(RULE('r').replace('desc: d', 'desc: ""')));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').message, 'Value must be non-empty');
  ({ results } = loadAll(RULE('r', 'evt.type=open', '  enabled: maybe\n')));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').message, "Can't decode YAML scalar value");
  ({ results } = loadAll('- list: l\n  items: [a, [b]]\n'));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').message, 'sequence value is not scalar');
});

test('append: true on lists, macros and rules (deprecated) merges into the earlier item', () => {
  const { l, results } = loadAll(
    '- list: bins\n  items: [cat]\n- macro: m\n  condition: evt.type=open\n' + RULE('r', 'm and proc.name in (bins)'),
    '- list: bins\n  items: [ls]\n  append: true\n- macro: m\n  condition: or evt.type=close\n  append: true\n' +
      '- rule: r\n  condition: and proc.pid > 0\n  append: true\n',
  );
  assert.equal(results[1]!.successful, true);
  assert.equal(results[1]!.warnings.filter((w) => w.code === 'LOAD_DEPRECATED_ITEM').length, 3);
  assert.deepEqual(l.lists()[0]!.items, ['cat', 'ls']);
  assert.equal(l.macros()[0]!.condition, 'evt.type=open or evt.type=close');
  assert.equal(l.rules()[0]!.condition, 'm and proc.name in (bins) and proc.pid > 0');
  assert.deepEqual([...l.rules()[0]!.eventTypes!.names].sort(), ['close', 'open']);
});

test('dangling appends name the item kind', () => {
  const cases: [string, string][] = [
    ['- list: l\n  items: [a]\n  append: true\n', "List has 'append' key but no list by that name already exists"],
    ['- macro: m\n  condition: x\n  append: true\n', "Macro has 'append' key but no macro by that name already exists"],
    ['- rule: r\n  condition: x\n  append: true\n', "Rule has 'append' key but no rule by that name already exists"],
    ['- list: l\n  items: [a]\n  override:\n    items: append\n', "List uses 'append' or 'override.items: append' but no list by that name already exists"],
    ['- macro: m\n  condition: x\n  override:\n    condition: append\n', "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists"],
    ['- rule: r\n  condition: x\n  override:\n    condition: append\n', "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"],
    ['- rule: r\n  condition: x\n  override:\n    condition: replace\n', "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists"],
    ['- rule: r\n  enabled: false\n', "Rule has 'enabled' key but no rule by that name already exists"],
  ];
  for (const [text, message] of cases) {
    const { results } = loadAll(text);
    assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE').message, message);
  }
});

test('override: append and replace per key, with Falco checks', () => {
  const base = '- list: l\n  items: [a]\n' + RULE('r', 'evt.type=open and proc.name in (l)', '  tags: [t1]\n');
  const { l, results } = loadAll(base,
    '- list: l\n  items: [b]\n  override:\n    items: append\n' +
    '- rule: r\n  condition: and proc.pid > 1\n  output: extra\n  tags: [t2]\n  priority: ERROR\n  enabled: false\n' +
    '  override:\n    condition: append\n    output: append\n    tags: append\n    priority: replace\n    enabled: replace\n');
  assert.equal(results[1]!.successful, true, JSON.stringify(results[1]!.errors));
  const r = l.rules()[0]!;
  assert.equal(r.condition, 'evt.type=open and proc.name in (l) and proc.pid > 1');
  assert.equal(r.output, 'o %proc.name extra');
  assert.deepEqual(r.tags, ['t1', 't2']);
  assert.equal(r.priority, Priority.Error);
  assert.equal(r.enabled, false);
  assert.deepEqual(l.lists()[0]!.items, ['a', 'b']);

  const errs: [string, string][] = [
    ['  priority: INFO\n  override:\n    priority: append\n', "Key 'priority' cannot be appended to, use 'replace' instead"],
    ['  source: syscall\n  override:\n    source: replace\n', "Key 'source' cannot be replaced"],
    ['  condition: x\n  override:\n    condition: merge\n', "Invalid override operation for key 'condition': 'merge'. Allowed values are: append replace "],
    ['  override:\n    condition: append\n', "An append override for 'condition' was specified but 'condition' is not defined"],
    ['  condition: x\n  output: y\n  override:\n    condition: append\n', "Unexpected key 'output': no corresponding entry under 'override' is defined."],
    ['  condition: x\n  append: true\n  override:\n    condition: append\n', "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead."],
  ];
  for (const [tail, message] of errs) {
    const { results: rs } = loadAll(base, `- rule: r\n${tail}`);
    assert.equal(only(rs[1]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').message, message);
  }
});

test('a redefined rule replaces the earlier one in its place; enabled-only items toggle it', () => {
  const { l, results } = loadAll(RULE('a') + RULE('b'), RULE('a', 'evt.type=close') + '- rule: b\n  enabled: false\n');
  assert.equal(results[1]!.successful, true);
  assert.deepEqual(l.rules().map((r) => r.name), ['a', 'b']);
  assert.equal(l.rules()[0]!.condition, 'evt.type=close');
  assert.equal(l.rules()[1]!.enabled, false);
  const w = only(results[1]!, 'warnings', 'LOAD_DEPRECATED_ITEM');
  assert.match(w.message, /standalone 'enabled' key usage is deprecated/);
  const { results: rs } = loadAll(RULE('a'), RULE('a').replace('priority: WARNING', 'priority: WARNING\n  source: k8s_audit'));
  assert.equal(rs[1]!.errors[0]?.message, 'Rule has been re-defined with a different source');
});

test('exceptions become "and not (...)" in the compiled condition', () => {
  const text = RULE('r', 'evt.type=open', [
    '  exceptions:',
    '    - name: one',
    '      fields: proc.name',
    '      values: [cat, "my app"]',
    '    - name: two',
    '      fields: [proc.name, fd.name]',
    '      comps: [=, startswith]',
    '      values:',
    '        - [bash, /tmp]',
    '        - [sh, /var]',
    '    - name: three',
    '      fields: [proc.name, fd.name]',
    '      comps: [=, in]',
    '      values:',
    '        - [zsh, [/a, /b c]]',
    '    - name: empty',
    '      fields: [proc.name]',
    '',
  ].join('\n'));
  const { l, results } = loadAll(text);
  assert.equal(results[0]!.successful, true, JSON.stringify(results[0]!.errors));
  const r = l.rules()[0]!;
  assert.equal(r.compiledCondition,
    '(evt.type=open) and not (proc.name in (cat, "my app")) and not (( proc.name = bash and  fd.name startswith /tmp) or ( proc.name = sh and  fd.name startswith /var))' +
    ' and not (( proc.name = zsh and  fd.name in (/a, "/b c")))');
  assert.deepEqual([...r.exceptionFields].sort(), ['fd.name', 'proc.name']);
});

test('exception values append to an existing exception; new exceptions need fields and values', () => {
  const base = RULE('r', 'evt.type=open', '  exceptions:\n    - name: ex\n      fields: [proc.name]\n');
  const { l, results } = loadAll(base, '- rule: r\n  exceptions:\n    - name: ex\n      values: [[cat]]\n  override:\n    exceptions: append\n');
  assert.equal(results[1]!.successful, true, JSON.stringify(results[1]!.errors));
  assert.match(l.rules()[0]!.compiledCondition, /and not \(\( proc\.name = cat\)\)$/);
  const cases: [string, string][] = [
    ['    - name: ex\n      fields: [fd.name]\n      values: [[x]]\n', 'Can not append exception fields to existing exception, only values'],
    ['    - name: ex\n      comps: [in]\n      values: [[x]]\n', 'Can not append exception comps to existing exception, only values'],
    ['    - name: ex2\n      values: [[x]]\n', 'Rule exception must have fields property with a list of fields'],
    ['    - name: ex2\n      fields: [proc.name]\n', 'Rule exception must have values property with a list of values'],
  ];
  for (const [ex, message] of cases) {
    const { results: rs } = loadAll(base, `- rule: r\n  exceptions:\n${ex}  append: true\n`);
    const e = only(rs[1]!, 'errors', 'LOAD_ERR_VALIDATE');
    assert.equal(e.message, message);
    assert.equal(itemOf(e, 'exception'), ex.includes('ex2') ? 'ex2' : 'ex');
  }
  const { results: noValues } = loadAll(base, '- rule: r\n  exceptions:\n    - name: ex\n  append: true\n');
  assert.equal(only(noValues[1]!, 'warnings', 'LOAD_APPEND_NO_VALUES').message, 'Overriding/appending exception with no values');
});

test('exception definitions are validated', () => {
  const cases: [string, string][] = [
    ['      fields: proc.name\n      comps: [=]\n', 'Fields and comps must both be strings'],
    ['      fields: proc.name\n      comps: "="\n', 'When fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)'],
    ['      fields: [proc.name]\n      comps: [nope]\n', "'nope' is not a supported comparison operator"],
    ['      fields: [proc.nope]\n', "'proc.nope' is not a supported filter field"],
    ['      fields: [proc.name, fd.name]\n      comps: [=]\n', 'Fields and comps lists must have equal length'],
    ['      fields: [proc.name]\n      values: [[a, b]]\n', 'Fields and values lists must have equal length'],
    ['      fields: proc.name\n      values: [[a]]\n', 'Expected values array to contain a list of strings'],
  ];
  for (const [body, message] of cases) {
    const { results } = loadAll(RULE('r', 'evt.type=open', `  exceptions:\n    - name: ex\n${body}`));
    const e = only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE');
    assert.equal(e.message, message);
    assert.equal(itemOf(e, 'exception'), 'ex');
  }
  const okCases = ['      fields: proc.name\n      comps: startswith oneof\n      values: [a]\n', '      fields:\n        - proc.aname[2]\n      values: [[a]]\n'];
  for (const body of okCases) {
    const { results } = loadAll(RULE('r', 'evt.type=open', `  exceptions:\n    - name: ex\n${body}`));
    assert.equal(results[0]!.successful, true, JSON.stringify(results[0]!.errors.map((e) => e.message)));
  }
  const { results } = loadAll(RULE('r', 'evt.type=open', '  exceptions:\n    - name: ex\n      fields: [proc.name]\n    - name: ex\n      fields: [fd.name]\n'));
  assert.equal(only(results[0]!, 'warnings', 'LOAD_EXCEPTION_NAME_NOT_UNIQUE').message, "Multiple definitions of exception 'ex' in the same rule");
});

test('warnings: unknown items and keys, invalid names, unused macros and lists', () => {
  const { results } = loadAll('- foo: bar\n- list: "bad name"\n  items: []\n- macro: bad-name\n  condition: evt.type=open\n- list: l\n  items: [a]\n  extra: 1\n' + RULE('r'));
  const r = results[0]!;
  assert.equal(r.successful, true);
  assert.equal(only(r, 'warnings', 'LOAD_UNKNOWN_ITEM').message, 'Unknown top level item');
  assert.equal(only(r, 'warnings', 'LOAD_UNKNOWN_KEY').message, "Unknown key 'extra'. The key will be ignored.");
  assert.match(only(r, 'warnings', 'LOAD_INVALID_LIST_NAME').message, /^List has an invalid name/);
  assert.match(only(r, 'warnings', 'LOAD_INVALID_MACRO_NAME').message, /^Macro has an invalid name/);
  assert.equal(only(r, 'warnings', 'LOAD_UNUSED_MACRO').message, 'Macro not referred to by any other rule/macro');
  const unusedLists = r.warnings.filter((w) => w.code === 'LOAD_UNUSED_LIST').map((w) => itemOf(w, 'list'));
  assert.deepEqual(unusedLists, ['bad name', 'l']);
  assert.equal(only(r, 'warnings', 'LOAD_UNUSED_LIST').codedesc, 'A list is defined in the rules content but is not used by any other list, macro, or rule.');
});

test('event-type warnings: LOAD_NO_EVTTYPE unless warn_evttypes is false', () => {
  let { results } = loadAll(RULE('r', 'proc.name=cat'));
  const w = only(results[0]!, 'warnings', 'LOAD_NO_EVTTYPE');
  assert.equal(w.message, 'Rule matches too many evt.type values. This has a significant performance penalty.');
  assert.equal(itemOf(w, 'rule'), 'r');
  ({ results } = loadAll(RULE('r', 'proc.name=cat', '  warn_evttypes: false\n')));
  assert.deepEqual(results[0]!.warnings, []);
});

test('unknown sources are skipped with a warning; skip-if-unknown-filter downgrades unknown fields', () => {
  const { l, results } = loadAll(RULE('r', 'evt.type=open', '  source: nosuch\n'));
  assert.equal(only(results[0]!, 'warnings', 'LOAD_UNKNOWN_SOURCE').message, 'Unknown source nosuch, skipping');
  assert.equal(l.rules().length, 0);
  const out = loadAll(RULE('r', 'evt.type=open', '  skip-if-unknown-filter: true\n').replace('%proc.name', '%proc.nosuch'));
  assert.equal(only(out.results[0]!, 'warnings', 'LOAD_UNKNOWN_FILTER').message, 'invalid formatting token proc.nosuch');
  const bad = loadAll(RULE('r').replace('%proc.name', '%proc.nosuch'));
  assert.equal(only(bad.results[0]!, 'errors', 'LOAD_ERR_COMPILE_OUTPUT').message, 'invalid formatting token proc.nosuch');
  const evt = loadAll(RULE('r', 'evt.type=nosuch', '  skip-if-unknown-filter: true\n'));
  assert.equal(only(evt.results[0]!, 'warnings', 'LOAD_UNKNOWN_FILTER').message, 'unknown event type nosuch');
});

test('condition warnings: deprecated fields, compile hints, unsafe <NA> checks', () => {
  let { results } = loadAll(RULE('r', 'evt.type=open and evt.dir = <'));
  const d = only(results[0]!, 'warnings', 'LOAD_DEPRECATED_ITEM');
  assert.equal(d.deprecatedField, 'evt.dir');
  assert.equal((loadResultToJson(results[0]!).warnings as Record<string, unknown>[])[0]!.deprecated_field, 'evt.dir');
  ({ results } = loadAll(RULE('r', "evt.type=open and proc.name regex 'cat'")));
  assert.match(only(results[0]!, 'warnings', 'LOAD_COMPILE_CONDITION').message, /regex check with 'cat' may be optimized/);

  const reg = new FieldRegistry();
  reg.register({ name: 'ka.user.name', source: 'k8s_audit', fieldClass: 'ka', type: 'CHARBUF', arg: 'none', desc: 'user' });
  const l = new RulesLoader({ registry: reg, catalog: syscallEventCatalog });
  const r = l.load('k.yaml', RULE('k', 'ka.user.name = "<NA>"', '  source: k8s_audit\n').replace('%proc.name', '%ka.user.name'));
  assert.equal(r.successful, true, JSON.stringify(r.errors.map((e) => e.message)));
  assert.equal(only(r, 'warnings', 'LOAD_UNSAFE_NA_CHECK').message, '');
});

test('macro and condition errors carry Falco wording and the item at fault', () => {
  // a macro only sees macros defined before it, so a loop needs a redefinition
  let { results } = loadAll('- macro: b\n  condition: evt.type=open\n- macro: a\n  condition: b\n- macro: b\n  condition: a\n' + RULE('r', 'a'));
  let e = only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE');
  assert.match(e.message, /^reference loop in macro/);
  assert.equal(itemOf(e, 'macro'), 'b');
  ({ results } = loadAll('- macro: a\n  condition: b\n- macro: b\n  condition: evt.type=open\n' + RULE('r', 'a')));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE').message, "Undefined macro 'b' used in filter.");
  ({ results } = loadAll(RULE('r', 'evt.type=open and nomacro')));
  e = only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE');
  assert.equal(e.message, "Undefined macro 'nomacro' used in filter.");
  assert.equal(e.locations.at(-1)!.itemType, 'condition expression');
  assert.equal(e.locations.at(-1)!.position.name, '"evt.type=open and..."');
  ({ results } = loadAll(RULE('r', 'evt.type=open and proc.nosuch=1')));
  e = only(results[0]!, 'errors', 'LOAD_ERR_COMPILE_CONDITION');
  assert.equal(e.message, 'filter_check called with nonexistent field proc.nosuch');
  assert.equal(itemOf(e, 'rule'), 'r');
});

test('required_engine_version and required_plugin_versions', () => {
  for (const v of ['0.57.0', '15', "'0.63.0'"]) {
    const { results } = loadAll(`- required_engine_version: ${v}\n`);
    assert.equal(results[0]!.successful, true, v);
  }
  let { results } = loadAll('- required_engine_version: 0.99.0\n');
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE').message, 'Rules require engine version 0.99.0, but engine version is 0.63.0');
  ({ results } = loadAll('- required_engine_version: 1.0.0\n'));
  assert.equal(results[0]!.successful, false);
  ({ results } = loadAll('- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1\n'));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE').message, "Invalid required version '0.1' for plugin 'k8saudit'");
  ({ results } = loadAll('- required_plugin_versions:\n  - name: a\n    version: 1.0.0\n    alternatives:\n      - name: a\n        version: 2.0.0\n'));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_VALIDATE').message, "Defined multiple alternative version requirements for plugin 'a'");

  const l = loader();
  l.load('p.yaml', '- required_plugin_versions:\n  - name: k8saudit\n    version: 0.7.0\n    alternatives:\n      - name: k8saudit-eks\n        version: 0.2.0\n');
  assert.equal(l.checkPluginRequirements([{ name: 'k8saudit', version: '0.8.1' }]), undefined);
  assert.equal(l.checkPluginRequirements([{ name: 'k8saudit-eks', version: '0.2.0' }]), undefined);
  assert.equal(l.checkPluginRequirements([{ name: 'k8saudit', version: '0.6.0' }]),
    "Plugin 'k8saudit' version '0.6.0' is not compatible with required plugin version '0.7.0'");
  assert.equal(l.checkPluginRequirements([]), 'Plugin requirement not satisfied, must load one of: k8saudit (>= 0.7.0), k8saudit-eks (>= 0.2.0)');
  assert.equal(l.requiredPluginVersions().length, 1);
});

test('YAML problems: parse errors in yaml-cpp words, document shapes, multiple documents', () => {
  let { results } = loadAll('- rule: [a\n');
  const e = only(results[0]!, 'errors', 'LOAD_ERR_YAML_PARSE');
  assert.match(e.message, /^yaml-cpp: error at line \d+, column \d+: /);
  ({ results } = loadAll('---\n- list: l\n  items: [a]\n---\n- list: l\n  items: [b]\n  append: true\n- macro: m\n  condition: proc.name in (l)\n' + RULE('r', 'evt.type=open and m')));
  assert.equal(results[0]!.successful, true);
  ({ results } = loadAll('# only a comment\n'));
  assert.equal(results[0]!.successful, true);
  ({ results } = loadAll('- 12\n'));
  assert.equal(only(results[0]!, 'errors', 'LOAD_ERR_YAML_VALIDATE').locations.at(-1)!.itemType, 'rules content item');
});

test('renderings: JSON keys in Falco order, text blocks, file read errors', () => {
  const l = loader();
  const r = l.load('x.yaml', '- rule: r\n  desc: d\n');
  const json = JSON.stringify(loadResultToJson(r));
  assert.match(json, /^\{"errors":\[\{"code":"LOAD_ERR_YAML_VALIDATE","codedesc":"Error validating internal structure of YAML file","context":\{"locations":\[\{"item_name":"","item_type":"rules content","position":\{"column":0,"line":0,"name":"x.yaml","offset":0\}\},\{"item_name":"r","item_type":"rule","position":\{"column":2,"line":0,"name":"x.yaml","offset":2\}\}\],"snippet":"- rule: r\\n  \^\\n"\},"message":"Item has no mapping for key 'condition'"\}\],"name":"x.yaml","successful":false,"warnings":\[\]\}$/);
  const text = loadResultToText(r);
  assert.equal(text, [
    'x.yaml: Invalid',
    '1 Errors:',
    'In rules content: (x.yaml:0:0)',
    "    rule 'r': (x.yaml:0:2)",
    '------',
    '- rule: r',
    '  ^',
    '------',
    "LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML file): Item has no mapping for key 'condition'",
    '',
  ].join('\n'));
  assert.equal(loadResultToText(l.load('ok.yaml', RULE('r')), false), 'ok.yaml: Ok');
  const fr = l.fileReadError('missing.yaml', 'Could not open file missing.yaml');
  assert.equal(fr.errors[0]!.code, 'LOAD_ERR_FILE_READ');
  assert.equal(fr.errors[0]!.codedesc, 'File read error');
});

test('later files see earlier lists and macros; a failed load keeps the previous rules', () => {
  const l = loader();
  l.load('a.yaml', '- list: bins\n  items: [cat]\n- macro: is_cat\n  condition: proc.name in (bins)\n');
  const r = l.load('b.yaml', RULE('r', 'evt.type=open and is_cat'));
  assert.equal(r.successful, true);
  assert.equal(l.rules().length, 1);
  const bad = l.load('c.yaml', RULE('s', 'evt.type=open and'));
  assert.equal(bad.successful, false);
  assert.deepEqual(l.rules().map((x) => x.name), ['r']);
});
