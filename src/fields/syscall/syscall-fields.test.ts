// Checks the syscall field declarations: sound and unique, in libs' class order, and
// covering every field that Falco's rules files and the legacy suite's rules use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { createDefaultRegistry } from '../index.js';
import { syscallFieldClasses, syscallFields } from './index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sharedDir = process.env.TERCEL_SHARED_DIR ?? resolve(repoRoot, '../shared');
const conformance = join(sharedDir, 'conformance');

test('declarations are unique, well-formed and in the syscall source', () => {
  const seen = new Set<string>();
  for (const d of syscallFields) {
    assert.ok(!seen.has(d.name), `duplicate field ${d.name}`);
    seen.add(d.name);
    assert.equal(d.source, 'syscall');
    assert.match(d.name, /^[a-z0-9_]+(\.[a-z0-9_]+)+$/, d.name);
    assert.ok(d.desc.length > 10, `${d.name} needs a description`);
    assert.ok(!(d.outputOnly && d.filterOnly), d.name);
    if (d.dotArg) assert.notEqual(d.arg, 'none', `${d.name}: a dotted argument needs an argument form`);
  }
  assert.equal(createDefaultRegistry().fields('syscall').length, syscallFields.length);
});

test('classes come in the order Falco lists them', () => {
  assert.deepEqual(syscallFieldClasses.map((c) => c.name),
    ['evt', 'evt', 'process', 'user', 'group', 'fd', 'fs.path', 'util', 'fdlist', 'container', 'k8s']);
  assert.equal(syscallFields[0]!.name, 'evt.num');
  assert.deepEqual(createDefaultRegistry().classes('syscall').map((c) => c.fields.length),
    syscallFieldClasses.map((c) => c.fields.length));
});

// ---- coverage of the rules files -------------------------------------------------------

/** Field prefixes of the syscall source; other dotted words in conditions are values. */
const PREFIXES = new Set(syscallFields.map((d) => d.name.split('.')[0]!));
const BINARY_OPS = '(?:=|==|!=|<=|>=|<|>|contains|icontains|bcontains|startswith|bstartswith|endswith|glob|iglob|regex)';

interface FieldUse { file: string; item: string; text: string; name: string; arg?: string }

/** Dotted field references in a condition, with quoted strings and operand values removed. */
function conditionFields(cond: string): Array<{ name: string; arg?: string }> {
  const stripped = cond
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\b(?:in|intersects|pmatch)\s*\([^()]*\)/g, ' ')
    .replace(new RegExp(`${BINARY_OPS}\\s*(?!val\\()[^\\s()]+`, 'g'), ' ');
  return matches(stripped, /(?<![\w./%-])([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+)(?:\[([^\]]*)\])?/g);
}

function outputFields(output: string): Array<{ name: string; arg?: string }> {
  return matches(output, /%\(?([a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+)(?:\[([^\]]*)\])?/g);
}

function matches(text: string, re: RegExp): Array<{ name: string; arg?: string }> {
  const out: Array<{ name: string; arg?: string }> = [];
  for (const m of text.matchAll(re)) if (PREFIXES.has(m[1]!.split('.')[0]!)) out.push({ name: m[1]!, arg: m[2] });
  return out;
}

function fieldUses(file: string): FieldUse[] {
  const uses: FieldUse[] = [];
  let docs;
  try { docs = parseAllDocuments(readFileSync(file, 'utf8')); } catch { return uses; }
  for (const doc of docs) {
    if (doc.errors.length) continue; // deliberately broken files in the legacy suite
    const items = doc.toJS();
    if (!Array.isArray(items)) continue;
    for (const it of items) {
      if (!it || typeof it !== 'object') continue;
      const item = String(it.rule ?? it.macro ?? '');
      if (!item || (it.source !== undefined && it.source !== 'syscall')) continue;
      const add = (found: Array<{ name: string; arg?: string }>) => {
        for (const f of found) uses.push({ file, item, text: f.arg === undefined ? f.name : `${f.name}[${f.arg}]`, ...f });
      };
      if (typeof it.condition === 'string') add(conditionFields(it.condition));
      if (typeof it.output === 'string') add(outputFields(it.output));
      for (const ex of Array.isArray(it.exceptions) ? it.exceptions : []) {
        const fields = typeof ex?.fields === 'string' ? [ex.fields] : Array.isArray(ex?.fields) ? ex.fields : [];
        add(fields.filter((x: unknown) => typeof x === 'string').flatMap((x: string) => conditionFields(x)));
      }
    }
  }
  return uses;
}

function yamlFiles(dir: string, skipDirs: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) { if (!skipDirs.has(e)) out.push(...yamlFiles(p, skipDirs)); }
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** Legacy-suite rules that use an unknown field on purpose (the test expects a load error). */
const EXPECTED_UNKNOWN = new Map<string, string>([
  ['legacy-suite/rules/skip_unknown_error.yaml:proc.nobody', 'skip-if-unknown-filter: false'],
  ['legacy-suite/rules/skip_unknown_evt.yaml:proc.nobody', 'skip-if-unknown-filter: true'],
  ['legacy-suite/rules/skip_unknown_unspec.yaml:proc.nobody', 'skip-if-unknown-filter unset'],
]);

test('every field used by the upstream and legacy-suite syscall rules resolves', (t) => {
  if (!existsSync(conformance)) {
    t.skip(`conformance data not found at ${conformance} (set TERCEL_SHARED_DIR to the shared folder)`);
    return;
  }
  const files = [
    ...['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']
      .map((f) => join(conformance, 'upstream-rules', f)),
    ...yamlFiles(join(conformance, 'legacy-suite/rules'), new Set(['k8s_audit', 'plugins'])),
  ];
  const registry = createDefaultRegistry();
  const failures: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const u of fieldUses(file)) {
      checked++;
      const where = `${relative(conformance, file)}: ${u.item}: ${u.text}`;
      let why: string | undefined;
      try {
        if (!registry.resolve('syscall', u.name, u.arg)) why = 'unknown field';
      } catch (e) { why = (e as Error).message; }
      const expected = EXPECTED_UNKNOWN.get(`${relative(conformance, file)}:${u.text}`);
      if (why && !expected) failures.push(`${where}: ${why}`);
      if (!why && expected) failures.push(`${where}: expected to fail (${expected}) but resolves`);
    }
  }
  assert.ok(checked > 1000, `only ${checked} field uses found: is the extraction broken?`);
  t.diagnostic(`${checked} field uses in ${files.length} files checked`);
  assert.deepEqual(failures, []);
});
