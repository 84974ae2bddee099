import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { FieldRegistry } from '../fields/field-registry.js';
import type { FieldDecl, FieldType } from '../fields/field.js';
import type { EngineRule } from '../engine/engine-rule.js';
import { Priority } from '../rules/priority.js';
import { AlertFormatter } from './alert-formatter.js';
import { setLocalOffsetSeconds } from './alert-time.js';
import { formatInternalAlert } from './internal-alert.js';
import { parseOutputTemplate } from './output-template.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';
import { join } from 'node:path';

const SUITE = join(CONFORMANCE_DIR, 'legacy-suite', 'output_files');

function decl(name: string, type: FieldType, get: (ctx: any, arg: unknown) => unknown, extra: Partial<FieldDecl> = {}): FieldDecl {
  return { name, source: 'syscall', fieldClass: 'test', type, arg: 'none', desc: '', bind: (arg) => (ctx) => get(ctx, arg) as any, ...extra };
}

const registry = new FieldRegistry();
registry.registerAll([
  decl('proc.cmdline', 'CHARBUF', (c) => c.cmdline),
  decl('proc.name', 'CHARBUF', (c) => c.name),
  decl('proc.pid', 'PID', (c) => c.pid),
  decl('fd.sip', 'IPADDR', (c) => c.sip),
  decl('fd.cport', 'PORT', (c) => c.cport),
  decl('fd.types', 'CHARBUF', (c) => c.types, { isList: true, arg: 'index-optional' }),
  decl('evt.is_open_read', 'BOOL', (c) => c.isRead),
  decl('evt.rawtime', 'ABSTIME', (c) => c.ts),
  decl('evt.time', 'CHARBUF', () => 'should not appear in JSON'),
  decl('fd.dev', 'INT32', (c) => c.dev),
  decl('proc.env', 'CHARBUF', (c, a) => (a === undefined ? undefined : c.env?.[a as string]), { arg: 'key-optional' }),
]);

function rule(name: string, output: string, priority = Priority.Warning, tags: string[] = []): EngineRule {
  return {
    name, source: 'syscall', priority, tags, enabled: true, eventTypes: undefined, match: () => true,
    outputTemplate: parseOutputTemplate(output, registry, 'syscall'),
  };
}

function expectedTimes(): bigint[] {
  // 2016-08-04T16:17:57.881781397 ... taken from the reference text file's lines
  const lines = readFileSync(`${SUITE}/single_rule_with_cat_write.txt`, 'utf8').trim().split('\n');
  return lines.map((l) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{9})/.exec(l)!;
    const sec = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
    return BigInt(sec) * 1_000_000_000n + BigInt(m[7]!);
  });
}

const haveSuite = existsSync(`${SUITE}/single_rule_with_cat_write.txt`);

test('text alerts match Falco byte for byte (time_format_iso_8601)', { skip: !haveSuite && 'suite output files absent' }, () => {
  const f = new AlertFormatter({ json: false, timeIso8601: true, hostname: 'test-falco-hostname' });
  const r = rule('open_from_cat', 'An open was seen (command=%proc.cmdline)');
  const got = expectedTimes().map((ts) => f.format(r, { cmdline: 'cat /dev/null' }, ts).line).join('\n');
  assert.equal(got, readFileSync(`${SUITE}/single_rule_with_cat_write.txt`, 'utf8').trimEnd());
});

test('JSON alerts match Falco byte for byte', { skip: !haveSuite && 'suite output files absent' }, () => {
  const f = new AlertFormatter({ json: true, timeIso8601: true, hostname: 'test-falco-hostname' });
  const r = rule('open_from_cat', 'An open was seen (command=%proc.cmdline)', Priority.Warning, ['testing', 'filesystem', 'process']);
  const got = expectedTimes().map((ts) => f.format(r, { cmdline: 'cat /dev/null' }, ts).line).join('\n');
  assert.equal(got, readFileSync(`${SUITE}/single_rule_with_cat_write.json`, 'utf8').trimEnd());
});

test('text line with the local time of day; <NA> for missing values; width padding', () => {
  setLocalOffsetSeconds(2 * 3600);
  try {
    const f = new AlertFormatter({ json: false, hostname: 'h' });
    const r = rule('r', '*cport=%fd.cport name=%8proc.name| pid=%2proc.pid', Priority.Informational);
    const a = f.format(r, { name: 'cat', pid: 12345 }, 1470327477881781397n);
    assert.equal(a.line, '18:17:57.881781397: Informational cport=<NA> name=cat     | pid=12');
    assert.equal(a.text, a.line);
    assert.equal(a.rule, 'r');
  } finally {
    setLocalOffsetSeconds(-new Date().getTimezoneOffset() * 60);
  }
});

test('JSON: value types, nulls, lists, sorted keys, no tags/output when turned off', () => {
  const f = new AlertFormatter({ json: true, includeOutput: false, includeTags: false, hostname: 'h"q' });
  const r = rule('r "1"', 'ip=%fd.sip port=%fd.cport t=%fd.types read=%evt.is_open_read raw=%evt.rawtime dev=%fd.dev home=%proc.env[HOME] at %evt.time', Priority.Critical);
  const ctx = { sip: Uint8Array.of(10, 0, 0, 1), types: ['ipv4', 'file'], isRead: false, ts: 5n, dev: 255, env: { HOME: '/root\n' } };
  const a = f.format(r, ctx, 1000000000123n);
  assert.equal(a.line,
    '{"hostname":"h\\"q","priority":"Critical","rule":"r \\"1\\"","source":"syscall","time":"1970-01-01T00:16:40.000000123Z", ' +
    '"output_fields": {"evt.is_open_read":false,"evt.rawtime":5,"evt.time":1000000000123,"fd.cport":null,"fd.dev":"FF","fd.sip":"10.0.0.1",' +
    '"fd.types":["ipv4","file"],"proc.env[HOME]":"/root\\n"}}');
  assert.ok(a.text.includes('ip=10.0.0.1 port=<NA> t=(ipv4,file) read=false raw=5 dev=FF home=/root\n at '));
  assert.ok(!a.line.includes('ip=10.0.0.1'));
  const g = new AlertFormatter({ json: true, hostname: 'h' });
  assert.match(g.format(rule('r', 'x'), {}, 0n).line, /"source":"syscall","tags":\[\],"time":/);
});

test('internal alerts: text and JSON forms', () => {
  setLocalOffsetSeconds(0);
  try {
    const input = { ts: 1470327477881781397n, priority: Priority.Debug, rule: 'Falco internal: syscall event drop', msg: 'Falco internal: syscall event drop. 1 system calls dropped in last second.', fields: { n_evts: '0', ebpf_enabled: '0' } };
    assert.equal(formatInternalAlert(input, false, 'h').line,
      '16:17:57.881781397: Debug Falco internal: syscall event drop. 1 system calls dropped in last second. (ebpf_enabled="0" n_evts="0")');
    assert.equal(formatInternalAlert(input, true, 'h').line,
      '{"hostname":"h","output":"Falco internal: syscall event drop. 1 system calls dropped in last second.","output_fields":{"ebpf_enabled":"0","n_evts":"0"},' +
      '"priority":"Debug","rule":"Falco internal: syscall event drop","source":"internal","time":"2016-08-04T16:17:57.881781397Z"}');
  } finally {
    setLocalOffsetSeconds(-new Date().getTimezoneOffset() * 60);
  }
});

test('JSON: message property and output_fields turned off', () => {
  const f = new AlertFormatter({ json: true, includeMessage: true, includeOutputFields: false, includeTags: false, timeIso8601: true, hostname: 'h' });
  const a = f.format(rule('r', 'cmd=%proc.cmdline'), { cmdline: 'ls' }, 1470327477881781397n);
  assert.equal(a.line, '{"hostname":"h","message":"cmd=ls","output":"2016-08-04T16:17:57.881781397+0000: Warning cmd=ls","priority":"Warning","rule":"r","source":"syscall","time":"2016-08-04T16:17:57.881781397Z"}');
});
