// Expand rules paths as Falco does: a file is taken as is; a directory contributes its
// regular `.yml`/`.yaml` files in name order (not recursive).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class RulesPathError extends Error {}

export function expandRulesPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new RulesPathError(`Could not open rules file ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`, { cause: e });
    }
    if (!st.isDirectory()) { out.push(p); continue; }
    const names = readdirSync(p).filter((n) => /\.ya?ml$/.test(n)).sort();
    for (const n of names) {
      const full = join(p, n);
      if (statSync(full).isFile()) out.push(full);
    }
  }
  return out;
}
