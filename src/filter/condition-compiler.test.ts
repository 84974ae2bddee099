import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from './condition-parser.js';
import { compileCondition } from './condition-compiler.js';
import { FilterCompileError } from './filter-errors.js';
import { testRegistry, type Ctx } from './condition-test-fixtures.js';

const registry = testRegistry();
const compile = (cond: string) => compileCondition<Ctx>(parseCondition(cond), { registry, source: 'syscall' });
const ip = (s: string) => Uint8Array.from(s.includes(':') ? ipv6(s) : s.split('.').map(Number));
function ipv6(s: string): number[] {
  const [h, t = ''] = s.split('::');
  const g = (x: string) => (x ? x.split(':').map((p) => parseInt(p, 16)) : []);
  const hs = g(h), ts = g(t);
  const all = [...hs, ...new Array(8 - hs.length - ts.length).fill(0), ...ts];
  return all.flatMap((x) => [x >> 8, x & 0xff]);
}
const buf = (s: string) => Uint8Array.from(Buffer.from(s));

// [condition, event, expected]
const CASES: [string, Ctx, boolean][] = [
  // strings
  ['proc.name = bash', { 'proc.name': 'bash' }, true],
  ['proc.name == bash', { 'proc.name': 'sh' }, false],
  ['proc.name != bash', { 'proc.name': 'sh' }, true],
  ['proc.name != bash', {}, false],
  ['proc.name = bash', {}, false],
  ['proc.name < 5', { 'proc.name': '4' }, true],
  ['proc.name >= 5', { 'proc.name': '4' }, false],
  ['proc.name contains as', { 'proc.name': 'bash' }, true],
  ['proc.name contains ""', { 'proc.name': 'bash' }, true],
  ['proc.name icontains AS', { 'proc.name': 'BaSh' }, true],
  ['proc.name icontains x', { 'proc.name': 'BaSh' }, false],
  ['proc.name startswith ba', { 'proc.name': 'bash' }, true],
  ['proc.name endswith sh', { 'proc.name': 'bash' }, true],
  ['proc.name endswith ba', { 'proc.name': 'bash' }, false],
  ['fd.name glob /etc/*', { 'fd.name': '/etc/a/b' }, true],
  ['fd.name glob "/etc/?a[!x]"', { 'fd.name': '/etc/bab' }, true],
  ['fd.name glob "/etc/[a-c]*.conf"', { 'fd.name': '/etc/d.conf' }, false],
  ['fd.name iglob /ETC/*.CONF', { 'fd.name': '/etc/x.conf' }, true],
  ['fd.name glob /ETC/*', { 'fd.name': '/etc/x' }, false],
  ['proc.name regex "ba.h"', { 'proc.name': 'bash' }, true],
  ['proc.name regex "as"', { 'proc.name': 'bash' }, false],
  ['proc.name regex "[[:alpha:]]+[0-9]"', { 'proc.name': 'bash5' }, true],
  ['proc.name in (sh, bash)', { 'proc.name': 'bash' }, true],
  ['proc.name in (sh, zsh)', { 'proc.name': 'bash' }, false],
  ['proc.name in (bash)', { 'proc.name': 'bash' }, true],
  ['proc.name in ()', { 'proc.name': 'bash' }, false],
  ['proc.name intersects (bash, x)', { 'proc.name': 'bash' }, true],
  ['fd.name pmatch (/etc, /usr/lib)', { 'fd.name': '/usr/lib/x.so' }, true],
  ['fd.name pmatch (/etc, /usr/lib)', { 'fd.name': '/usr/libexec/x' }, false],
  ['fd.name pmatch (/etc, /usr/lib)', { 'fd.name': '/etc' }, true],
  ['fd.name pmatch (/var/*/x)', { 'fd.name': '/var/lib/x/y' }, true],
  ['fd.name pmatch (/)', { 'fd.name': '/anything' }, true],
  // modifiers
  ['fd.name startswith anyof (/etc, /usr)', { 'fd.name': '/usr/bin' }, true],
  ['fd.name startswith anyof (/etc, /usr)', { 'fd.name': '/var' }, false],
  ['fd.name contains allof (a, b)', { 'fd.name': '/ab' }, true],
  ['fd.name contains allof (a, b)', { 'fd.name': '/a' }, false],
  ['fd.name contains oneof (a, b)', { 'fd.name': '/a' }, true],
  ['fd.name contains oneof (a, b)', { 'fd.name': '/ab' }, false],
  ['proc.name = anyof (a, bash)', { 'proc.name': 'bash' }, true],
  ['proc.name != allof (a, bash)', { 'proc.name': 'bash' }, false],
  ['proc.name != allof (a, b)', { 'proc.name': 'bash' }, true],
  ['proc.name regex anyof ("x.*", "b.*")', { 'proc.name': 'bash' }, true],
  ['proc.name startswith anyof ()', { 'proc.name': 'bash' }, false],
  ['proc.pid = oneof (1, 2)', { 'proc.pid': 2 }, true],
  ['proc.pid != allof (1, 2)', { 'proc.pid': 2 }, false],
  ['proc.pid != allof (1, 2)', { 'proc.pid': 3 }, true],
  ['fd.name = anyof', { 'fd.name': 'anyof' }, true],
  // exists and missing values
  ['proc.name exists', { 'proc.name': '' }, true],
  ['proc.name exists', {}, false],
  ['not proc.name exists', {}, true],
  ['not proc.name = x', {}, true],
  ['proc.pid != 1', {}, false],
  ['proc.name in (a)', {}, false],
  // numbers
  ['proc.pid = 42', { 'proc.pid': 42 }, true],
  ['proc.pid != 42', { 'proc.pid': 41 }, true],
  ['proc.pid < 42', { 'proc.pid': 41 }, true],
  ['proc.pid <= 42', { 'proc.pid': 42 }, true],
  ['proc.pid > 42', { 'proc.pid': 42 }, false],
  ['proc.pid >= -1', { 'proc.pid': -1 }, true],
  ['proc.pid in (1, 2, 3)', { 'proc.pid': 3 }, true],
  ['proc.pid in (1, 2, 3)', { 'proc.pid': 4 }, false],
  ['proc.pid intersects (4)', { 'proc.pid': 4 }, true],
  ['fd.num = -1', { 'fd.num': -1 }, true],
  ['user.uid = 0', { 'user.uid': 0 }, true],
  ['user.uid = -1', { 'user.uid': 4294967295 }, true],
  ['evt.res.small = 255', { 'evt.res.small': -1 }, true],
  ['evt.flags8 = 257', { 'evt.flags8': 1 }, true],
  ['fd.sport = 443', { 'fd.sport': 443 }, true],
  ['fd.sport = https', { 'fd.sport': 443 }, true],
  ['fd.sport in (ssh, 8080)', { 'fd.sport': 22 }, true],
  ['evt.rawtime > 1000', { 'evt.rawtime': 1001n }, true],
  ['evt.latency = 18446744073709551615', { 'evt.latency': 18446744073709551615n }, true],
  ['evt.rawtime in (1, 2)', { 'evt.rawtime': 2n }, true],
  ['cpu.load > 1', { 'cpu.load': 1.5 }, true],
  // booleans
  ['evt.is_io = true', { 'evt.is_io': true }, true],
  ['evt.is_io = false', { 'evt.is_io': true }, false],
  ['evt.is_io != false', { 'evt.is_io': true }, true],
  // addresses and networks
  ['fd.ip = 10.0.0.1', { 'fd.ip': ip('10.0.0.1') }, true],
  ['fd.ip = 10.0.0.1', { 'fd.ip': ip('10.0.0.2') }, false],
  ['fd.ip != 10.0.0.1', { 'fd.ip': ip('::1') }, true],
  ['fd.ip = "::1"', { 'fd.ip': ip('::1') }, true],
  ['fd.ip = "2001:db8::1"', { 'fd.ip': ip('2001:db8::1') }, true],
  ['fd.ip in (10.0.0.1, 10.0.0.2)', { 'fd.ip': ip('10.0.0.2') }, true],
  ['fd.ip in (10.0.0.1, "::1")', { 'fd.ip': ip('10.0.0.3') }, false],
  ['fd.net = 10.0.0.0/8', { 'fd.net': ip('10.1.2.3') }, true],
  ['fd.net = 10.0.0.0/8', { 'fd.net': ip('11.1.2.3') }, false],
  ['fd.net != 10.0.0.0/8', { 'fd.net': ip('11.1.2.3') }, true],
  ['fd.net = 192.168.0.0/23', { 'fd.net': ip('192.168.1.200') }, true],
  ['fd.net in (127.0.0.0/8, 192.168.0.0/16)', { 'fd.net': ip('192.168.9.9') }, true],
  ['fd.net = "2001:db8::/32"', { 'fd.net': ip('2001:db8:1::5') }, true],
  ['fd.net = "2001:db8::/32"', { 'fd.net': ip('10.0.0.1') }, false],
  ['fd.net = anyof (10.0.0.0/8, 11.0.0.0/8)', { 'fd.net': ip('11.0.0.1') }, true],
  // byte buffers
  ['evt.buffer bcontains 6869', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer bcontains 6869', { 'evt.buffer': buf('oh') }, false],
  ['evt.buffer bstartswith 6f68', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer bstartswith 68', { 'evt.buffer': buf('ohhi') }, false],
  ['evt.buffer contains hh', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer startswith oh', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer endswith hi', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer = ohhi', { 'evt.buffer': buf('ohhi') }, true],
  ['evt.buffer != ohhi', { 'evt.buffer': buf('ohh') }, true],
  ['evt.buffer in (a, ohhi)', { 'evt.buffer': buf('ohhi') }, true],
  // list fields
  ['proc.args in (a, b, c)', { 'proc.args': ['a', 'c'] }, true],
  ['proc.args in (a, b, c)', { 'proc.args': ['a', 'd'] }, false],
  ['proc.args in (a, b)', { 'proc.args': [] }, true],
  ['proc.args intersects (a, b)', { 'proc.args': ['x', 'b'] }, true],
  ['proc.args intersects (a, b)', { 'proc.args': ['x'] }, false],
  ['proc.args exists', { 'proc.args': [] }, true],
  ['evt.counts in (1, 2)', { 'evt.counts': [1n, 2n].map(Number) }, true],
  ['fd.ips intersects (10.0.0.1)', { 'fd.ips': [ip('1.1.1.1'), ip('10.0.0.1')] }, true],
  ['fd.ips in (10.0.0.1)', { 'fd.ips': [ip('1.1.1.1'), ip('10.0.0.1')] }, false],
  ['fd.nets intersects (10.0.0.0/8)', { 'fd.nets': [ip('10.9.9.9')] }, true],
  // any-ancestor fields
  ['proc.aname = sshd', { 'proc.aname': ['bash', 'sshd', 'init'] }, true],
  ['proc.aname = cron', { 'proc.aname': ['bash', 'sshd', 'init'] }, false],
  ['proc.aname in (cron, init)', { 'proc.aname': ['bash', 'init'] }, true],
  ['proc.aname[1] = bash', { 'proc.aname[1]': 'bash' }, true],
  ['proc.aname exists', { 'proc.aname': ['a'] }, true],
  // arguments
  ['proc.env[HOME] = /root', { 'proc.env[HOME]': '/root' }, true],
  ['evt.arg.name = x', { 'evt.arg[name]': 'x' }, true],
  ['evt.arg[0] = x', { 'evt.arg[0]': 'x' }, true],
  // transformers
  ['tolower(proc.name) = bash', { 'proc.name': 'BaSH' }, true],
  ['toupper(proc.name) = BASH', { 'proc.name': 'bash' }, true],
  ['tolower(proc.name) = "é"', { 'proc.name': 'é' }, true],
  ['tolower(proc.name) = "é"', { 'proc.name': 'É' }, false],
  ['basename(fd.name) = passwd', { 'fd.name': '/etc/passwd' }, true],
  ['basename(fd.name) = passwd', { 'fd.name': 'passwd' }, true],
  ['basename(fd.name) = ""', { 'fd.name': '/etc/' }, true],
  ['b64(proc.name) = hello', { 'proc.name': 'aGVsbG8=' }, true],
  ['b64(proc.name) = hello', { 'proc.name': 'aGVsbG8' }, true],
  ['b64(proc.name) exists', { 'proc.name': 'not base64!' }, false],
  ['len(proc.name) = 4', { 'proc.name': 'bash' }, true],
  ['len(proc.name) = 2', { 'proc.name': 'é' }, true],
  ['len(proc.args) > 1', { 'proc.args': ['a', 'b'] }, true],
  ['len(evt.buffer) = 3', { 'evt.buffer': buf('abc') }, true],
  ['len(proc.name) = 0', {}, false],
  ['tolower(basename(proc.exe)) = sh', { 'proc.exe': '/BIN/SH' }, true],
  ['tolower(proc.args) intersects (a)', { 'proc.args': ['A'] }, true],
  ['join(",", proc.args) = "a,b"', { 'proc.args': ['a', 'b'] }, true],
  ['join(",", (proc.name, proc.pname)) = "a,b"', { 'proc.name': 'a', 'proc.pname': 'b' }, true],
  ['concat(proc.name, "-", proc.pname) = a-b', { 'proc.name': 'a', 'proc.pname': 'b' }, true],
  ['concat(proc.name, "-", proc.pname) exists', { 'proc.name': 'a' }, false],
  ['getopt(proc.args, "n:v")[n] = x', { 'proc.args': ['-v', '-n', 'x', 'rest'] }, true],
  ['getopt(proc.args, "n:v")[n] = x', { 'proc.args': ['-vnx'] }, true],
  ['getopt(proc.args, "n:v")[v] exists', { 'proc.args': ['run', '-v'] }, false],
  ['getopt(proc.args, "n:v") intersects ("?")', { 'proc.args': ['-z'] }, true],
  ['len(getopt(proc.args, "n:v")) = 3', { 'proc.args': ['-v', '-n', 'x'] }, true],
  // right-hand side fields
  ['proc.name = val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'a' }, true],
  ['proc.name != val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'a' }, false],
  ['proc.name = val(proc.pname)', { 'proc.name': 'a' }, false],
  ['proc.name != val(proc.pname)', { 'proc.name': 'a' }, false],
  ['proc.pid > val(proc.ppid)', { 'proc.pid': 5, 'proc.ppid': 1 }, true],
  ['proc.name = tolower(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'A' }, true],
  ['fd.name startswith val(fs.path.name)', { 'fd.name': '/etc/x', 'fs.path.name': '/etc' }, true],
  ['proc.name contains val(proc.pname)', { 'proc.name': 'bash', 'proc.pname': 'as' }, true],
  ['proc.name glob val(proc.pname)', { 'proc.name': 'bash', 'proc.pname': 'b*' }, true],
  ['fd.ip = val(fd.sip)', { 'fd.ip': ip('1.2.3.4'), 'fd.sip': ip('1.2.3.4') }, true],
  ['proc.args intersects val(proc.argv)', { 'proc.args': ['a', 'b'], 'proc.argv': ['b'] }, true],
  ['proc.args in val(proc.argv)', { 'proc.args': ['a', 'b'], 'proc.argv': ['b'] }, false],
  // boolean structure
  ['proc.name = a and proc.pid = 1', { 'proc.name': 'a', 'proc.pid': 1 }, true],
  ['proc.name = a and proc.pid = 1', { 'proc.name': 'a', 'proc.pid': 2 }, false],
  ['proc.name = a or proc.pid = 1', { 'proc.name': 'b', 'proc.pid': 1 }, true],
  ['not (proc.name = a or proc.pid = 1)', { 'proc.name': 'b', 'proc.pid': 2 }, true],
  ['proc.name = a or proc.name = b and proc.pid = 1', { 'proc.name': 'a', 'proc.pid': 2 }, true],
];

for (const [cond, ctx, expected] of CASES) {
  test(`${cond} on ${JSON.stringify(ctx, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v))} -> ${expected}`, () => {
    assert.equal(compile(cond).match(ctx), expected);
  });
}

test('each field is extracted at most once per evaluation, lazily', () => {
  const c = compile('(proc.name = a or proc.name = b or tolower(proc.name) = c) and proc.pid > 0');
  const calls: Record<string, number> = {};
  assert.equal(c.match({ 'proc.name': 'C', 'proc.pid': 1, calls }), true);
  assert.deepEqual(calls, { 'proc.name': 1, 'proc.pid': 1 });
  const calls2: Record<string, number> = {};
  assert.equal(c.match({ 'proc.name': 'z', 'proc.pid': 1, calls: calls2 }), false);
  assert.deepEqual(calls2, { 'proc.name': 1 });
});

test('the generated code hoists constants and walks no AST', () => {
  const c = compile('proc.name in (a, b, c) and proc.name icontains ABC and proc.name regex "x+"');
  assert.match(c.code, /k\d+\.has\(/);
  assert.match(c.code, /\.test\(/);
  assert.doesNotMatch(c.code, /new RegExp|new Set/);
  assert.deepEqual(c.fields.map((f) => f.text), ['proc.name']);
});

test('fields without an extractor compile, and throw a clear error when evaluated', () => {
  const c = compile('container.id = abc');
  assert.throws(() => c.match({}), /field 'container.id' has no extractor yet/);
});

const ERRORS: [string, string | RegExp][] = [
  ['proc.nobody = x', 'filter_check called with nonexistent field proc.nobody'],
  ['proc.nobody[3] = x', 'filter_check called with nonexistent field proc.nobody[3]'],
  ['some_macro', "filter error: unexpected identifier 'some_macro'"],
  ['proc.pid contains 1', "filter error: 'contains' operator not supported for numeric filters"],
  ['proc.pid glob 1', "filter error: 'glob' operator not supported for numeric filters"],
  ['evt.is_io < 1', "filter error: '<' operator not supported for numeric filters"],
  ['proc.name bcontains 00', "filter error: 'bcontains' operator not supported for string filters"],
  ['evt.buffer regex x', "filter error: 'regex' operator not supported for buffer filters"],
  ['fd.ip contains 1', "filter error: 'contains' operator not supported for ip address and network filters"],
  ['fd.ip startswith anyof (1)', "filter error: 'startswith' with modifier not supported for ip address and network filters"],
  ['proc.args = a', "filter error: '=' operator not supported list filters"],
  ['evt.pids in (1)', "filter error: list filters are not supported for type 'INT64'"],
  ['proc.pid = abc', 'abc is not a valid number'],
  ['proc.pid = 0x10', '0x10 is not a valid number'],
  ['cpu.load = 1.5', '1.5 is not a valid number'],
  ['evt.is_io = yes', 'filter error: unrecognized boolean value yes'],
  ['fd.ip = 10.0.0', 'unrecognized IPv4 address 10.0.0'],
  ['fd.ip = "zz::1"', 'unrecognized IPv6 address zz::1'],
  ['fd.ip = 10.0.0.0/8', 'unrecognized IPv4 address 10.0.0.0/8'],
  ['fd.net = 10.0.0.1', 'unrecognized IP network 10.0.0.1'],
  ['fd.net = 10.0.0.0/33', 'invalid netmask 33'],
  ['fd.sport = nosuchservice', 'unrecognized protocol nosuchservice'],
  ['evt.buffer bcontains xyz', 'filter error: bcontains and bstartswith operator support hex strings only'],
  ['proc.name = "a\\x00b"', 'filter error: filter value cannot contain a NUL byte (\\x00)'],
  ['proc.name regex "(a"', /^invalid regex pattern: /],
  ['proc.name regex "(a)\\\\1"', 'invalid regex pattern: invalid escape sequence: \\1'],
  ['proc.name regex "a(?=b)"', /^invalid regex pattern: invalid or unsupported Perl syntax/],
  ['tolower(proc.pid) = 1', "can't add field transformer: type 'INT64' is not supported by 'tolower' transformer applied on field 'proc.pid'"],
  ['b64(fd.name) = x', "can't add field transformer: type 'FSPATH' is not supported by 'b64' transformer applied on field 'fd.name'"],
  ['len(proc.pid) = 1', "can't add field transformer: type 'INT64' is not supported by 'len' transformer applied on field 'proc.pid'"],
  ['tolower(proc.aname) = x', "field 'proc.aname' does not support transformers"],
  ['tolower(proc.name)[x] = y', "filter error: transformer 'tolower' does not support field arguments"],
  ['tolower(proc.name, proc.exe) = y', "filter error: transformer 'tolower' takes exactly one argument"],
  ['join(",", proc.name) = x', 'join() second argument must be a list'],
  ['join(proc.args, proc.args) = x', 'join() first argument (separator) must be a single value, not a list'],
  ['concat(proc.name) = x', 'concat() requires at least 2 arguments'],
  ['concat(proc.name, fd.name) = x', 'concat() arguments must be strings'],
  ['getopt(proc.name, "a") = x', 'getopt() first argument must be a list'],
  ['getopt(proc.args, "a")[ab] = x', 'getopt() field argument must be a single option character'],
  ['proc.name = val(proc.pid)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.pid' has incompatible type 'INT64'"],
  ['proc.name in val(proc.args)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.args' has incompatible type 'CHARBUF (list)'"],
  ['proc.name = val(proc.aname)', "field 'proc.aname' can't be used as a right-hand side field"],
  ['proc.aname = val(proc.name)', "field 'proc.aname' doesn't support right-hand side fields"],
  ['fd.name pmatch val(fs.path.name)', "operator 'PMATCH' doesn't support right-hand side fields"],
  ['fd.net = val(fd.ip)', "field type 'IPNET' doesn't support right-hand side fields"],
  ['proc.name = val(proc.pname)[x]', "filter error: transformer 'val' does not support field arguments"],
  ['evt.arg = x', /requires an argument/],
  ['proc.aname[x] = y', /requires a numeric index/],
  ['evt.time.out = x', "field 'evt.time.out' can only be used in outputs, not in conditions"],
];

for (const [cond, message] of ERRORS) {
  test(`compile error: ${cond}`, () => {
    assert.throws(() => compile(cond), (e: unknown) => {
      assert.ok(e instanceof FilterCompileError, String(e));
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      assert.ok(e.line >= 1 && e.column >= 1);
      return true;
    });
  });
}

test('compile errors point at the offending node', () => {
  try {
    compile('proc.name = a and\n  proc.nobody = x');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof FilterCompileError);
    assert.equal(e.code, 'FILTER_UNKNOWN_FIELD');
    assert.deepEqual([e.line, e.column, e.offset], [2, 3, 20]);
  }
});

test('LOAD_COMPILE_CONDITION hints: plain regex, field or transformer used as a string', () => {
  const w = (cond: string) => compile(cond).warnings.map((x) => x.message);
  assert.deepEqual(w('proc.name regex "^bash$"'), [
    "regex check with '^bash$' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'",
  ]);
  assert.deepEqual(w('proc.name regex ".*bash"').length, 1);
  assert.deepEqual(w('proc.name regex "ba(sh|tch)"'), []);
  assert.deepEqual(w('proc.name = proc.pname'), ["'proc.pname' may be a valid field misused as a const string value"]);
  assert.deepEqual(w('proc.name = "tolower(proc.pname)"'), ["'tolower(proc.pname)' may be a valid field transformer misused as a const string value"]);
  assert.deepEqual(w('proc.name = bash'), []);
});
