// Resolution of field references, with arguments, against the default (syscall) registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldRegistry } from './field-registry.js';
import { createDefaultRegistry } from './index.js';

const reg = createDefaultRegistry();
const resolve = (name: string, arg?: string) => reg.resolve('syscall', name, arg);

test('plain fields resolve without an argument', () => {
  const r = resolve('fd.name');
  assert.equal(r?.decl.name, 'fd.name');
  assert.equal(r?.arg, undefined);
  assert.equal(r?.text, 'fd.name');
  assert.equal(resolve('fd.cip.name')?.decl.name, 'fd.cip.name');
  assert.equal(resolve('evt.args')?.decl.name, 'evt.args'); // not evt.arg with key 's'
  assert.equal(resolve('no.such.field'), undefined);
  assert.equal(resolve('proc.name.x'), undefined);
  assert.equal(reg.resolve('k8s_audit', 'fd.name'), undefined);
});

test('evt.arg takes a name after a dot or an index in brackets', () => {
  const byName = resolve('evt.arg.fd');
  assert.equal(byName?.decl.name, 'evt.arg');
  assert.equal(byName?.arg, 'fd');
  assert.equal(byName?.text, 'evt.arg.fd');
  const byIndex = resolve('evt.arg', '0');
  assert.equal(byIndex?.decl.name, 'evt.arg');
  assert.equal(byIndex?.arg, 0);
  assert.equal(byIndex?.text, 'evt.arg[0]');
  assert.throws(() => resolve('evt.arg'), /requires an argument/);
  assert.throws(() => resolve('evt.arg', 'fd'), /numeric index/);
  assert.throws(() => resolve('evt.arg.fd', '0'), /one argument/);
});

test('evt.rawarg takes its argument after a dot only, and has a dynamic type', () => {
  const r = resolve('evt.rawarg.res');
  assert.equal(r?.decl.name, 'evt.rawarg');
  assert.equal(r?.arg, 'res');
  assert.equal(r?.decl.type, 'DYN');
  assert.throws(() => resolve('evt.rawarg', 'res'), /after a dot/);
  assert.throws(() => resolve('evt.rawarg'), /requires an argument/);
});

test('ancestor fields take an optional numeric index', () => {
  assert.equal(resolve('proc.aname', '2')?.arg, 2);
  assert.equal(resolve('proc.aname', '2')?.text, 'proc.aname[2]');
  assert.equal(resolve('proc.aname')?.arg, undefined);
  assert.throws(() => resolve('proc.aname', 'bash'), /numeric index/);
  assert.throws(() => resolve('proc.aname', ''), /numeric index/);
  assert.equal(resolve('fd.types', '0')?.arg, 0);
  assert.equal(resolve('fd.types')?.decl.isList, true);
});

test('proc.env takes an optional variable name or index', () => {
  assert.equal(resolve('proc.env', 'HOME')?.arg, 'HOME');
  assert.equal(resolve('proc.env', '1')?.arg, 1);
  assert.equal(resolve('proc.env')?.arg, undefined);
});

test('label fields take a key in brackets or after a dot, dots and slashes included', () => {
  assert.equal(resolve('k8s.pod.label', 'app')?.arg, 'app');
  assert.equal(resolve('k8s.pod.label', 'app.kubernetes.io/name')?.arg, 'app.kubernetes.io/name');
  assert.equal(resolve('k8s.pod.label.app')?.arg, 'app');
  assert.equal(resolve('k8s.pod.label.app.kubernetes.io/name')?.arg, 'app.kubernetes.io/name');
  assert.equal(resolve('k8s.pod.labels')?.decl.name, 'k8s.pod.labels');
  assert.throws(() => resolve('k8s.pod.label'), /requires an argument/);
  assert.equal(resolve('container.label.maintainer')?.decl.name, 'container.label');
});

test('mount fields take an index or a path', () => {
  assert.equal(resolve('container.mount.dest', '/var/run/docker.sock')?.arg, '/var/run/docker.sock');
  assert.equal(resolve('container.mount.dest', '0')?.arg, 0);
  assert.equal(resolve('container.mount.dest', '0')?.decl.name, 'container.mount.dest');
  assert.throws(() => resolve('container.mount'), /requires an argument/);
});

test('other dotted arguments', () => {
  assert.equal(resolve('evt.type.is.open')?.arg, 'open');
  assert.equal(resolve('thread.cgroup.cpuacct')?.arg, 'cpuacct');
  assert.equal(resolve('evt.abspath')?.arg, undefined);
  assert.equal(resolve('evt.abspath.dst')?.arg, 'dst');
  assert.equal(resolve('evt.around', '1404996934793590564')?.arg, '1404996934793590564');
});

test('fields without an argument refuse one', () => {
  assert.throws(() => resolve('proc.name', '1'), /does not take an argument/);
});

test('a source rejects a duplicate field and keeps classes in order', () => {
  const r = new FieldRegistry();
  const d = { name: 'x.a', source: 's', fieldClass: 'x', type: 'CHARBUF', arg: 'none', desc: 'a test field' } as const;
  r.registerClass({ name: 'x', source: 's', shortDesc: '', desc: '', fields: [d] });
  assert.throws(() => r.register(d), /already registered/);
  assert.deepEqual(r.classes('s').map((c) => c.name), ['x']);
  assert.deepEqual(r.fields('s').map((f) => f.name), ['x.a']);
});
