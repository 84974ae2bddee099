// Real-world coverage: every macro and rule condition of Falco's published rules files
// parses, expands and infers event types. Skips when the shared conformance data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parseCondition } from './condition-parser.js';
import { formatCondition } from './condition-formatter.js';
import { expandMacrosAndLists } from './macro-list-expander.js';
import { compileCondition } from './condition-compiler.js';
import { loadUpstream, UPSTREAM_DIR as DIR } from './condition-test-fixtures.js';

const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

const present = FILES.every((f) => existsSync(`${DIR}/${f}`));
const why = present ? false : `upstream rules not found under ${DIR}: real-world coverage not checked`;

test('every upstream macro and rule condition parses and prints back to an equivalent condition', { skip: why }, () => {
  const { conds } = loadUpstream(FILES);
  assert.ok(conds.length > 100, `only ${conds.length} conditions found`);
  const failures: string[] = [];
  for (const [where, cond] of conds) {
    try {
      const ast = parseCondition(cond);
      const again = formatCondition(parseCondition(formatCondition(ast)));
      if (again !== formatCondition(ast)) failures.push(`${where}: formatting does not round-trip`);
    } catch (e) {
      failures.push(`${where}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('every upstream rule expands with no undefined macro', { skip: why }, () => {
  const { conds, macros, lists } = loadUpstream(FILES);
  const macroAsts = new Map([...macros].map(([k, v]) => [k, parseCondition(v)]));
  const failures: string[] = [];
  for (const [where, cond] of conds) {
    const r = expandMacrosAndLists(parseCondition(cond), { macros: macroAsts, lists });
    if (r.undefinedMacros.length || r.errors.length) {
      failures.push(`${where}: ${[...r.undefinedMacros.map((u) => u.name), ...r.errors.map((x) => x.message)].join(', ')}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('every upstream condition compiles against the syscall field declarations', { skip: why }, async () => {
  const { createDefaultRegistry } = await import('../fields/index.js');
  const registry = createDefaultRegistry();
  const { conds, macros, lists } = loadUpstream(FILES);
  const macroAsts = new Map([...macros].map(([k, v]) => [k, parseCondition(v)]));
  const failures: string[] = [];
  for (const [where, cond] of conds) {
    const r = expandMacrosAndLists(parseCondition(cond), { macros: macroAsts, lists });
    try {
      compileCondition(r.ast, { registry, source: 'syscall' });
    } catch (e) {
      failures.push(`${where}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});
