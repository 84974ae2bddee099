// The registry of filter fields per event source. Sources and plugins register their
// fields here; the filter compiler, the rules loader (output checks) and `--list` read it.
import type { FieldArg, FieldDecl } from './field.js';

export interface ResolvedField {
  readonly decl: FieldDecl;
  /** The argument as written (`2`, `HOME`, `name`), parsed per the declaration's form. */
  readonly arg: FieldArg | undefined;
  /** The text as written in the condition, e.g. `proc.aname[2]`. */
  readonly text: string;
}

export class FieldRegistry {
  readonly #bySource = new Map<string, Map<string, FieldDecl>>();

  register(decl: FieldDecl): void {
    let fields = this.#bySource.get(decl.source);
    if (!fields) this.#bySource.set(decl.source, (fields = new Map()));
    if (fields.has(decl.name)) throw new Error(`field '${decl.name}' is already registered for source '${decl.source}'`);
    fields.set(decl.name, decl);
  }

  registerAll(decls: readonly FieldDecl[]): void {
    for (const d of decls) this.register(d);
  }

  sources(): string[] {
    return [...this.#bySource.keys()];
  }

  fields(source: string): FieldDecl[] {
    return [...(this.#bySource.get(source)?.values() ?? [])];
  }

  /** Exact declaration lookup by name (no argument). */
  get(source: string, name: string): FieldDecl | undefined {
    return this.#bySource.get(source)?.get(name);
  }

  /**
   * Looks up `text` (e.g. `proc.aname[2]`, `evt.arg.fd`, `evt.arg[0]`) for a source.
   * Returns undefined when no field matches; throws an Error whose message says what is
   * wrong with the argument when the field exists but the argument does not fit.
   */
  resolve(source: string, name: string, bracketArg?: string): ResolvedField | undefined {
    const fields = this.#bySource.get(source);
    if (!fields) return undefined;
    let decl = fields.get(name);
    let arg: FieldArg | undefined;
    let rawArg = bracketArg;
    if (!decl) {
      // `evt.arg.name`-style: longest declared prefix with dotArg
      const dot = name.lastIndexOf('.');
      for (let i = dot; i > 0; i = name.lastIndexOf('.', i - 1)) {
        const d = fields.get(name.slice(0, i));
        if (d?.dotArg) { decl = d; rawArg = name.slice(i + 1); break; }
      }
      if (!decl) return undefined;
    }
    const text = bracketArg === undefined ? name : `${name}[${bracketArg}]`;
    switch (decl.arg) {
      case 'none':
        if (rawArg !== undefined) throw new Error(`field '${decl.name}' does not take an argument`);
        break;
      case 'index-optional':
      case 'index-required':
        if (rawArg === undefined) {
          if (decl.arg === 'index-required') throw new Error(`field '${decl.name}' requires an index argument`);
        } else {
          if (!/^\d+$/.test(rawArg)) {
            // evt.arg accepts both a name (evt.arg.fd) and an index (evt.arg[0])
            if (!decl.dotArg) throw new Error(`field '${decl.name}' requires a numeric index, got '${rawArg}'`);
            arg = rawArg;
          } else arg = Number(rawArg);
        }
        break;
      case 'key-optional':
      case 'key-required':
        if (rawArg === undefined) {
          if (decl.arg === 'key-required') throw new Error(`field '${decl.name}' requires an argument`);
        } else arg = rawArg;
        break;
    }
    return { decl, arg, text };
  }
}
