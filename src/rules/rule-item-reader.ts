// Reads one `- rule:` item: a full definition, an append (`append: true`), an override
// (`override: {key: append|replace}`), or the legacy form that only toggles `enabled`.
import type { YAMLMap } from 'yaml';
import type { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import { readExceptions } from './exception-reader.js';
import { readOverrides } from './override-reader.js';
import { parsePriority, Priority } from './priority.js';
import type { RuleInfo, RuleUpdateInfo } from './rule-infos.js';
import type { RulesCollector } from './rules-collector.js';
import { check, validateError, type YamlDecoder } from './yaml-decoder.js';
import { warnUnknownKeys } from './unknown-keys.js';
import { WARNING_APPEND, ERROR_OVERRIDE_APPEND, WARNING_ENABLED } from './loader-messages.js';

const APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const REPLACEABLE = new Set([
  'condition', 'output', 'desc', 'priority', 'capture', 'capture_duration', 'tags', 'exceptions', 'enabled',
  'warn_evttypes', 'skip-if-unknown-filter',
]);
const RULE_KEYS = new Set([
  'rule', 'condition', 'output', 'desc', 'priority', 'source', 'enabled', 'capture', 'capture_duration',
  'warn_evttypes', 'skip-if-unknown-filter', 'tags', 'exceptions', 'override', 'append',
]);

export const SYSCALL_SOURCE = 'syscall';

/** Trims as Falco trims outputs (ASCII whitespace at both ends). */
const trim = (s: string): string => s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');

export function readRuleItem(
  dec: YamlDecoder, item: YAMLMap, parent: LoadContext, collector: RulesCollector, res: LoadResultBuilder,
): void {
  const tmp = dec.at(parent, item, 'rule');
  const name = dec.required(item, 'rule', 'string', tmp);
  const ctx = dec.at(parent, item, 'rule', name);

  const source = dec.value(item, 'source', 'string', ctx, true, true) ?? '';
  const hasAppendFlag = dec.value(item, 'append', 'bool', ctx, true) ?? false;
  if (hasAppendFlag) res.warning('LOAD_DEPRECATED_ITEM', WARNING_APPEND, ctx);

  const ov = readOverrides(dec, item, APPENDABLE, REPLACEABLE, ctx);
  const hasOverrides = ov.append.size > 0 || ov.replace.size > 0;
  check(hasAppendFlag && hasOverrides, ERROR_OVERRIDE_APPEND, ctx);

  if (hasOverrides) {
    // Every appendable/replaceable key present must be claimed by an override entry.
    const expected = new Set([...APPENDABLE, ...REPLACEABLE].filter((k) => dec.has(item, k)));
    const claim = (overrides: Set<string>, kind: string, key: string): boolean => {
      if (!overrides.has(key)) return false;
      check(!expected.has(key), `An ${kind} override for '${key}' was specified but '${key}' is not defined`, ctx);
      expected.delete(key);
      return true;
    };
    const update = (via: 'override'): RuleUpdateInfo => ({ ctx, condCtx: ctx, name, source: '', via });

    if (ov.append.size > 0) {
      const v = update('override');
      if (claim(ov.append, 'append', 'condition')) {
        v.source = source;
        v.cond = dec.required(item, 'condition', 'string', ctx);
      }
      if (claim(ov.append, 'append', 'exceptions')) v.exceptions = readExceptions(dec, item, ctx, true, res) ?? [];
      if (claim(ov.append, 'append', 'output')) v.output = dec.required(item, 'output', 'string', ctx);
      if (claim(ov.append, 'append', 'desc')) v.desc = dec.required(item, 'desc', 'string', ctx);
      if (claim(ov.append, 'append', 'tags')) v.tags = new Set(dec.strings(item, 'tags', ctx, true) ?? []);
      collector.appendRule(v);
    }

    if (ov.replace.size > 0) {
      const v = update('override');
      if (claim(ov.replace, 'replace', 'condition')) {
        v.source = source;
        v.cond = dec.required(item, 'condition', 'string', ctx);
      }
      if (claim(ov.replace, 'replace', 'exceptions')) v.exceptions = readExceptions(dec, item, ctx, false, res) ?? [];
      if (claim(ov.replace, 'replace', 'output')) v.output = dec.required(item, 'output', 'string', ctx);
      if (claim(ov.replace, 'replace', 'desc')) v.desc = dec.required(item, 'desc', 'string', ctx);
      if (claim(ov.replace, 'replace', 'tags')) v.tags = new Set(dec.strings(item, 'tags', ctx, true) ?? []);
      if (claim(ov.replace, 'replace', 'priority')) v.priority = readPriority(dec, item, ctx);
      if (claim(ov.replace, 'replace', 'capture')) v.capture = dec.required(item, 'capture', 'bool', ctx);
      if (claim(ov.replace, 'replace', 'capture_duration')) v.captureDuration = dec.required(item, 'capture_duration', 'uint32', ctx);
      if (claim(ov.replace, 'replace', 'enabled')) v.enabled = dec.required(item, 'enabled', 'bool', ctx);
      if (claim(ov.replace, 'replace', 'warn_evttypes')) v.warnEvttypes = dec.required(item, 'warn_evttypes', 'bool', ctx);
      if (claim(ov.replace, 'replace', 'skip-if-unknown-filter')) v.skipIfUnknownFilter = dec.required(item, 'skip-if-unknown-filter', 'bool', ctx);
      collector.replaceRule(v);
    }

    for (const key of expected) {
      throw validateError(
        `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
        dec.keyCtx(ctx, item, key, 'overrides', key),
      );
    }
  } else if (hasAppendFlag) {
    const v: RuleUpdateInfo = { ctx, condCtx: ctx, name, source, via: 'append-key' };
    if (dec.has(item, 'condition')) {
      v.condCtx = dec.keyCtx(ctx, item, 'condition', 'rule condition');
      v.cond = dec.required(item, 'condition', 'string', ctx);
    }
    if (dec.has(item, 'exceptions')) v.exceptions = readExceptions(dec, item, ctx, true, res) ?? [];
    collector.appendRule(v);
  } else if (!dec.has(item, 'condition') && !dec.has(item, 'output') && !dec.has(item, 'desc') && !dec.has(item, 'priority')) {
    // Only `enabled`: toggles a rule defined earlier (deprecated in favour of `override`).
    const enabled = dec.required(item, 'enabled', 'bool', ctx);
    res.warning('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, ctx);
    collector.enableRule(name, enabled, ctx);
  } else {
    const cond = dec.required(item, 'condition', 'string', ctx);
    const condCtx = dec.keyCtx(ctx, item, 'condition', 'rule condition');
    const output = dec.required(item, 'output', 'string', ctx);
    const outputCtx = dec.keyCtx(ctx, item, 'output', 'rule output');
    const desc = dec.required(item, 'desc', 'string', ctx);
    const priority = readPriority(dec, item, ctx);
    const v: RuleInfo = {
      ctx, condCtx, outputCtx, index: 0, visibility: 0, unknownSource: false, name, cond,
      source: dec.value(item, 'source', 'string', ctx, true) ?? SYSCALL_SOURCE,
      desc, output: trim(output), tags: new Set(), exceptions: [], priority,
      enabled: dec.value(item, 'enabled', 'bool', ctx, true) ?? true,
      capture: dec.value(item, 'capture', 'bool', ctx, true) ?? false,
      captureDuration: dec.value(item, 'capture_duration', 'uint32', ctx, true) ?? 0,
      warnEvttypes: dec.value(item, 'warn_evttypes', 'bool', ctx, true) ?? true,
      skipIfUnknownFilter: dec.value(item, 'skip-if-unknown-filter', 'bool', ctx, true) ?? false,
    };
    v.tags = new Set(dec.strings(item, 'tags', ctx, true) ?? []);
    v.exceptions = readExceptions(dec, item, ctx, false, res) ?? [];
    collector.defineRule(v, res);
  }

  warnUnknownKeys(dec, item, RULE_KEYS, ctx, res);
}

function readPriority(dec: YamlDecoder, item: YAMLMap, ctx: LoadContext): Priority {
  const text = dec.required(item, 'priority', 'string', ctx);
  const p = parsePriority(text);
  if (p === undefined) throw validateError('Invalid priority', dec.keyCtx(ctx, item, 'priority', 'rule priority'));
  return p;
}
