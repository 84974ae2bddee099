import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOverride, ConfigOverrideError } from './config-overrides.js';

test('dot paths create mappings and parse YAML scalars', () => {
  const t: any = {};
  applyOverride(t, 'json_output=true');
  applyOverride(t, 'engine.replay.capture_file=/tmp/x.scap');
  applyOverride(t, 'outputs.rate=10');
  assert.deepEqual(t, { json_output: true, engine: { replay: { capture_file: '/tmp/x.scap' } }, outputs: { rate: 10 } });
});

test('list index, list append and escaped dots', () => {
  const t: any = { plugins: [{ name: 'k8saudit' }] };
  applyOverride(t, 'plugins[0].open_params=/a/b.json');
  applyOverride(t, 'rules_files[]=/etc/a.yaml');
  applyOverride(t, 'rules_files[]=/etc/b.yaml');
  applyOverride(t, 'labels.app\\.kubernetes\\.io/name=web');
  assert.equal(t.plugins[0].open_params, '/a/b.json');
  assert.deepEqual(t.rules_files, ['/etc/a.yaml', '/etc/b.yaml']);
  assert.equal(t.labels['app.kubernetes.io/name'], 'web');
});

test('values keep text that is not a scalar, and = inside values', () => {
  const t: any = {};
  applyOverride(t, 'program_output.program=jq -r .output | cat');
  applyOverride(t, 'x=a=b');
  assert.equal(t.program_output.program, 'jq -r .output | cat');
  assert.equal(t.x, 'a=b');
});

test('bad overrides are coded errors', () => {
  assert.throws(() => applyOverride({}, 'novalue'), ConfigOverrideError);
  assert.throws(() => applyOverride({}, 'a[x]=1'), ConfigOverrideError);
  assert.throws(() => applyOverride({ a: [] }, 'a[3]=1'), ConfigOverrideError);
});
