// The benchmarks take minutes while dist/ may be rebuilt under them (other work in the same
// checkout, an editor's watch build). So run.mjs first copies what the benchmarks execute
// (dist/, bin/, rules/, bench/*.mjs, package.json; node_modules linked) into
// bench/.cache/snapshot/ and runs from there: every figure then measures one build.
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Copies the runnable parts of the checkout at `root` to `dir` (replacing it); returns dir. */
export function buildSnapshot(root, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bench'), { recursive: true });
  for (const d of ['dist', 'bin', 'rules']) cpSync(join(root, d), join(dir, d), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const f of readdirSync(join(root, 'bench'))) {
    if (f.endsWith('.mjs')) cpSync(join(root, 'bench', f), join(dir, 'bench', f));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
