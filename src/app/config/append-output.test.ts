// append_output entries and -p formats: what each accepts, and the key a malformed entry names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendOutputEntries, printAdditionalFormat } from './append-output.js';
import { ConfigError, expandEnv } from './falco-config.js';

test('append_output entries: match keys, extra_output, extra_fields as names and fixed values', () => {
  const e = appendOutputEntries([
    { match: { source: 'syscall', tags: ['container', 'shell'], rule: 'R' }, extra_output: ' on CPU %evt.cpu ', extra_fields: ['evt.hostname', '%proc.pid', { home: '/root' }] },
    { extra_fields: [{ n: 3 }] },
  ]);
  assert.deepEqual(e, [
    { format: 'on CPU %evt.cpu', fields: [{ field: 'evt.hostname' }, { field: 'proc.pid' }, { key: 'home', value: '/root' }], source: 'syscall', tags: ['container', 'shell'], rule: 'R' },
    { format: '', fields: [{ key: 'n', value: '3' }] },
  ]);
  assert.deepEqual(appendOutputEntries(undefined), []);
});

test('a malformed append_output entry is an error naming its key', () => {
  const bad: [unknown, RegExp][] = [
    [{}, /'append_output' must be a list/],
    [['x'], /'append_output\[0\]' must be a mapping/],
    [[{ match: { tags: 'a' }, extra_output: 'x' }], /'append_output\[0\]\.match\.tags' must be a list/],
    [[{ match: { image: 'a' }, extra_output: 'x' }], /'append_output\[0\]\.match\.image' is unknown/],
    [[{ extra_output: 'x', extra: 1 }], /'append_output\[0\]\.extra' is unknown/],
    [[{ match: { source: 'syscall' } }], /'append_output\[0\]' has neither extra_output nor extra_fields/],
    [[{ extra_fields: [{ a: 1, b: 2 }] }], /'append_output\[0\]\.extra_fields\[0\]' must be a field name or a one-key/],
    [[{ extra_fields: 'evt.cpu' }], /'append_output\[0\]\.extra_fields' must be a list/],
  ];
  for (const [raw, re] of bad) assert.throws(() => appendOutputEntries(raw), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(raw));
});

test('-p: container and Kubernetes presets (and gVisor forms), anything else as written', () => {
  assert.match(printAdditionalFormat('c'), /^container_id=%container\.id .*container_name=%container\.name$/);
  assert.equal(printAdditionalFormat('container'), printAdditionalFormat('c'));
  assert.match(printAdditionalFormat('k'), /container_name=%container\.name k8s_ns=%k8s\.ns\.name k8s_pod_name=%k8s\.pod\.name$/);
  assert.match(printAdditionalFormat('kg'), /^vpid=%proc\.vpid vtid=%thread\.vtid container_id=/);
  assert.equal(printAdditionalFormat('user=%user.name'), 'user=%user.name');
});

test('configuration strings expand ${VAR}; $${ stays literal', () => {
  const env = { HOME: '/home/u', EMPTY: '' };
  assert.deepEqual(expandEnv({ a: '${HOME}/x', b: ['$${HOME}', '${UNSET_VAR}y', 3, true], c: { d: 'no vars' } }, env),
    { a: '/home/u/x', b: ['${HOME}', 'y', 3, true], c: { d: 'no vars' } });
});
