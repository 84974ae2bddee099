// Gathers the definitions read from every rules file into one ordered set of lists,
// macros and rules, applying redefinitions, appends, selective replaces and `enabled`
// toggles as they arrive. Nothing is compiled here; the compiler reads the result.
import { RuleLoadError } from './diagnostic.js';
import { ENGINE_VERSION, engineSatisfies, parseSemver, semverText } from './engine-version.js';
import { validateException } from './exception-validator.js';
import type { LoadContext } from './load-context.js';
import type { LoadResultBuilder } from './load-result.js';
import {
  entryValid, updateHasValue,
  type EngineVersionInfo, type ListInfo, type MacroInfo, type PluginRequirement, type PluginVersionInfo, type RuleInfo,
  type RuleUpdateInfo,
} from './rule-infos.js';

function fail(message: string, ctx: LoadContext): never {
  throw new RuleLoadError('LOAD_ERR_VALIDATE', message, ctx);
}

/** Items in definition order, looked up by name; a redefinition keeps its slot. */
export class IndexedInfos<T extends { name: string; index: number; visibility: number }> {
  readonly #order: T[] = [];
  readonly #byName = new Map<string, T>();

  get(name: string): T | undefined {
    return this.#byName.get(name);
  }

  /** Defines or redefines `info` with sequence number `id`. */
  define(info: T, id: number): void {
    const prev = this.#byName.get(info.name);
    if (prev) {
      info.index = prev.index;
      info.visibility = id;
      this.#order[this.#order.indexOf(prev)] = info;
    } else {
      info.index = id;
      info.visibility = id;
      this.#order.push(info);
    }
    this.#byName.set(info.name, info);
  }

  get size(): number {
    return this.#order.length;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.#order[Symbol.iterator]();
  }
}

export interface CollectorEnv {
  /** Is `source` an event source the engine knows? */
  isKnownSource(source: string): boolean;
  /** Can `field` appear on the left of a comparison for `source`? */
  isValidField(source: string, field: string): boolean;
  readonly engineVersion?: string;
}

// Falco words the dangling-append errors differently depending on how the append was
// asked for; the legacy `append: true` wording is what the conformance suite checks.
const NO_PREVIOUS = {
  list: {
    'append-key': "List has 'append' key but no list by that name already exists",
    override: "List uses 'append' or 'override.items: append' but no list by that name already exists",
  },
  macro: {
    'append-key': "Macro has 'append' key but no macro by that name already exists",
    override: "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists",
  },
  rule: {
    'append-key': "Rule has 'append' key but no rule by that name already exists",
    override: "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
  },
} as const;

export type AppendVia = 'append-key' | 'override';

export class RulesCollector {
  #seq = 0;
  readonly lists = new IndexedInfos<ListInfo>();
  readonly macros = new IndexedInfos<MacroInfo>();
  readonly rules = new IndexedInfos<RuleInfo>();
  readonly requiredPluginVersions: PluginRequirement[][] = [];
  requiredEngineVersion: EngineVersionInfo | undefined;

  constructor(private readonly env: CollectorEnv) {}

  defineEngineVersion(info: EngineVersionInfo): void {
    const engine = parseSemver(this.env.engineVersion ?? ENGINE_VERSION)!;
    if (!engineSatisfies(engine, info.version)) {
      fail(`Rules require engine version ${info.text}, but engine version is ${semverText(engine)}`, info.ctx);
    }
    const cur = this.requiredEngineVersion?.version;
    if (!cur || cur.major < info.version.major || (cur.major === info.version.major && (cur.minor < info.version.minor || (cur.minor === info.version.minor && cur.patch < info.version.patch)))) {
      this.requiredEngineVersion = info;
    }
  }

  definePluginVersions(info: PluginVersionInfo): void {
    const seen = new Set<string>();
    for (const req of info.alternatives) {
      if (!parseSemver(req.version)) fail(`Invalid required version '${req.version}' for plugin '${req.name}'`, info.ctx);
      if (seen.has(req.name)) fail(`Defined multiple alternative version requirements for plugin '${req.name}'`, info.ctx);
      seen.add(req.name);
    }
    this.requiredPluginVersions.push(info.alternatives);
  }

  defineList(info: ListInfo): void {
    this.lists.define(info, this.#seq++);
  }

  appendList(info: ListInfo, via: AppendVia): void {
    const prev = this.lists.get(info.name);
    if (!prev) fail(NO_PREVIOUS.list[via], info.ctx);
    prev.items.push(...info.items);
    prev.visibility = this.#seq++;
  }

  defineMacro(info: MacroInfo): void {
    this.macros.define(info, this.#seq++);
  }

  appendMacro(info: MacroInfo, via: AppendVia): void {
    const prev = this.macros.get(info.name);
    if (!prev) fail(NO_PREVIOUS.macro[via], info.ctx);
    prev.cond += ` ${info.cond}`;
    prev.visibility = this.#seq++;
  }

  #findPrevRule(name: string, source: string, ctx: LoadContext): RuleInfo | undefined {
    const prev = this.rules.get(name);
    if (prev && prev.source !== '' && source !== '' && prev.source !== source) {
      fail('Rule has been re-defined with a different source', ctx);
    }
    return prev;
  }

  #fieldCheck(source: string | undefined): ((f: string) => boolean) | undefined {
    return source === undefined ? undefined : (f) => this.env.isValidField(source, f);
  }

  defineRule(info: RuleInfo, res: LoadResultBuilder): void {
    this.#findPrevRule(info.name, info.source, info.ctx);
    const known = this.env.isKnownSource(info.source);
    if (!known) {
      info.unknownSource = true;
      res.warning('LOAD_UNKNOWN_SOURCE', `Unknown source ${info.source}, skipping`, info.ctx);
    }
    for (const ex of info.exceptions) {
      if (!entryValid(ex.fields)) fail('Rule exception item must have fields property with a list of fields', ex.ctx);
      validateException(ex, this.#fieldCheck(known ? info.source : undefined));
    }
    this.rules.define(info, this.#seq++);
  }

  appendRule(info: RuleUpdateInfo): void {
    const prev = this.#findPrevRule(info.name, info.source, info.ctx);
    if (!prev) fail(NO_PREVIOUS.rule[info.via], info.ctx);
    if (!updateHasValue(info)) fail('Appended rule must have exceptions or condition property', info.ctx);
    const check = this.#fieldCheck(prev.unknownSource ? undefined : prev.source);
    if (info.cond) prev.cond += ` ${info.cond}`;
    if (info.output) prev.output += ` ${info.output}`;
    if (info.desc) prev.desc += ` ${info.desc}`;
    if (info.tags) for (const t of info.tags) prev.tags.add(t);
    for (const ex of info.exceptions ?? []) {
      const prevEx = prev.exceptions.find((e) => e.name === ex.name);
      if (!prevEx) {
        if (!entryValid(ex.fields)) fail('Rule exception must have fields property with a list of fields', ex.ctx);
        if (ex.values.length === 0) fail('Rule exception must have values property with a list of values', ex.ctx);
        validateException(ex, check);
        prev.exceptions.push(ex);
      } else {
        if (entryValid(ex.fields)) fail('Can not append exception fields to existing exception, only values', ex.ctx);
        if (entryValid(ex.comps)) fail('Can not append exception comps to existing exception, only values', ex.ctx);
        prevEx.values.push(...ex.values);
      }
    }
    prev.visibility = this.#seq++;
  }

  replaceRule(info: RuleUpdateInfo): void {
    const prev = this.#findPrevRule(info.name, info.source, info.ctx);
    if (!prev) fail("An 'override.<key>: replace' to a rule was requested but no rule by that name already exists", info.ctx);
    if (!updateHasValue(info)) fail('The rule must have at least one field that can be replaced', info.ctx);
    if (info.cond !== undefined) prev.cond = info.cond;
    if (info.output !== undefined) prev.output = info.output;
    if (info.desc !== undefined) prev.desc = info.desc;
    if (info.tags !== undefined) prev.tags = new Set(info.tags);
    if (info.exceptions !== undefined) {
      // Falco leaves replaced exceptions unchecked; checking them here fills in the default
      // comps, without which the exception could not be turned into a condition.
      const check = this.#fieldCheck(prev.unknownSource ? undefined : prev.source);
      for (const ex of info.exceptions) {
        if (!entryValid(ex.fields)) fail('Rule exception must have fields property with a list of fields', ex.ctx);
        validateException(ex, check);
      }
      prev.exceptions = info.exceptions;
    }
    if (info.priority !== undefined) prev.priority = info.priority;
    if (info.capture !== undefined) prev.capture = info.capture;
    if (info.captureDuration !== undefined) prev.captureDuration = info.captureDuration;
    if (info.enabled !== undefined) prev.enabled = info.enabled;
    if (info.warnEvttypes !== undefined) prev.warnEvttypes = info.warnEvttypes;
    if (info.skipIfUnknownFilter !== undefined) prev.skipIfUnknownFilter = info.skipIfUnknownFilter;
    prev.visibility = this.#seq++;
  }

  enableRule(name: string, enabled: boolean, ctx: LoadContext): void {
    const prev = this.rules.get(name);
    if (!prev) fail("Rule has 'enabled' key but no rule by that name already exists", ctx);
    prev.enabled = enabled;
  }
}
