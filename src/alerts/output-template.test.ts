// Output template parsing: segments, widths, `*`, transformers, and libsinsp's errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDefaultRegistry } from '../fields/index.js';
import { OutputTemplateError, parseOutputTemplate } from './output-template.js';

const registry = createDefaultRegistry();
const parse = (t: string) => parseOutputTemplate(t, registry, 'syscall');

test('splits text and fields, keeping positions and argument forms', () => {
  const t = parse('File opened (user=%user.name file=%fd.name args=%proc.aname[2] fd=%evt.arg.fd)');
  assert.equal(t.requireAllValues, true);
  assert.deepEqual(t.segments.map((s) => (s.kind === 'text' ? s.text : `<${s.text}>`)),
    ['File opened (user=', '<user.name>', ' file=', '<fd.name>', ' args=', '<proc.aname[2]>', ' fd=', '<evt.arg.fd>', ')']);
  assert.deepEqual(t.fieldTexts, ['user.name', 'fd.name', 'proc.aname[2]', 'evt.arg.fd']);
  const seg = t.segments[1]!;
  assert.ok(seg.kind === 'field' && seg.start === 18 && seg.end === 28 && seg.field.decl.name === 'user.name');
});

test('a token is the longest known field prefix', () => {
  const t = parse('%proc.names!');
  assert.deepEqual(t.segments.map((s) => (s.kind === 'text' ? s.text : `<${s.text}>`)), ['<proc.name>', 's!']);
  assert.deepEqual(parse('%proc.name.').segments.map((s) => (s.kind === 'text' ? s.text : `<${s.text}>`)), ['<proc.name>', '.']);
});

test('leading * relaxes missing values; widths and transformers', () => {
  const t = parse('*%10proc.name %tolower(proc.name) %fd.name');
  assert.equal(t.requireAllValues, false);
  const [a, , b] = t.segments;
  assert.ok(a!.kind === 'field' && a!.width === 10 && a!.text === 'proc.name');
  assert.ok(b!.kind === 'field' && b!.transformer === 'tolower' && b!.field.decl.name === 'proc.name');
  assert.deepEqual(t.fieldTexts, ['proc.name', 'tolower(proc.name)', 'fd.name']);
});

test('errors in libsinsp wording', () => {
  const err = (t: string) => {
    try {
      parse(t);
    } catch (e) {
      assert.ok(e instanceof OutputTemplateError);
      return e.message;
    }
    return 'no error';
  };
  assert.equal(err(''), 'empty formatting token');
  assert.equal(err('abc %'), 'invalid formatting syntax: formatting cannot end with a %');
  assert.equal(err('abc %12'), 'invalid formatting syntax: formatting cannot end with a number');
  assert.equal(err('An open was seen %not_a_real_field'), 'invalid formatting token not_a_real_field');
  assert.equal(err('x %% y'), 'invalid formatting token % y');
  assert.equal(err('%nosuch.field rest'), 'invalid formatting token nosuch.field rest');
});
