// Reads one rules file into the collector: YAML documents, then each item in order. The
// first error stops the file (later items are not read), as in Falco; warnings add up.
import type { YAMLMap } from 'yaml';
import { RuleLoadError } from './diagnostic.js';
import { implicitEngineVersion, parseSemver } from './engine-version.js';
import { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import { RGX_BARESTR, RGX_IDENTIFIER, WARNING_APPEND, ERROR_OVERRIDE_APPEND } from './loader-messages.js';
import { readOverrides } from './override-reader.js';
import type { PluginRequirement } from './rule-infos.js';
import { readRuleItem } from './rule-item-reader.js';
import type { RulesCollector } from './rules-collector.js';
import type { SourceText } from './source-text.js';
import { warnUnknownKeys } from './unknown-keys.js';
import { check, validateError, YamlDecoder } from './yaml-decoder.js';
import { parseRulesYaml } from './yaml-parse.js';
import { decodeUint32, getEntry, isMapNode, isNullNode, isSeqNode, seqItems } from './yaml-nodes.js';

const IDENTIFIER = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;
const BARESTR = /^[^()"' \t\n\v\f\r=,]+$/;

/** Returns false when reading stopped on an error (already added to `res`). */
export function readRulesFile(source: SourceText, name: string, collector: RulesCollector, res: LoadResultBuilder): boolean {
  const root = LoadContext.root(name);
  const parsed = parseRulesYaml(source.text);
  if ('failure' in parsed) {
    res.error('LOAD_ERR_YAML_PARSE', parsed.failure.message, root.child(source.at(parsed.failure.index), 'value for'));
    return false;
  }
  for (const doc of parsed.docs) {
    const contents = doc.contents;
    if (contents === null || isNullNode(contents)) continue;
    try {
      check(!isMapNode(contents) && !isSeqNode(contents), 'Rules content is not yaml', root);
      check(!isSeqNode(contents), 'Rules content is not yaml array of objects', root);
      const dec = new YamlDecoder(doc, source);
      for (const item of seqItems(doc, contents as never)) {
        if (item === undefined || isNullNode(item)) continue;
        readItem(dec, item as YAMLMap, root, collector, res);
      }
    } catch (e) {
      if (e instanceof RuleLoadError) res.error(e.code as never, e.message, e.context);
      else res.error('LOAD_ERR_VALIDATE', e instanceof Error ? e.message : 'unknown validation error', root);
      return false;
    }
  }
  return true;
}

function readItem(dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder): void {
  check(!isMapNode(item), 'Unexpected element type. Each element should be a yaml associative array.', dec.at(parent, item, 'rules content item'));

  if (dec.has(item, 'required_engine_version')) readEngineVersion(dec, item, parent, collector, res);
  else if (dec.has(item, 'required_plugin_versions')) readPluginVersions(dec, item, parent, collector, res);
  else if (dec.has(item, 'list')) readList(dec, item, parent, collector, res);
  else if (dec.has(item, 'macro')) readMacro(dec, item, parent, collector, res);
  else if (dec.has(item, 'rule')) readRuleItem(dec, item, parent, collector, res);
  else res.warning('LOAD_UNKNOWN_ITEM', 'Unknown top level item', dec.at(parent, item, 'rules content item'));
}

function readEngineVersion(dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder): void {
  const ctx = dec.at(parent, item, 'required_engine_version');
  const text = dec.required(item, 'required_engine_version', 'string', ctx);
  const minor = decodeUint32(text);
  const semver = minor === undefined ? parseSemver(text) : implicitEngineVersion(minor);
  // Falco today says "Unable to parse engine version ..." for a string that is not semver;
  // the legacy suite expects yaml-cpp's decoding error, which is also accurate, so that is kept.
  if (!semver) throw validateError("Can't decode YAML scalar value", dec.keyCtx(ctx, item, 'required_engine_version', 'value for', 'required_engine_version'));
  collector.defineEngineVersion({ ctx, version: semver, text: minor === undefined ? `${semver.major}.${semver.minor}.${semver.patch}` : String(minor) });
  warnUnknownKeys(dec, item, new Set(['required_engine_version']), ctx, res);
}

function readPluginVersions(dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder): void {
  const e = getEntry(dec.doc, item, 'required_plugin_versions');
  const ctx = dec.at(parent, e.at, 'required plugin versions');
  if (!isSeqNode(e.node)) throw validateError('Value of required_plugin_versions must be a sequence', ctx);
  for (const plugin of seqItems(dec.doc, e.node)) {
    let tmp = dec.at(ctx, plugin, 'required plugin versions entry');
    if (!isMapNode(plugin)) throw validateError('Plugin version must be a mapping', tmp);
    const name = dec.required(plugin, 'name', 'string', tmp);
    const pctx = dec.at(ctx, plugin, 'required plugin versions entry', name);
    const alternatives: PluginRequirement[] = [{ name, version: dec.required(plugin, 'version', 'string', pctx) }];
    const alts = getEntry(dec.doc, plugin, 'alternatives');
    if (alts.defined) {
      if (!isSeqNode(alts.node)) throw validateError('Value of plugin version alternatives must be a sequence', pctx);
      for (const req of seqItems(dec.doc, alts.node)) {
        tmp = dec.at(pctx, req, 'required plugin versions alternative');
        if (!isMapNode(req)) throw validateError('Plugin version alternative must be a mapping', tmp);
        const altName = dec.required(req, 'name', 'string', tmp);
        tmp = dec.at(pctx, req, 'required plugin versions alternative', altName);
        alternatives.push({ name: altName, version: dec.required(req, 'version', 'string', tmp) });
      }
    }
    collector.definePluginVersions({ ctx: pctx, alternatives });
  }
  warnUnknownKeys(dec, item, new Set(['required_plugin_versions']), dec.at(parent, item, 'required plugin versions'), res);
}

function readList(dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder): void {
  const name = dec.required(item, 'list', 'string', dec.at(parent, item, 'list'));
  const ctx = dec.at(parent, item, 'list', name);
  if (!BARESTR.test(name)) {
    res.warning('LOAD_INVALID_LIST_NAME', `List has an invalid name. List names should match a regular expression: ${RGX_BARESTR}`, ctx);
  }
  const items = dec.strings(item, 'items', ctx, false)!;
  const append = dec.value(item, 'append', 'bool', ctx, true) ?? false;
  if (append) res.warning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const only = new Set(['items']);
  const ov = readOverrides(dec, item, only, only, ctx);
  check(append && (ov.append.size > 0 || ov.replace.size > 0), ERROR_OVERRIDE_APPEND, ctx);
  const info = { ctx, index: 0, visibility: 0, name, items };
  if (append) collector.appendList(info, 'append-key');
  else if (ov.append.has('items')) collector.appendList(info, 'override');
  else collector.defineList(info);
  warnUnknownKeys(dec, item, new Set(['list', 'items', 'append', 'override']), ctx, res);
}

function readMacro(dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder): void {
  const name = dec.required(item, 'macro', 'string', dec.at(parent, item, 'macro'));
  const ctx = dec.at(parent, item, 'macro', name);
  if (!IDENTIFIER.test(name)) {
    res.warning('LOAD_INVALID_MACRO_NAME', `Macro has an invalid name. Macro names should match a regular expression: ${RGX_IDENTIFIER}`, ctx);
  }
  const cond = dec.required(item, 'condition', 'string', ctx);
  const condCtx = dec.keyCtx(ctx, item, 'condition', 'macro condition');
  const append = dec.value(item, 'append', 'bool', ctx, true) ?? false;
  if (append) res.warning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);
  const only = new Set(['condition']);
  const ov = readOverrides(dec, item, only, only, ctx);
  check(append && (ov.append.size > 0 || ov.replace.size > 0), ERROR_OVERRIDE_APPEND, ctx);
  const info = { ctx, condCtx, index: 0, visibility: 0, name, cond };
  if (append) collector.appendMacro(info, 'append-key');
  else if (ov.append.has('condition')) collector.appendMacro(info, 'override');
  else collector.defineMacro(info);
  warnUnknownKeys(dec, item, new Set(['macro', 'condition', 'append', 'override']), ctx, res);
}
