// Reads an item's `override:` map (`key: append` or `key: replace`) and checks each key
// against what the item type allows to be appended to or replaced.
import type { YAMLMap } from 'yaml';
import { RuleLoadError } from './diagnostic.js';
import type { LoadContext } from './load-context.js';
import { validateError, type YamlDecoder } from './yaml-decoder.js';
import { getEntry, isMapNode, isNullNode, isScalarNode, isSeqNode, mapEntries, scalarText, type YNode } from './yaml-nodes.js';

export interface Overrides {
  readonly append: Set<string>;
  readonly replace: Set<string>;
}

/** yaml-cpp's `as<std::string>()`: scalars by text, null as "null"; anything else does not convert. */
function asString(n: YNode | undefined, ctx: LoadContext): string {
  if (isNullNode(n)) return 'null';
  if (isScalarNode(n)) return scalarText(n);
  throw new RuleLoadError('LOAD_ERR_VALIDATE', 'bad conversion', ctx);
}

export function readOverrides(
  dec: YamlDecoder, item: YAMLMap, appendable: ReadonlySet<string>, replaceable: ReadonlySet<string>, ctx: LoadContext,
): Overrides {
  const out: Overrides = { append: new Set(), replace: new Set() };
  const e = getEntry(dec.doc, item, 'override');
  if (!e.defined) return out;
  const overrideCtx = dec.at(ctx, item, 'overrides');
  if (isSeqNode(e.node)) {
    // yaml-cpp walks a sequence with a map iterator and fails on the first element.
    if (e.node.items.length === 0) return out;
    throw new RuleLoadError('LOAD_ERR_VALIDATE', 'invalid node; this may result from using a map iterator as a sequence iterator, or vice-versa', rootOf(ctx));
  }
  if (!isMapNode(e.node)) return out;
  for (const { keyNode, value } of mapEntries(dec.doc, e.node)) {
    const key = asString(keyNode, rootOf(ctx));
    const operation = asString(value, rootOf(ctx));
    const canAppend = appendable.has(key);
    const canReplace = replaceable.has(key);
    if (operation === 'append') {
      if (!canAppend) throw validateError(`Key '${key}' cannot be appended to, use 'replace' instead`, dec.at(overrideCtx, keyNode, 'overrides', key));
      out.append.add(key);
    } else if (operation === 'replace') {
      if (!canReplace) throw validateError(`Key '${key}' cannot be replaced`, dec.at(overrideCtx, keyNode, 'overrides', key));
      out.replace.add(key);
    } else {
      const allowed = `${canAppend ? 'append ' : ''}${canReplace ? 'replace ' : ''}`;
      throw validateError(
        `Invalid override operation for key '${key}': '${operation}'. Allowed values are: ${allowed}`,
        dec.at(overrideCtx, value ?? keyNode, 'value for', key),
      );
    }
  }
  return out;
}

/** Errors Falco catches as generic exceptions point at the whole file. */
function rootOf(ctx: LoadContext): LoadContext {
  return ctx.root();
}
