// Unit tests of `tercel capture`'s pieces that need no probe: arguments, the filter and the
// event types it asks the probe for, and the container event payload read back by the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureUsageError, compileCaptureFilter, parseCaptureArgs } from './capture-command.js';
import { ContainerTable, containerInfoJson } from '../state/index.js';
import { FilterCompileError, FilterSyntaxError } from '../filter/index.js';

test('arguments: -w required, -M/-s numbers, -z, the filter is the remaining words', () => {
  assert.equal(parseCaptureArgs(['-h']), 'help');
  assert.throws(() => parseCaptureArgs([]), CaptureUsageError);
  assert.throws(() => parseCaptureArgs(['-w']), /needs a value/);
  assert.throws(() => parseCaptureArgs(['-w', 'f', '-M', 'soon']), /-M needs a number/);
  assert.throws(() => parseCaptureArgs(['-w', 'f', '--bogus']), /unknown option/);
  const o = parseCaptureArgs(['-w', 'f.scap', '-M', '2.5', '-z', '-s', '256', 'proc.name', '=', 'cat']);
  assert.deepEqual(o, { out: 'f.scap', durationSec: 2.5, gzip: true, snaplen: 256, quiet: false, filter: 'proc.name = cat' });
  const dash = parseCaptureArgs(['-w', 'f', '--', '-x']);
  assert.ok(dash !== 'help' && dash.filter === '-x');
  const none = parseCaptureArgs(['-w', 'f']);
  assert.ok(none !== 'help' && none.filter === undefined && none.durationSec === 0);
});

test('filter: compiled on the syscall fields, event types inferred', () => {
  const f = compileCaptureFilter('evt.type in (openat, execve) and proc.name = cat');
  assert.deepEqual([...f.eventTypes!].sort(), ['execve', 'openat']);
  assert.equal(compileCaptureFilter('proc.name = cat').eventTypes, undefined);
  assert.throws(() => compileCaptureFilter('proc.nope = 1'), FilterCompileError);
  assert.throws(() => compileCaptureFilter('proc.name = cat and'), FilterSyntaxError);
});

test('container event payload: read back by the state as it was resolved', () => {
  const id = 'a'.repeat(64);
  const table = new ContainerTable();
  const json = containerInfoJson({
    id, type: 'podman', name: 'web', image: 'localhost/tercel-busybox:latest', imageRepo: 'localhost/tercel-busybox',
    imageTag: 'latest', privileged: false, mounts: [{ source: '/h', dest: '/c', mode: 'ro', rdwr: false, propagation: 'rprivate' }],
    labels: new Map([['app', 'x']]),
  });
  assert.ok(table.addJson(json));
  const c = table.get(id.slice(0, 12));
  assert.ok(c);
  assert.equal(c.id, id);
  assert.equal(c.type, 'podman');
  assert.equal(c.name, 'web');
  assert.equal(c.imageRepo, 'localhost/tercel-busybox');
  assert.equal(c.imageTag, 'latest');
  assert.equal(c.labels.get('app'), 'x');
  assert.equal(c.mounts[0]?.dest, '/c');
});
