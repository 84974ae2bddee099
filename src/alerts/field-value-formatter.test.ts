import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitWidth, ipText, valueJson, valueText } from './field-value-formatter.js';
import { formatDouble17, jsonQuote, jsonQuoteLower } from './json-text.js';

test('text values by type', () => {
  assert.equal(valueText(undefined, 'CHARBUF'), '<NA>');
  assert.equal(valueText('x', 'CHARBUF'), 'x');
  assert.equal(valueText(-3, 'INT64'), '-3');
  assert.equal(valueText(18446744073709551615n, 'UINT64'), '18446744073709551615');
  assert.equal(valueText(true, 'BOOL'), 'true');
  assert.equal(valueText(false, 'BOOL'), 'false');
  assert.equal(valueText(2.25, 'DOUBLE'), '2.3');
  assert.equal(valueText(['a', 'b'], 'CHARBUF'), '(a,b)');
  assert.equal(valueText([], 'CHARBUF'), '()');
  assert.equal(valueText(Uint8Array.of(104, 105, 0, 120), 'BYTEBUF'), 'hi');
  assert.equal(valueText(-1, 'INT32', 'hex'), 'FFFFFFFF');
  assert.equal(valueText(42, 'RELTIME', 'padded'), '000000042');
  assert.equal(valueText(5n, 'ABSTIME', 'padded'), '000000005');
});

test('IPv4 and IPv6 text as inet_ntop writes it', () => {
  assert.equal(ipText(Uint8Array.of(127, 0, 0, 1)), '127.0.0.1');
  const v6 = (...w: number[]) => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 255]));
  assert.equal(ipText(v6(0, 0, 0, 0, 0, 0, 0, 0)), '::');
  assert.equal(ipText(v6(0, 0, 0, 0, 0, 0, 0, 1)), '::1');
  assert.equal(ipText(v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1)), '2001:db8::1:0:0:1');
  assert.equal(ipText(v6(0xfe80, 0, 0, 0, 0, 0, 0, 0)), 'fe80::');
  assert.equal(ipText(v6(1, 0, 2, 0, 3, 0, 4, 0)), '1:0:2:0:3:0:4:0');
  assert.equal(ipText(v6(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001)), '::ffff:10.0.0.1');
  assert.equal(ipText(v6(0, 0, 0, 0, 0, 0, 0x0a00, 0x0001)), '::10.0.0.1');
  assert.equal(valueText(v6(0, 0, 0, 0, 0, 0, 0, 1), 'IPADDR'), '::1');
});

test('JSON values by type', () => {
  assert.equal(valueJson(undefined, 'CHARBUF'), 'null');
  assert.equal(valueJson('a"b', 'CHARBUF'), '"a\\"b"');
  assert.equal(valueJson(7, 'UINT32'), '7');
  assert.equal(valueJson(7n, 'ABSTIME'), '7');
  assert.equal(valueJson(0.1, 'DOUBLE'), '0.10000000000000001');
  assert.equal(valueJson(true, 'BOOL'), 'true');
  assert.equal(valueJson([1, 2], 'UINT64'), '[1,2]');
  assert.equal(valueJson([], 'UINT64'), 'null');
  assert.equal(valueJson(Uint8Array.of(1, 2, 3, 4), 'IPADDR'), '"1.2.3.4"');
  assert.equal(valueJson(255, 'INT32', 'hex'), '"FF"');
});

test('JSON quoting as the two writers do it', () => {
  assert.equal(jsonQuote('a/b é'), '"a/b é"');
  assert.equal(jsonQuote('\t\n\r\b\f\\"\x01\x1f'), '"\\t\\n\\r\\b\\f\\\\\\"\\u0001\\u001F"');
  assert.equal(jsonQuoteLower('\x1f'), '"\\u001f"');
  assert.equal(formatDouble17(1.5), '1.5');
  assert.equal(formatDouble17(1e-7), '9.9999999999999995e-08');
  assert.equal(formatDouble17(123456789012345678901), '1.2345678901234568e+20');
});

test('width: pad or cut', () => {
  assert.equal(fitWidth('abc', 5), 'abc  ');
  assert.equal(fitWidth('abcdef', 3), 'abc');
  assert.equal(fitWidth('abc', undefined), 'abc');
});
