// Loads rules files one after another into one rule set, as Falco's engine does: each
// file is read into the shared collector, then everything collected so far is compiled,
// so later files see (and may append to or override) earlier files' items.
import type { FieldRegistry } from '../fields/field-registry.js';
import { compileCondition, parseCondition } from '../filter/index.js';
import type { CompiledList, CompiledMacro, CompiledRule, CompileOutput } from './compiled-rules.js';
import { ENGINE_VERSION, parseSemver } from './engine-version.js';
import { LoadContext } from './load-context.js';
import { LoadResultBuilder, type LoadResult } from './load-result.js';
import { checkPluginRequirements, type LoadedPlugin } from './plugin-requirements.js';
import type { EngineVersionInfo, PluginRequirement } from './rule-infos.js';
import { SYSCALL_SOURCE } from './rule-item-reader.js';
import { RulesCollector } from './rules-collector.js';
import { CompileCache } from './compile-cache.js';
import { compileRules, type CompilerEnv, type ExtraOutputFormat } from './rules-compiler.js';
import { readRulesFile } from './rules-reader.js';
import { SourceText } from './source-text.js';

export interface RulesLoaderOptions {
  readonly registry: FieldRegistry;
  /** Event types of the syscall source (`src/events/event-catalog.ts`). */
  readonly catalog: CompilerEnv['catalog'];
  /** Engine version `required_engine_version` is checked against (default ENGINE_VERSION). */
  readonly engineVersion?: string;
  /** Loaded plugins, for `checkPluginRequirements()` without arguments. */
  readonly pluginVersions?: readonly LoadedPlugin[];
  /** Event sources rules may use (default: the registry's sources and `syscall`). */
  readonly sources?: readonly string[];
  /** Falco's `append_output`: text added to matching rules' outputs. */
  readonly extraOutputs?: readonly ExtraOutputFormat[];
}

export class RulesLoader {
  readonly #collector: RulesCollector;
  readonly #contents = new Map<string, Uint8Array>();
  readonly #texts = new Map<string, string>();
  readonly #sources: ReadonlySet<string>;
  /** Compile results reused by later loads (each load recompiles everything collected). */
  readonly #cache: CompileCache;
  #output: CompileOutput = { lists: [], macros: [], rules: [] };

  constructor(private readonly options: RulesLoaderOptions) {
    if (options.engineVersion !== undefined && !parseSemver(options.engineVersion)) {
      throw new Error(`invalid engine version '${options.engineVersion}': expected x.y.z`);
    }
    this.#cache = new CompileCache(options.registry);
    this.#sources = new Set(options.sources ?? [SYSCALL_SOURCE, ...options.registry.sources()]);
    this.#collector = new RulesCollector({
      isKnownSource: (s) => this.#sources.has(s),
      isValidField: (source, field) => this.#isValidField(source, field),
      engineVersion: options.engineVersion ?? ENGINE_VERSION,
    });
  }

  /** Loads one file's content under `name` (the path as given: diagnostics repeat it). */
  load(name: string, content: string): LoadResult {
    const source = new SourceText(content);
    this.#contents.set(name, source.bytes);
    this.#texts.set(name, content);
    const res = new LoadResultBuilder(name, this.#contents);
    try {
      if (readRulesFile(source, name, this.#collector, res)) {
        const out = compileRules(this.#collector, this.options, res, this.#cache);
        if (out && res.successful) this.#output = out;
      }
    } catch (e) {
      // A defect, not a rules problem: report it against the file rather than crash the caller.
      res.error('LOAD_ERR_VALIDATE', `internal error: ${e instanceof Error ? e.message : String(e)}`, LoadContext.root(name));
    }
    return res.build();
  }

  /** A file that could not be read, reported the way Falco reports it. */
  fileReadError(name: string, message: string): LoadResult {
    const res = new LoadResultBuilder(name, this.#contents);
    res.error('LOAD_ERR_FILE_READ', message, LoadContext.root(name));
    return res.build();
  }

  /** Rules of the last successful load, in definition order. */
  rules(): readonly CompiledRule[] {
    return this.#output.rules;
  }

  macros(): readonly CompiledMacro[] {
    return this.#output.macros;
  }

  lists(): readonly CompiledList[] {
    return this.#output.lists;
  }

  /** Contents loaded so far by name (for rendering snippets elsewhere). */
  contents(): ReadonlyMap<string, string> {
    return this.#texts;
  }

  /** The highest `required_engine_version` seen. */
  requiredEngineVersion(): EngineVersionInfo | undefined {
    return this.#collector.requiredEngineVersion;
  }

  /** Each entry lists alternatives; one of them must be loaded. */
  requiredPluginVersions(): readonly (readonly PluginRequirement[])[] {
    return this.#collector.requiredPluginVersions;
  }

  /** Undefined when the plugins satisfy every requirement, else Falco's message. */
  checkPluginRequirements(plugins: readonly LoadedPlugin[] = this.options.pluginVersions ?? []): string | undefined {
    return checkPluginRequirements(this.#collector.requiredPluginVersions, plugins);
  }

  /** Whether `field` may be used on the left of a comparison (exception fields). */
  #isValidField(source: string, field: string): boolean {
    if (field.includes('(')) {
      // A transformer expression: accept it when it compiles as `<field> exists`.
      return this.#compilesAsCheck(source, field);
    }
    const m = /^([^[\]]+)(?:\[(.*)\])?$/s.exec(field);
    if (!m) return false;
    try {
      return this.options.registry.resolve(source, m[1]!, m[2]) !== undefined;
    } catch {
      return false;
    }
  }

  #compilesAsCheck(source: string, field: string): boolean {
    try {
      return compileCheck(`${field} exists`, this.options.registry, source);
    } catch {
      return false;
    }
  }
}

function compileCheck(text: string, registry: FieldRegistry, source: string): boolean {
  compileCondition(parseCondition(text), { registry, source });
  return true;
}
