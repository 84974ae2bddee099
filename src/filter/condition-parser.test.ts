import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from './condition-parser.js';
import { formatCondition } from './condition-formatter.js';
import { FilterSyntaxError } from './filter-errors.js';
import type { Expr } from './ast.js';

/** The AST without positions, for structural comparison. */
export function shape(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(shape);
  if (e && typeof e === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (k !== 'pos' && k !== 'quoted') out[k] = shape(v);
    return out;
  }
  return e;
}

const ACCEPT: [string, string][] = [
  // [input, formatted]
  ['proc.name = bash', 'proc.name = bash'],
  ['proc.name=bash', 'proc.name = bash'],
  ['proc.name==bash', 'proc.name == bash'],
  ['proc.name != bash', 'proc.name != bash'],
  ['proc.pid < 10', 'proc.pid < 10'],
  ['proc.pid<=0x1F', 'proc.pid <= 0x1F'],
  ['proc.pid > -1.5e+3', 'proc.pid > -1.5e+3'],
  ['proc.pid >= +7', 'proc.pid >= +7'],
  ['proc.name contains ba', 'proc.name contains ba'],
  ['proc.name icontains BA', 'proc.name icontains BA'],
  ['evt.buffer bcontains 0a0b', 'evt.buffer bcontains 0a0b'],
  ['proc.name startswith b', 'proc.name startswith b'],
  ['evt.buffer bstartswith 00', 'evt.buffer bstartswith 00'],
  ['proc.name endswith sh', 'proc.name endswith sh'],
  ['fd.name glob /etc/*', 'fd.name glob /etc/*'],
  ['fd.name iglob /ETC/*', 'fd.name iglob /ETC/*'],
  ['proc.name regex "^ba.*"', 'proc.name regex "^ba.*"'],
  ['proc.name in (a, "b c", 3)', 'proc.name in (a, "b c", 3)'],
  ['proc.name in ()', 'proc.name in ()'],
  ['proc.name in my_list', 'proc.name in my_list'],
  ['proc.args intersects (a,b)', 'proc.args intersects (a, b)'],
  ['fd.name pmatch (/etc, /usr/bin)', 'fd.name pmatch (/etc, /usr/bin)'],
  ['fd.name exists', 'fd.name exists'],
  ['fd.name startswith anyof (/etc, /usr)', 'fd.name startswith anyof (/etc, /usr)'],
  ['fd.name contains allof (a, b)', 'fd.name contains allof (a, b)'],
  ['proc.name = oneof (a, b)', 'proc.name = oneof (a, b)'],
  ['proc.name endswith oneof my_list', 'proc.name endswith oneof my_list'],
  ['proc.name = anyof', 'proc.name = "anyof"'],
  ['proc.name = anyof and a', 'proc.name = "anyof" and a'],
  ['a and b or c', 'a and b or c'],
  ['a and (b or c)', 'a and (b or c)'],
  ['(a and b) and c', '(a and b) and c'],
  ['a or b and c', 'a or b and c'],
  ['not a and b', 'not a and b'],
  ['not not a', 'a'],
  ['not not not a', 'not a'],
  ['not (a or b)', 'not (a or b)'],
  ['not(a or b)', 'not (a or b)'],
  ['a and(b or c)', 'a and (b or c)'],
  ['a or(b)', 'a or b'],
  ['((a))', 'a'],
  ['proc.aname[2] = bash', 'proc.aname[2] = bash'],
  ['proc.env[HOME] = /root', 'proc.env[HOME] = /root'],
  ['proc.env["MY VAR"] exists', 'proc.env["MY VAR"] exists'],
  ['evt.arg.name contains x', 'evt.arg.name contains x'],
  ['evt.arg[0] = 1', 'evt.arg[0] = 1'],
  ['tolower(proc.name) = bash', 'tolower(proc.name) = bash'],
  ['toupper( proc.name ) = BASH', 'toupper(proc.name) = BASH'],
  ['b64(proc.name) = x', 'b64(proc.name) = x'],
  ['basename(fd.name) = passwd', 'basename(fd.name) = passwd'],
  ['len(proc.args) > 2', 'len(proc.args) > 2'],
  ['tolower(basename(proc.exe)) = sh', 'tolower(basename(proc.exe)) = sh'],
  ['join(",", proc.args) = "a,b"', 'join(",", proc.args) = "a,b"'],
  ['concat(proc.name, "-", proc.pname) = a-b', 'concat(proc.name, "-", proc.pname) = a-b'],
  ['getopt(proc.args, "n:")[n] = x', 'getopt(proc.args, "n:")[n] = x'],
  ['join(",", (proc.name, "x", 3)) = y', 'join(",", (proc.name, "x", 3)) = y'],
  ['proc.name = val(proc.pname)', 'proc.name = val(proc.pname)'],
  ['proc.name = tolower(proc.pname)', 'proc.name = tolower(proc.pname)'],
  ['proc.pid > val(proc.ppid)', 'proc.pid > val(proc.ppid)'],
  ['proc.name in val(proc.args)', 'proc.name in val(proc.args)'],
  ["proc.name = 'single quoted'", 'proc.name = "single quoted"'],
  ['proc.name = "esc \\"q\\" \\\\ \\t"', 'proc.name = "esc \\"q\\" \\\\ \\t"'],
  ["proc.name = 'it\\'s'", 'proc.name = "it\'s"'],
  ['proc.name = "\\x41\\x42"', 'proc.name = "AB"'],
  ['proc.name = "\\xc3\\xa9"', 'proc.name = "é"'],
  ['proc.name = "\\/"', 'proc.name = "/"'],
  ['proc.name = a.b-c/d:e', 'proc.name = a.b-c/d:e'],
  ['proc.name = <NA>', 'proc.name = <NA>'],
  ['proc.name\n=\tbash\r\nand\nb', 'proc.name = bash and b'],
  ['evt.type in (open, openat) and evt.dir=<', 'evt.type in (open, openat) and evt.dir = <'],
  ['orphan_macro', 'orphan_macro'],
  ['a and andy', 'a and andy'],
  ['notable', 'notable'],
  ['evt.type in ("\\q")', 'evt.type in ()'],
];

for (const [input, formatted] of ACCEPT) {
  test(`parses: ${JSON.stringify(input)}`, () => {
    const ast = parseCondition(input);
    assert.ok(Object.isFrozen(ast));
    assert.equal(formatCondition(ast), formatted);
    // printing and parsing again gives the same tree
    assert.deepEqual(shape(parseCondition(formatCondition(ast))), shape(ast));
  });
}

const REJECT: [string, string, number][] = [
  // [input, message, offset]
  ['', 'filter input string is empty', 0],
  ['evt.type=execve execve', "unexpected token after 'execve', expecting 'or', 'and'", 16],
  ['evt.type=open open', "unexpected token after 'open', expecting 'or', 'and'", 14],
  ['proc.name = "x" y', "unexpected token after 'x', expecting 'or', 'and'", 16],
  ['evt.type in (a) x', "unexpected token after ')', expecting 'or', 'and'", 16],
  ['(a', "expected a ')' token", 2],
  ['a and', "expected blank or '(' after 'and'", 5],
  ['a and ', "expected a '(' token, a field check, or an identifier", 6],
  ['a andb', "expected blank or '(' after 'and'", 5],
  ['a orb', "expected blank or '(' after 'or'", 4],
  ['proc.name', "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'", 9],
  ['proc.name containsx', "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'", 10],
  ['proc.name = ', "expected a string value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'", 12],
  ['proc.pid > abc', "expected a number value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'", 11],
  ['proc.name in (a, b', "expected a ')' token", 18],
  ['proc.name in (a b)', "expected a ')' token", 16],
  ['proc.name in (a,)', 'expected a string value', 16],
  ['proc.name in', "expected a list, an identifier, or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'", 12],
  ['proc.name = anyof (a', "expected a ')' token", 20],
  ['proc.aname[2 = x', "expected a ']' token", 12],
  ['proc.aname[] = x', 'expected a valid field argument: a quoted string or a bare string', 11],
  ['tolower(proc.name = x', "expected a ')' token closing the transformer", 18],
  ['tolower() = x', 'expected field transformer argument: field, transformer, quoted string, number, or transformer list', 8],
  ['proc.name = val(x)', "expected a field within 'val' transformer", 16],
  ['proc.name = val(proc.pname', "expected a ')' token closing the transformer", 26],
  ['join(",", (proc.name x)) = y', "expected ')'", 21],
  ['join(",", (x)) = y', 'expected transformer list argument: field, transformer, quoted string, or number', 11],
  ['proc.name = "\\q"', 'unsupported string escape sequence: \\q', 16],
  ['proc.name = "\\\'"', 'invalid \\\' escape in "-quoted string', 16],
  ["proc.name = '\\\"'", 'invalid \\" escape in \'-quoted string', 16],
  ['proc.name = "\\x4"', 'truncated hex char escape sequence', 17],
  ['proc.name = "\\xzz"', 'invalid hex char escape sequence: zz', 18],
  ['proc.name = "unterminated', "expected a string value or a field with a valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'", 12],
  ['val(proc.name) = x', "unexpected token after 'val', expecting 'or', 'and'", 3],
  [')', "expected a '(' token, a field check, or an identifier", 0],
];

for (const [input, message, offset] of REJECT) {
  test(`rejects: ${JSON.stringify(input)}`, () => {
    assert.throws(() => parseCondition(input), (e: unknown) => {
      assert.ok(e instanceof FilterSyntaxError, String(e));
      assert.equal(e.message, message);
      assert.equal(e.offset, offset);
      assert.equal(e.code, 'FILTER_SYNTAX');
      return true;
    });
  });
}

test('positions count lines and columns like libsinsp (CR and LF each break a line)', () => {
  const e = catchSyntax('a and\n  b\r\n  c');
  assert.deepEqual([e.offset, e.line, e.column], [13, 4, 3]);
  const ast = parseCondition('a and\n  proc.name = x') as Extract<Expr, { kind: 'and' }>;
  assert.deepEqual(ast.children[1].pos, { offset: 8, line: 2, column: 3 });
});

test('recursion depth is capped', () => {
  const deep = '('.repeat(400) + 'a' + ')'.repeat(400);
  assert.throws(() => parseCondition(deep), /exceeded max depth limit of 1000/);
  assert.doesNotThrow(() => parseCondition('('.repeat(100) + 'a' + ')'.repeat(100)));
  assert.throws(() => parseCondition('((a))', { maxDepth: 5 }), /exceeded max depth limit of 5/);
});

test('a backslash before the closing quote keeps the string open, as in libsinsp', () => {
  // "a\\" does not end at the second quote: the string runs on to the next one
  assert.throws(() => parseCondition('proc.name = "a\\\\" or "b"'), /unexpected token after 'a\\" or '/);
  const ast = parseCondition('proc.name = "a\\\\" or "') as Extract<Expr, { kind: 'binary' }>;
  assert.equal(ast.right.kind === 'value' && ast.right.value, 'a\\" or ');
});

function catchSyntax(text: string): FilterSyntaxError {
  try {
    parseCondition(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a syntax error');
}
