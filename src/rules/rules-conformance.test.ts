// Runs the validation cases of Falco's legacy suite (falco_tests.yaml and
// falco_tests_exceptions.yaml) through the loader: each case's files load one after
// another into one loader, and every expected error/warning must appear with its code,
// message and item, as `run-legacy-suite` checks the `-V` JSON. Skipped when the shared
// reference data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallEventCatalog } from '../events/event-catalog.js';
import { RulesLoader, type LoadResult, type Diagnostic } from './index.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';

const SUITE_DIR = join(CONFORMANCE_DIR, 'legacy-suite');
const SUITES = ['falco_tests.yaml', 'falco_tests_exceptions.yaml'];
const present = existsSync(SUITE_DIR);

interface Expected {
  item_type: string;
  item_name: string;
  code: string;
  message?: string;
  message_contains?: string;
}

interface SuiteCase {
  validate_rules_file?: string | string[];
  validate_errors?: Expected[];
  validate_warnings?: Expected[];
  validate_ok?: string[];
  exit_status?: number;
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function loadCase(files: string[]): LoadResult[] {
  const loader = new RulesLoader({ registry: createDefaultRegistry(), catalog: syscallEventCatalog });
  return files.map((f) => {
    const path = join(SUITE_DIR, f);
    return loader.load(path, readFileSync(path, 'utf8'));
  });
}

const describe = (ds: readonly Diagnostic[]): string =>
  ds.map((d) => `${d.code} ${d.locations.map((l) => `${l.itemType}:${l.itemName}`).join('>')}: ${d.message}`).join('\n  ') || '(none)';

function findMatch(items: readonly Diagnostic[], exp: Expected): Diagnostic | undefined {
  return items.find((d) =>
    d.code === exp.code &&
    (exp.message !== undefined ? d.message === exp.message : d.message.includes(exp.message_contains ?? '')) &&
    d.locations.some((l) => l.itemType === exp.item_type && l.itemName === exp.item_name));
}

for (const suite of SUITES) {
  const cases: [string, SuiteCase][] = present
    ? Object.entries((parse(readFileSync(join(SUITE_DIR, suite), 'utf8'), { customTags: [{ tag: '!mux', collection: 'map', resolve: (v: unknown) => v } as never] }) as { trace_files: Record<string, SuiteCase> }).trace_files)
    : [];
  if (!present) test(`${suite}: validation cases`, { skip: `${SUITE_DIR} is absent` }, () => {});
  for (const [name, c] of cases) {
    if (c.validate_rules_file === undefined) continue;
    test(`${suite}/${name}`, () => {
      const results = loadCase(asList(c.validate_rules_file));
      const errors = results.flatMap((r) => r.errors);
      const warnings = results.flatMap((r) => r.warnings);
      for (const exp of c.validate_errors ?? []) {
        assert.ok(findMatch(errors, exp), `expected error ${JSON.stringify(exp)}\n got errors:\n  ${describe(errors)}`);
      }
      for (const exp of c.validate_warnings ?? []) {
        assert.ok(findMatch(warnings, exp), `expected warning ${JSON.stringify(exp)}\n got warnings:\n  ${describe(warnings)}`);
      }
      for (const ok of c.validate_ok ?? []) {
        assert.ok(results.some((r) => r.successful && basename(r.name) === ok), `expected ${ok} to load successfully`);
      }
      const failed = results.some((r) => !r.successful);
      assert.equal(failed, (c.exit_status ?? 0) !== 0, `exit status: expected ${c.exit_status ?? 0}, errors:\n  ${describe(errors)}`);
    });
  }
}
