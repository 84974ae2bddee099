// Real-world coverage: every macro and rule condition of Falco's published rules files
// parses, expands and infers event types. Skips when the shared conformance data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseCondition } from './condition-parser.js';
import { formatCondition } from './condition-formatter.js';
import { expandMacrosAndLists } from './macro-list-expander.js';

const DIR = '/work/shared/conformance/upstream-rules';
const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

type Item = { macro?: string; rule?: string; list?: string; condition?: string; items?: string[]; append?: boolean };

/** Loads the given files in order, as Falco does, into conditions, macros and lists. */
export function loadUpstream(files: readonly string[]): { conds: [string, string][]; macros: Map<string, string>; lists: Map<string, string[]> } {
  const conds: [string, string][] = [];
  const macros = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const f of files) {
    const doc = (parseYaml(readFileSync(`${DIR}/${f}`, 'utf8')) ?? []) as Item[];
    for (const item of doc) {
      if (item.list !== undefined) lists.set(item.list, [...(item.append ? lists.get(item.list) ?? [] : []), ...(item.items ?? []).map(String)]);
      if (typeof item.condition !== 'string') continue;
      const name = item.macro ?? item.rule ?? '?';
      conds.push([`${f}: ${name}`, item.condition]);
      if (item.macro !== undefined) macros.set(item.macro, item.condition);
    }
  }
  return { conds, macros, lists };
}

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
