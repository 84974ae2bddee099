import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTestFile } from './test-file-parser.js';
import { TestFileError } from './test-case.js';

const FILE = `version: 1
rules_file: my_rules.yaml
images:
  bb: localhost/tercel-busybox:latest
cases:
  - id: read-secret
    rule: Secret Read
    matrix:
      file: [/etc/shadow, /etc/gshadow]
    chain:
      - {name: bash}
      - {name: cat, argv: [cat, "{{file}}"], user: nobody}
    actions:
      - read: {path: "{{file}}"}
      - write: {path: "{{work}}/out-{{case}}", data: "x"}
    expect:
      priority: Warning
      output_fields: {fd.name: "{{file}}", fd.num: 3}
  - id: in-container
    rule: Secret Read
    container: {image: bb, start: init}
    tty: true
    timeout_ms: 500
    chain:
      - {argv: [/usr/bin/python3, -c, pass]}
    actions:
      - dup2: {newfd: [0, 1, 2], via: dup3}
      - unshare: {flags: CLONE_NEWUSER, result: ok}
    expect: none
`;

test('parses, expands the matrix and substitutes placeholders', () => {
  const f = parseTestFile('t.yaml', FILE, { workRoot: '/w' });
  assert.equal(f.rulesFile, 'my_rules.yaml');
  assert.deepEqual(f.images, { bb: 'localhost/tercel-busybox:latest' });
  assert.deepEqual(f.cases.map((c) => c.id), ['read-secret[file=/etc/shadow]', 'read-secret[file=/etc/gshadow]', 'in-container']);
  const c = f.cases[1]!;
  assert.equal(c.slug, 'read-secret-file-etc-gshadow');
  assert.equal(c.work, '/w/read-secret-file-etc-gshadow');
  assert.deepEqual(c.chain[1], { name: 'cat', argv: ['cat', '/etc/gshadow'], memfd: false, env: {}, user: 'nobody' });
  assert.deepEqual(c.actions[1], { op: 'write', params: { path: '/w/read-secret-file-etc-gshadow/out-read-secret-file-etc-gshadow', data: 'x' } });
  assert.deepEqual(c.expect, { rule: 'Secret Read', priority: 'Warning', outputFields: { 'fd.name': '/etc/gshadow', 'fd.num': '3' }, outputContains: [] });
  assert.equal(c.line, 6);
});

test('name defaults to the last component of argv[0]; container, tty, result, timeout', () => {
  const c = parseTestFile('t.yaml', FILE).cases[2]!;
  assert.equal(c.chain[0]!.name, 'python3');
  assert.deepEqual(c.container, { image: 'bb', privileged: false, mounts: [], start: 'init' });
  assert.equal(c.tty, true);
  assert.equal(c.timeoutMs, 500);
  assert.equal(c.expect, null);
  assert.deepEqual(c.actions[1], { op: 'unshare', params: { flags: 'CLONE_NEWUSER' }, result: 'ok' });
});

function codes(text: string): string[] {
  try {
    parseTestFile('bad.yaml', text);
  } catch (e) {
    assert.ok(e instanceof TestFileError);
    return e.diagnostics.map((d) => d.code);
  }
  return [];
}

test('reports every problem with a code and a line', () => {
  const bad = `version: 2
cases:
  - id: a
    rule: R
    chain: [{name: x}]
    actions:
      - frobnicate: {}
      - open: {path: /x, via: fopen, colour: red}
    expect: none
  - id: a
    rule: R
    chain: [{name: x}, {exec: /bin/sh, argv: [sh]}]
    expect: {priorty: Warning}
    container: nope
  - id: b
    rule: R
    chain: [{exec: sh, argv: [sh]}]
    expect: {output_fields: {x: "{{nothing}}"}}
`;
  assert.deepEqual(codes(bad).sort(), [
    'RT_BAD_VERSION', 'RT_BAD_VIA', 'RT_BAD_EXEC', 'RT_DUPLICATE_ID', 'RT_UNKNOWN_IMAGE', 'RT_UNKNOWN_KEY', 'RT_UNKNOWN_OP', 'RT_UNKNOWN_PARAM', 'RT_UNKNOWN_PLACEHOLDER',
  ].sort());
  try {
    parseTestFile('bad.yaml', bad);
  } catch (e) {
    const d = (e as TestFileError).diagnostics.find((x) => x.code === 'RT_UNKNOWN_OP')!;
    assert.equal(d.line, 3);
    assert.match(d.message, /unknown action 'frobnicate'/);
    assert.match((e as Error).message, /^bad\.yaml:1:\d+: RT_BAD_VERSION/);
  }
});

test('exec must be the last action and the last entry; setup-only and internal ops', () => {
  assert.deepEqual(codes(`version: 1
cases:
  - id: a
    rule: R
    chain: [{exec: /bin/sh, argv: [sh]}, {name: y}]
    actions:
      - exec: {path: /bin/sh}
      - hosts: {name: a, address: 1.2.3.4}
      - copy: {src: a, dst: b}
    expect: none
`).sort(), ['RT_EXEC_NOT_LAST', 'RT_EXEC_NOT_LAST', 'RT_SETUP_ONLY', 'RT_UNKNOWN_OP'].sort());
});

test('YAML syntax errors and a missing case list', () => {
  assert.deepEqual(codes('version: 1\ncases: [\n'), ['RT_YAML']);
  assert.deepEqual(codes('version: 1\n'), ['RT_NO_CASES']);
});
