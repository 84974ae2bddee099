// falco.yaml: load the file, apply `-o` overrides, and read typed settings with defaults.
// The raw tree is kept so that later stages (outputs, plugins, live capture) read their own keys.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { applyOverride, type ConfigTree } from './config-overrides.js';

export class ConfigError extends Error {}

/**
 * Environment variables in the file's string values, as Falco resolves them: `${NAME}` becomes
 * the variable's value (empty when unset), `$${` stays a literal `${`.
 */
export function expandEnv(v: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (typeof v === 'string') {
    if (!v.includes('${')) return v;
    return v.replace(/\$?\$\{([^}]*)\}/g, (m: string, name: string) => (m.startsWith('$$') ? m.slice(1) : env[name] ?? ''));
  }
  if (Array.isArray(v)) return v.map((x) => expandEnv(x, env));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandEnv(x, env)]));
  return v;
}

export interface RuleSelection { op: 'enable' | 'disable'; rule?: string; tag?: string }

export class FalcoConfig {
  constructor(readonly tree: ConfigTree, readonly path?: string) {}

  static load(path: string | undefined, overrides: readonly string[]): FalcoConfig {
    let tree: ConfigTree = {};
    if (path !== undefined) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new ConfigError(`Could not find configuration file at ${path}`, { cause: e });
      }
      const doc = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parseDocument(text);
      if (doc.errors.length > 0) {
        const err = doc.errors[0]!;
        const lp = err.linePos?.[0];
        throw new ConfigError(`${path}${lp ? `:${lp.line}:${lp.col}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`);
      }
      const v = doc.toJS();
      if (v !== null && v !== undefined) {
        if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${path}: the configuration must be a YAML mapping`);
        tree = expandEnv(v) as ConfigTree;
      }
    }
    for (const o of overrides) {
      try {
        applyOverride(tree, o);
      } catch (e) {
        throw new ConfigError(`invalid -o option: ${(e as Error).message}`, { cause: e });
      }
    }
    return new FalcoConfig(tree, path);
  }

  /** Value at a dot path, or undefined. */
  get(path: string): unknown {
    let node: any = this.tree;
    for (const k of path.split('.')) {
      if (node === null || typeof node !== 'object') return undefined;
      node = node[k];
    }
    return node;
  }

  bool(path: string, dflt: boolean): boolean {
    const v = this.get(path);
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    throw new ConfigError(`configuration key '${path}' must be true or false, got '${String(v)}'`);
  }

  str(path: string, dflt: string): string;
  str(path: string): string | undefined;
  str(path: string, dflt?: string): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'object') throw new ConfigError(`configuration key '${path}' must be a scalar`);
    return String(v);
  }

  num(path: string, dflt: number): number {
    const v = this.get(path);
    if (v === undefined || v === null || v === '') return dflt;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw new ConfigError(`configuration key '${path}' must be a number, got '${String(v)}'`);
    return n;
  }

  /** `rules_files` (or the older `rules_file`), as a list. */
  rulesFiles(): string[] {
    const v = this.get('rules_files') ?? this.get('rules_file');
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v)) return v.map(String);
    throw new ConfigError(`configuration key 'rules_files' must be a list of paths`);
  }

  /** The `rules:` selectors: `- disable: {rule: X}` / `- enable: {tag: Y}`, in order. */
  ruleSelections(): RuleSelection[] {
    const v = this.get('rules');
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ConfigError(`configuration key 'rules' must be a list of enable/disable selectors`);
    const out: RuleSelection[] = [];
    for (const item of v) {
      for (const op of ['enable', 'disable'] as const) {
        const sel = item?.[op];
        if (sel === undefined) continue;
        if (sel === null || typeof sel !== 'object') throw new ConfigError(`configuration 'rules': '${op}' needs a 'rule' or 'tag' key`);
        if (sel.rule !== undefined) out.push({ op, rule: String(sel.rule) });
        if (sel.tag !== undefined) out.push({ op, tag: String(sel.tag) });
      }
    }
    return out;
  }
}
