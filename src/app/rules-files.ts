// Read rules files for loading/validation: Falco reads every file first (a file that cannot
// be read is fatal: "Could not open file X for reading") and loads them in the given order.
import { readFileSync } from 'node:fs';

export class RulesFileReadError extends Error {}

export function readRulesFiles(paths: readonly string[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const p of paths) {
    try {
      contents.set(p, readFileSync(p, 'utf8'));
    } catch (e) {
      throw new RulesFileReadError(`Could not open file ${p} for reading`, { cause: e });
    }
  }
  return contents;
}
