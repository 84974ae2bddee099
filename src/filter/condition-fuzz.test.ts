// Fuzz: thousands of generated and mutated conditions go through parse, expansion,
// event-type inference and compilation (and evaluation when they compile). Each must end
// in success or a coded filter error: never another exception, never a hang.
// Deterministic (fixed seed); seeds from the upstream rules files when they are present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parseCondition } from './condition-parser.js';
import { formatCondition } from './condition-formatter.js';
import { expandMacrosAndLists } from './macro-list-expander.js';
import { inferEventTypes } from './event-type-inference.js';
import { compileCondition } from './condition-compiler.js';
import { FilterCompileError, FilterSyntaxError } from './filter-errors.js';
import { loadUpstream, TEST_FIELDS, testCatalog, testRegistry, type Ctx } from './condition-test-fixtures.js';
import type { FieldDecl } from '../fields/field.js';
import type { Expr } from './ast.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';
import { join } from 'node:path';
import { seededRandom } from '../testing/seeded-random.js';

const UPSTREAM = join(CONFORMANCE_DIR, 'upstream-rules');
const SEED = 0x7e2c31;

const rng = seededRandom;

const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (n: number) => Math.floor(rand() * n);

const OPS = ['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith',
  'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', 'exists'];
const VALUES = ['bash', '"a b"', "'q'", '0', '-1', '42', '0x10', 'true', 'false', '10.0.0.1', '10.0.0.0/8', '"::1"',
  '"2001:db8::/32"', '6869', '/etc/*', '"[a-z]+"', '"(a"', '<NA>', '""', '"\\x41"', 'https', '18446744073709551615'];
const TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len'];
const fieldNames = TEST_FIELDS.map((f) => f.name).concat(['proc.aname[1]', 'proc.env[HOME]', 'evt.arg.name', 'evt.arg[0]', 'nope.field']);

function genOperand(depth: number): string {
  const r = rand();
  if (r < 0.15 && depth < 3) return `${pick(TRANSFORMERS)}(${genOperand(depth + 1)})`;
  if (r < 0.18) return `join(",", ${pick(fieldNames)})`;
  if (r < 0.2) return `concat(${pick(fieldNames)}, "-", ${pick(fieldNames)})`;
  if (r < 0.22) return `getopt(${pick(fieldNames)}, "n:")${rand() < 0.5 ? '[n]' : ''}`;
  return pick(fieldNames);
}

function genCheck(): string {
  const op = pick(OPS);
  const left = genOperand(0);
  if (op === 'exists') return `${left} exists`;
  if (op === 'in' || op === 'intersects' || op === 'pmatch') {
    return rand() < 0.2 ? `${left} ${op} val(${pick(fieldNames)})` : `${left} ${op} (${Array.from({ length: int(4) }, () => pick(VALUES)).join(', ')})`;
  }
  if (rand() < 0.1 && !op.startsWith('<') && !op.startsWith('>')) return `${left} ${op} ${pick(['anyof', 'allof', 'oneof'])} (${pick(VALUES)}, ${pick(VALUES)})`;
  if (rand() < 0.1) return `${left} ${op} val(${pick(fieldNames)})`;
  return `${left} ${op} ${pick(VALUES)}`;
}

function genCondition(depth = 0): string {
  const r = rand();
  if (depth > 4 || r < 0.4) return rand() < 0.1 ? pick(['m_shell', 'm_open', 'undefined_macro']) : genCheck();
  if (r < 0.6) return `${genCondition(depth + 1)} and ${genCondition(depth + 1)}`;
  if (r < 0.8) return `${genCondition(depth + 1)} or ${genCondition(depth + 1)}`;
  if (r < 0.9) return `not ${genCondition(depth + 1)}`;
  return `(${genCondition(depth + 1)})`;
}

const NOISE = ['(', ')', '"', "'", '\\', ' and ', ' or ', ' not ', 'not(', ' in ', '=', ',', '[', ']', 'val(', 'tolower(', ' anyof ',
  '0x', '\\x', '\n', '\t', '\r\n', 'evt.type', '<', ' exists', '*', '.', '\0', 'é'];

function mutate(s: string): string {
  let out = s;
  for (let n = 1 + int(3); n > 0; n--) {
    const i = int(out.length + 1);
    switch (int(5)) {
      case 0: out = out.slice(0, i) + out.slice(i + 1 + int(8)); break;
      case 1: out = out.slice(0, i) + pick(NOISE) + out.slice(i); break;
      case 2: { const j = int(out.length + 1); out = out.slice(0, i) + out.slice(Math.min(i, j), Math.max(i, j)) + out.slice(i); break; }
      case 3: out = out.slice(0, i); break;
      default: out = out.slice(0, i) + String.fromCharCode(32 + int(95)) + out.slice(i + 1);
    }
  }
  return out;
}

/** Values of the right type for every test field, so evaluation exercises the generated code. */
function sampleCtx(): Ctx {
  const ctx: Ctx = {};
  const v = (d: FieldDecl): unknown => {
    switch (d.type) {
      case 'CHARBUF': case 'FSPATH': case 'FSRELPATH': return pick(['bash', '/etc/passwd', '', 'aGVsbG8=', '<NA>']);
      case 'RELTIME': case 'ABSTIME': return BigInt(int(100));
      case 'BOOL': return rand() < 0.5;
      case 'IPADDR': case 'IPNET': return rand() < 0.5 ? Uint8Array.of(10, 0, 0, 1) : new Uint8Array(16);
      case 'BYTEBUF': return Uint8Array.from(Buffer.from('ohhi'));
      default: return int(100) - 10;
    }
  };
  for (const d of TEST_FIELDS) {
    if (rand() < 0.2) continue; // some fields have no value
    const key = d.name;
    ctx[key] = d.isList ? [v(d), v(d)] : d.arg === 'index-optional' && rand() < 0.3 ? [v(d), v(d)] : v(d);
  }
  for (const k of ['proc.aname[1]', 'proc.env[HOME]', 'evt.arg[name]', 'evt.arg[0]']) ctx[k] = 'x';
  return ctx;
}

const registry = testRegistry();
const catalog = testCatalog();
const macros = new Map<string, Expr>([
  ['m_shell', parseCondition('proc.name in (bash, sh, shells)')],
  ['m_open', parseCondition('evt.type in (open, openat) and m_shell')],
  ['m_loop', parseCondition('m_loop2')],
  ['m_loop2', parseCondition('m_loop')],
]);
const lists = new Map([['shells', ['zsh', '"fish shell"', 'more']], ['more', ['csh', 'shells']]]);

type Outcome = 'ok' | 'syntax' | 'compile';

function runOne(text: string): Outcome {
  let ast: Expr;
  try {
    ast = parseCondition(text);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return 'syntax';
    throw e;
  }
  // what the parser produced must print and parse back
  parseCondition(formatCondition(ast));
  const expanded = expandMacrosAndLists(ast, { macros, lists });
  try {
    inferEventTypes(expanded.ast, catalog);
    const c = compileCondition<Ctx>(expanded.ast, { registry, source: 'syscall' });
    const r1 = c.match({});
    const r2 = c.match(sampleCtx());
    assert.equal(typeof r1, 'boolean');
    assert.equal(typeof r2, 'boolean');
    return 'ok';
  } catch (e) {
    if (e instanceof FilterCompileError) return 'compile';
    if (e instanceof Error && /has no extractor yet/.test(e.message)) return 'compile';
    throw e;
  }
}

function fuzz(inputs: string[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { ok: 0, syntax: 0, compile: 0 };
  for (const text of inputs) {
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      outcome = runOne(text);
    } catch (e) {
      assert.fail(`uncoded ${(e as Error)?.name}: ${(e as Error)?.message}\n  input: ${JSON.stringify(text)}\n  ${(e as Error)?.stack}`);
    }
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `slow input (${ms.toFixed(0)} ms): ${JSON.stringify(text)}`);
    counts[outcome]++;
  }
  return counts;
}

test('fuzz: generated conditions', () => {
  const inputs = Array.from({ length: 3000 }, () => genCondition());
  const counts = fuzz(inputs);
  assert.ok(counts.ok > 100, `too few compiled conditions: ${JSON.stringify(counts)}`);
});

test('fuzz: mutated generated conditions', () => {
  const inputs = Array.from({ length: 3000 }, () => mutate(genCondition()));
  const counts = fuzz(inputs);
  assert.ok(counts.syntax > 100, JSON.stringify(counts));
});

test('fuzz: mutated upstream rule conditions', { skip: existsSync(UPSTREAM) ? false : `${UPSTREAM} not found: upstream conditions not mutated` }, () => {
    const { conds } = loadUpstream(['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']);
  const inputs: string[] = [];
  for (let i = 0; i < 3000; i++) inputs.push(mutate(pick(conds)[1]));
  fuzz(inputs);
});

test('fuzz: random byte strings', () => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz._[]()"\'\\ =!<>,0123456789xé\n\t';
  const inputs = Array.from({ length: 2000 }, () => Array.from({ length: int(40) }, () => alphabet[int(alphabet.length)]).join(''));
  fuzz(inputs);
});
