// Typed access to the keys of one YAML item, raising Falco's YAML_VALIDATE errors with
// the same wording and context chain as its reader (`Item has no mapping for key 'x'`,
// `Mapping for key 'x' is empty`, `Value is not a scalar value`, ...).
import type { Document, YAMLMap } from 'yaml';
import { RuleLoadError } from './diagnostic.js';
import type { LoadContext, ItemType } from './load-context.js';
import type { SourceText } from './source-text.js';
import {
  decodeBool, decodeUint32, getEntry, isMapNode, isNullNode, isScalarNode, isSeqNode, nodeStart, scalarText, seqItems,
  type YNode,
} from './yaml-nodes.js';

export const validateError = (message: string, ctx: LoadContext): RuleLoadError =>
  new RuleLoadError('LOAD_ERR_YAML_VALIDATE', message, ctx);

export function check(cond: boolean, message: string, ctx: LoadContext): void {
  if (cond) throw validateError(message, ctx);
}

type Kind = 'string' | 'bool' | 'uint32';
type Out<K extends Kind> = K extends 'string' ? string : K extends 'bool' ? boolean : number;

export class YamlDecoder {
  constructor(readonly doc: Document.Parsed, readonly source: SourceText) {}

  /** A child context located at a node (or at an offset). */
  at(parent: LoadContext, node: YNode | number | undefined, type: ItemType, name = ''): LoadContext {
    const offset = typeof node === 'number' ? node : nodeStart(node);
    return parent.child(this.source.at(offset), type, name);
  }

  has(item: YAMLMap, key: string): boolean {
    return getEntry(this.doc, item, key).defined;
  }

  node(item: YAMLMap, key: string): YNode | undefined {
    return getEntry(this.doc, item, key).node;
  }

  /** A context for the value of `key` (or for the item when the key is absent). */
  keyCtx(parent: LoadContext, item: YAMLMap, key: string, type: ItemType, name = ''): LoadContext {
    const e = getEntry(this.doc, item, key);
    return this.at(parent, e.defined ? e.at : nodeStart(item), type, name);
  }

  /**
   * Decodes a scalar. `optional`: an absent key gives undefined. `canBeEmpty`: a null or
   * empty value gives undefined instead of an error.
   */
  value<K extends Kind>(item: YAMLMap, key: string, kind: K, ctx: LoadContext, optional = false, canBeEmpty = false): Out<K> | undefined {
    const e = getEntry(this.doc, item, key);
    if (!e.defined && optional) return undefined;
    check(!e.defined, `Item has no mapping for key '${key}'`, ctx);
    if (isNullNode(e.node) && canBeEmpty) return undefined;
    check(isNullNode(e.node), `Mapping for key '${key}' is empty`, ctx);
    const valctx = this.at(ctx, e.at, 'value for', key);
    if (!isScalarNode(e.node)) throw validateError('Value is not a scalar value', valctx);
    const text = scalarText(e.node);
    if (text === '' && canBeEmpty) return undefined;
    check(text === '', 'Value must be non-empty', valctx);
    let out: string | boolean | number | undefined = text;
    if (kind === 'bool') out = decodeBool(text);
    else if (kind === 'uint32') out = decodeUint32(text);
    check(out === undefined, "Can't decode YAML scalar value", valctx);
    return out as Out<K>;
  }

  required<K extends Kind>(item: YAMLMap, key: string, kind: K, ctx: LoadContext): Out<K> {
    return this.value(item, key, kind, ctx) as Out<K>;
  }

  /** A sequence of strings (`items`, `tags`). */
  strings(item: YAMLMap, key: string, ctx: LoadContext, optional: boolean): string[] | undefined {
    const e = getEntry(this.doc, item, key);
    if (!e.defined && optional) return undefined;
    check(!e.defined, `Item has no mapping for key '${key}'`, ctx);
    const valctx = this.at(ctx, e.at, 'value for', key);
    if (!isSeqNode(e.node)) throw validateError('Value is not a sequence', valctx);
    const out: string[] = [];
    for (const v of seqItems(this.doc, e.node)) {
      // the item's context is only needed for the error (lists can be long)
      if (!isScalarNode(v)) throw validateError('sequence value is not scalar', this.at(valctx, v ?? e.at, 'list item'));
      out.push(scalarText(v));
    }
    return out;
  }

  isMap = isMapNode;
  isSeq = isSeqNode;
}
