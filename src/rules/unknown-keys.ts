// Warns about keys an item type does not know (a typo, or a key on the wrong item).
import type { YAMLMap } from 'yaml';
import type { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import type { YamlDecoder } from './yaml-decoder.js';
import { mapEntries } from './yaml-nodes.js';

export function warnUnknownKeys(
  dec: YamlDecoder, item: YAMLMap, known: ReadonlySet<string>, ctx: LoadContext, res: LoadResultBuilder,
): void {
  for (const { key } of mapEntries(dec.doc, item)) {
    const k = key ?? '';
    if (!known.has(k)) res.warning('LOAD_UNKNOWN_KEY', `Unknown key '${k}'. The key will be ignored.`, ctx);
  }
}
