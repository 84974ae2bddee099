// Matrix expansion and placeholder substitution (docs/rule-tests.md, "Placeholders"):
// one case per combination of the matrix values (cartesian product, first variable
// varying slowest), `{{name}}` replaced in every string and map key; a string that is
// exactly one placeholder takes the value as it is (a list stays a list).

export type Vars = ReadonlyMap<string, unknown>;

const EXACT = /^\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}$/;
const ANY = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** The text form of a value written inside a longer string (and in expanded ids). */
export function placeholderText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(placeholderText).join(' ');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Replaces the placeholders named in `vars`; others are left for a later pass. */
export function substitute(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const exact = EXACT.exec(value);
    if (exact && vars.has(exact[1]!)) return vars.get(exact[1]!);
    return value.replace(ANY, (whole, name: string) => (vars.has(name) ? placeholderText(vars.get(name)) : whole));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[substitute(k, vars) as string] = substitute(v, vars);
    return out;
  }
  return value;
}

/** Placeholders still present anywhere in a value. */
export function leftoverPlaceholders(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(ANY)) found.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) leftoverPlaceholders(v, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      leftoverPlaceholders(k, found);
      leftoverPlaceholders(v, found);
    }
  }
  return found;
}

/** Every combination of the matrix values, in file order. */
export function matrixCombinations(matrix: Record<string, readonly unknown[]>): Map<string, unknown>[] {
  let combos: Map<string, unknown>[] = [new Map()];
  for (const [name, values] of Object.entries(matrix)) {
    const next: Map<string, unknown>[] = [];
    for (const c of combos) {
      for (const v of values) next.push(new Map(c).set(name, v));
    }
    combos = next;
  }
  return combos;
}

/** `id[name=value,...]` for a matrix combination, `id` alone without one. */
export function expandedId(id: string, combo: ReadonlyMap<string, unknown>): string {
  if (combo.size === 0) return id;
  return `${id}[${[...combo].map(([k, v]) => `${k}=${placeholderText(v)}`).join(',')}]`;
}

/** The `{{case}}` value: the expanded id reduced to [a-z0-9-]. */
export function caseSlug(expanded: string): string {
  return expanded.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
}
