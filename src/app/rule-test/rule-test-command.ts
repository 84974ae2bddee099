// `tercel test <file-or-dir>... [-r rules]...`: reads rule test files, starts tercel live
// once per set of rules files, performs every case for real (case-runner.ts) and prints
// the results. Exit code: 0 when no case failed (skips allowed), 1 on a failed case, 2
// when the run could not happen (usage, test file errors, not root, tercel did not start).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCase, type CaseResult, type RunnerContext } from './case-runner.js';
import { HELPER } from './chain-launcher.js';
import { LiveTercel, LiveTercelError } from './live-tercel.js';
import { PodmanClient, podmanEnv } from './podman-client.js';
import { caseLine, fileHeader, jsonReport, summarize, summaryLine, type FileResults } from './result-reporter.js';
import { RULE_TEST_HELP, RuleTestUsageError, parseRuleTestOptions, type RuleTestOptions } from './rule-test-options.js';
import { parseTestFile } from './test-file-parser.js';
import { HELPER_DIR, TestFileError, WORK_ROOT, type TestFile } from './test-case.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = join(REPO, 'bin/tercel.js');
const ACTOR_BUILD = join(REPO, 'tools/actor/build-actor.sh');
const ACTOR_BIN = join(REPO, 'tools/actor/build/tercel-act');
const DEFAULT_TIMEOUT_MS = 3000;

class RunError extends Error {}

function testFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new RunError(`${p}: no such file or directory`);
    if (statSync(p).isDirectory()) {
      out.push(...readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f)));
    } else out.push(p);
  }
  return out;
}

/** A test file's rules_file: absolute, else beside the test file, else one level up (rules/tests/ → rules/). */
function rulesFor(file: TestFile): string {
  if (file.rulesFile === undefined) throw new RunError(`${file.path}: names no rules_file; pass -r`);
  if (isAbsolute(file.rulesFile)) return file.rulesFile;
  for (const c of [join(dirname(file.path), file.rulesFile), join(dirname(file.path), '..', file.rulesFile)]) if (existsSync(c)) return c;
  throw new RunError(`${file.path}: rules_file '${file.rulesFile}' not found beside the test file or in its parent directory`);
}

/** Builds the helper when missing or older than its sources, and installs it under every name the cases use. */
function installHelper(files: readonly TestFile[]): void {
  const sources = readdirSync(dirname(ACTOR_BUILD)).filter((f) => /\.[ch]$/.test(f)).map((f) => statSync(join(dirname(ACTOR_BUILD), f)).mtimeMs);
  if (!existsSync(ACTOR_BIN) || statSync(ACTOR_BIN).mtimeMs < Math.max(...sources)) {
    const r = spawnSync('bash', [ACTOR_BUILD, ACTOR_BIN], { encoding: 'utf8' });
    if (r.status !== 0) throw new RunError(`could not build the test helper (${ACTOR_BUILD}):\n${r.stderr}`);
  }
  mkdirSync(HELPER_DIR, { recursive: true });
  mkdirSync(WORK_ROOT, { recursive: true });
  chmodSync(WORK_ROOT, 0o755);
  const names = new Set<string>(['tercel-act']);
  for (const f of files) for (const c of f.cases) for (const e of c.chain) if (!e.exec && !e.memfd && !e.path) names.add(e.name);
  for (const n of names) {
    // Copy then rename: another run may be executing the installed copy (ETXTBSY).
    const dst = join(HELPER_DIR, n);
    const tmp = `${dst}.tmp-${process.pid}`;
    copyFileSync(ACTOR_BIN, tmp);
    chmodSync(tmp, 0o755);
    renameSync(tmp, dst);
  }
  if (!existsSync(HELPER)) throw new RunError(`the test helper is missing at ${HELPER}`);
}

function selected(o: RuleTestOptions, id: string): boolean {
  return o.casePatterns.length === 0 || o.casePatterns.some((p) => id.includes(p));
}

async function run(o: RuleTestOptions): Promise<number> {
  const t0 = Date.now();
  const files = testFiles(o.paths).map((p) => parseTestFile(p, readFileSync(p, 'utf8')));
  for (const f of files) f.cases = f.cases.filter((c) => selected(o, c.id));
  if (o.list) {
    for (const f of files) {
      process.stdout.write(fileHeader(f.path, o.rulesFiles.length ? o.rulesFiles : [rulesFor(f)]));
      for (const c of f.cases) process.stdout.write(`  ${c.id}${c.container ? ' (container)' : ''}: ${c.rule} -> ${c.expect ? 'alert' : 'none'}\n`);
    }
    return 0;
  }
  if (process.getuid?.() !== 0) throw new RunError('tercel test needs root: it captures live, switches users and starts containers');
  installHelper(files);

  // One tercel per distinct set of rules files, test files in the order given.
  const groups = new Map<string, { rules: string[]; files: TestFile[] }>();
  for (const f of files) {
    const rules = o.rulesFiles.length ? o.rulesFiles : [rulesFor(f)];
    const key = rules.join('\0');
    if (!groups.has(key)) groups.set(key, { rules, files: [] });
    groups.get(key)!.files.push(f);
  }
  const podman = new PodmanClient(podmanEnv(REPO));
  const results: FileResults[] = [];
  for (const g of groups.values()) {
    if (g.files.every((f) => f.cases.length === 0)) {
      for (const f of g.files) results.push({ file: f.path, rulesFiles: g.rules, results: [] });
      continue;
    }
    let tercel: LiveTercel;
    try {
      tercel = await LiveTercel.start({ cli: CLI, rulesFiles: g.rules, fenceDir: `/opt/tercel-tests/fence-${process.pid}`, extraArgs: o.overrides.flatMap((v) => ['-o', v]) });
    } catch (e) {
      if (e instanceof LiveTercelError) throw new RunError(e.message);
      throw e;
    }
    try {
      for (const f of g.files) {
        const fr: FileResults = { file: f.path, rulesFiles: g.rules, results: [] };
        results.push(fr);
        if (!o.json) process.stdout.write(fileHeader(f.path, g.rules));
        const ctx: RunnerContext = {
          tercel,
          podman,
          images: { ...f.images, ...o.images },
          workRoot: WORK_ROOT,
          defaultTimeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          chainCapMs: 20000,
        };
        for (const c of f.cases) {
          if (!tercel.running) throw new RunError(`tercel stopped during the run:\n${tercel.stderrTail.trim()}`);
          const r: CaseResult = await runCase(c, ctx);
          fr.results.push(r);
          if (!o.json) {
            process.stdout.write(caseLine(r));
            if (o.verbose) for (const a of r.alerts) process.stdout.write(`       alert: ${a.rule}: ${a.output}\n`);
          }
        }
      }
    } finally {
      await tercel.stop();
    }
  }
  const s = summarize(results, Date.now() - t0);
  process.stdout.write(o.json ? jsonReport(results, s) : summaryLine(s));
  return s.failed > 0 ? 1 : 0;
}

export async function runRuleTestCommand(argv: readonly string[]): Promise<number> {
  let o: RuleTestOptions;
  try {
    o = parseRuleTestOptions(argv);
  } catch (e) {
    if (e instanceof RuleTestUsageError) {
      process.stderr.write(`Error: ${e.message}\nRun 'tercel test --help' for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(RULE_TEST_HELP);
    return 0;
  }
  try {
    return await run(o);
  } catch (e) {
    if (e instanceof RunError || e instanceof TestFileError) {
      process.stderr.write(`Error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
