// `-o key=value` overrides: dot paths (`a.b.c`), list elements (`plugins[0].open_params`),
// appends (`rules_files[]=x`), and backslash escapes for literal dots/brackets in keys.
// Values are YAML scalars, so `true`, `10` and `"x"` mean what they mean in falco.yaml.
import { createRequire } from 'node:module';

// The `yaml` package costs ~100 ms to load; only a value that is not a plain word needs it.
const requireYaml = () => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export type ConfigTree = Record<string, unknown>;

type Step = { key: string } | { index: number } | { append: true };

export class ConfigOverrideError extends Error {}

export function parseOverridePath(path: string): Step[] {
  const steps: Step[] = [];
  let cur = '';
  let hasCur = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) { cur += path[++i]; hasCur = true; continue; }
    if (c === '.') {
      if (hasCur) steps.push({ key: cur });
      else if (steps.length === 0 || !('index' in steps[steps.length - 1]! || 'append' in steps[steps.length - 1]!)) {
        throw new ConfigOverrideError(`empty key in option path '${path}'`);
      }
      cur = ''; hasCur = false; continue;
    }
    if (c === '[') {
      if (hasCur) steps.push({ key: cur });
      cur = ''; hasCur = false;
      const end = path.indexOf(']', i);
      if (end < 0) throw new ConfigOverrideError(`missing ']' in option path '${path}'`);
      const inner = path.slice(i + 1, end);
      if (inner === '') steps.push({ append: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else throw new ConfigOverrideError(`list index '${inner}' is not a number in option path '${path}'`);
      i = end;
      continue;
    }
    cur += c; hasCur = true;
  }
  if (hasCur) steps.push({ key: cur });
  if (steps.length === 0) throw new ConfigOverrideError(`empty option path '${path}'`);
  return steps;
}

function scalar(text: string): unknown {
  if (text === '') return '';
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  if (/^[\w/.,@:+-]*$/.test(text) && !/^(null|~|yes|no|on|off|true|false)$/i.test(text) && !/^[-+.\d]/.test(text)) return text;
  try {
    const v = requireYaml().parse(text);
    // Only scalars: `a: b` or `[x]` in a value are kept as the literal text.
    return v === null || typeof v !== 'object' ? v ?? text : text;
  } catch {
    return text;
  }
}

/** Applies one `key=value` override to the tree, in place. */
export function applyOverride(tree: ConfigTree, option: string): void {
  const eq = option.indexOf('=');
  if (eq <= 0) throw new ConfigOverrideError(`option '${option}' is not of the form <key>=<value>`);
  const steps = parseOverridePath(option.slice(0, eq));
  const value = scalar(option.slice(eq + 1));
  let node: any = tree;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s]!;
    const last = s === steps.length - 1;
    const nextIsList = !last && !('key' in steps[s + 1]!);
    const fresh = () => (nextIsList ? [] : {});
    if ('key' in step) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new ConfigOverrideError(`cannot set '${step.key}' in option '${option}': parent is not a mapping`);
      if (last) node[step.key] = value;
      else {
        if (node[step.key] === null || typeof node[step.key] !== 'object') node[step.key] = fresh();
        node = node[step.key];
      }
    } else {
      if (!Array.isArray(node)) throw new ConfigOverrideError(`cannot index a non-list in option '${option}'`);
      const idx = 'append' in step ? node.length : step.index;
      if (idx > node.length) throw new ConfigOverrideError(`list index ${idx} is out of range in option '${option}'`);
      if (last) node[idx] = value;
      else {
        if (node[idx] === null || typeof node[idx] !== 'object') node[idx] = fresh();
        node = node[idx];
      }
    }
  }
}
