#!/usr/bin/env node
// Runs every compiled test (dist/**/*.test.js, unit tests beside the code) and the
// black-box tests in test/ with node's built-in runner; the spec reporter ends with
// the summary (tests, pass, fail, skipped).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.(m?js)$/.test(e)) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...walk('dist', []), ...walk('test', [])].sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
if (files.length === 0) { console.error('run-tests: no test files found'); process.exit(1); }
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
