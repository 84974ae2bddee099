// Reads a rule's `exceptions:` sequence: each exception's name, fields, comps and values,
// where fields/comps/values may each be a single string or a (nested) list.
import type { YAMLMap } from 'yaml';
import type { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import type { ExceptionEntry, ExceptionInfo } from './rule-infos.js';
import { check, validateError, type YamlDecoder } from './yaml-decoder.js';
import { getEntry, isNullNode, isScalarNode, isSeqNode, scalarText, seqItems, type YNode } from './yaml-nodes.js';

/** The empty entry yaml-cpp leaves behind for a null or mapping value: never valid. */
const EMPTY_ENTRY: ExceptionEntry = { isList: false, item: '' };

function readEntry(dec: YamlDecoder, node: YNode | undefined, at: number | YNode | undefined, ctx: LoadContext, key: string): ExceptionEntry {
  const valctx = dec.at(ctx, at ?? node, 'value for', key);
  if (isScalarNode(node)) {
    const text = scalarText(node);
    check(text === '', 'Value must be non-empty', valctx);
    return { isList: false, item: text };
  }
  if (isSeqNode(node)) {
    const items: ExceptionEntry[] = [];
    for (const v of seqItems(dec.doc, node)) {
      const lctx = dec.at(valctx, v, 'exception');
      items.push(readEntry(dec, v, v, lctx, ''));
    }
    return { isList: true, items };
  }
  return EMPTY_ENTRY;
}

function readKeyEntry(dec: YamlDecoder, item: YAMLMap, key: string, ctx: LoadContext, optional: boolean): ExceptionEntry | undefined {
  const e = getEntry(dec.doc, item, key);
  if (!e.defined && optional) return undefined;
  check(!e.defined, `Item has no mapping for key '${key}'`, ctx);
  return readEntry(dec, e.node, e.at, ctx, key);
}

/**
 * Reads `exceptions` of a rule item. `append` (for appends and overrides) makes `fields`
 * optional, since values may be added to an exception defined earlier. Returns undefined
 * when the key is absent.
 */
export function readExceptions(
  dec: YamlDecoder, item: YAMLMap, parent: LoadContext, append: boolean, res: LoadResultBuilder,
): ExceptionInfo[] | undefined {
  const exs = getEntry(dec.doc, item, 'exceptions');
  if (!exs.defined) return undefined;
  const out: ExceptionInfo[] = [];
  if (isNullNode(exs.node)) return out;
  const exesCtx = dec.at(parent, exs.at, 'exceptions');
  if (!isSeqNode(exs.node)) throw validateError('Rule exceptions must be a sequence', exesCtx);

  for (const ex of seqItems(dec.doc, exs.node)) {
    const tmp = dec.at(exesCtx, ex, 'exception');
    if (!dec.isMap(ex)) throw validateError('Rule exception must be a mapping', tmp);
    const name = dec.required(ex, 'name', 'string', tmp);
    const exCtx = dec.at(parent, ex, 'exception', name);
    if (out.some((o) => o.name === name)) {
      res.warning('LOAD_EXCEPTION_NAME_NOT_UNIQUE', `Multiple definitions of exception '${name}' in the same rule`, exCtx);
    }
    const info: ExceptionInfo = { ctx: exCtx, name, values: [] };
    const fields = readKeyEntry(dec, ex, 'fields', exCtx, append);
    if (fields) info.fields = fields;
    const comps = readKeyEntry(dec, ex, 'comps', exCtx, true);
    if (comps) info.comps = comps;
    const vals = getEntry(dec.doc, ex, 'values');
    if (vals.defined) {
      const valsCtx = dec.at(exCtx, vals.at, 'exception values');
      if (!isSeqNode(vals.node)) throw validateError('Rule exception values must be a sequence', valsCtx);
      for (const v of seqItems(dec.doc, vals.node)) {
        const vctx = dec.at(valsCtx, v, 'exception value');
        info.values.push(readEntry(dec, v, v, vctx, ''));
      }
    } else if (append) {
      res.warning('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', exCtx);
    }
    out.push(info);
  }
  return out;
}
