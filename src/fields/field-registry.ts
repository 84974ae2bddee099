// The registry of filter fields per event source. Sources and plugins register their
// fields here; the filter compiler, the rules loader (output checks) and `--list` read it.
import type { FieldArg, FieldClassInfo, FieldDecl } from './field.js';

export interface ResolvedField {
  readonly decl: FieldDecl;
  /** The argument as written (`2`, `HOME`, `name`), parsed per the declaration's form. */
  readonly arg: FieldArg | undefined;
  /** The text as written in the condition, e.g. `proc.aname[2]`. */
  readonly text: string;
}

export class FieldRegistry {
  readonly #bySource = new Map<string, Map<string, FieldDecl>>();
  readonly #classes = new Map<string, FieldClassInfo[]>();

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
   * `name` is the text before any `[`; `bracketArg` what stood between the brackets.
   * Returns undefined when no field matches; throws an Error whose message says what is
   * wrong with the argument when the field exists but the argument does not fit.
   */
  resolve(source: string, name: string, bracketArg?: string): ResolvedField | undefined {
    const fields = this.#bySource.get(source);
    if (!fields) return undefined;
    let decl = fields.get(name);
    let dotKey: string | undefined;
    if (!decl) {
      // `evt.arg.name`-style: the longest declared prefix that takes a dotted argument
      for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
        const d = fields.get(name.slice(0, i));
        if (d?.dotArg) { decl = d; dotKey = name.slice(i + 1); break; }
      }
      if (!decl) return undefined;
    }
    const text = bracketArg === undefined ? name : `${name}[${bracketArg}]`;
    return { decl, arg: parseArg(decl, dotKey, bracketArg), text };
  }

  /** Registers a class's fields and remembers the class (heading and order) for `--list`. */
  registerClass(info: FieldClassInfo): void {
    this.registerAll(info.fields);
    let list = this.#classes.get(info.source);
    if (!list) this.#classes.set(info.source, (list = []));
    list.push(info);
  }

  /** The classes registered with `registerClass` for a source, in registration order. */
  classes(source: string): FieldClassInfo[] {
    return [...(this.#classes.get(source) ?? [])];
  }
}

function parseArg(decl: FieldDecl, dotKey: string | undefined, bracketArg: string | undefined): FieldArg | undefined {
  const form = decl.arg;
  if (dotKey !== undefined) {
    if (bracketArg !== undefined) throw new Error(`field '${decl.name}' takes one argument, got '.${dotKey}' and '[${bracketArg}]'`);
    if (dotKey === '') throw new Error(`field '${decl.name}' requires an argument after '.'`);
    return dotKey;
  }
  if (bracketArg === undefined) {
    if (form.endsWith('-required')) {
      const how = decl.dotArg === 'only' ? `${decl.name}.<name>` : `${decl.name}[...]`;
      throw new Error(`field '${decl.name}' requires an argument, e.g. ${how}`);
    }
    return undefined;
  }
  if (form === 'none') throw new Error(`field '${decl.name}' does not take an argument`);
  if (decl.dotArg === 'only') throw new Error(`field '${decl.name}' takes its argument after a dot (${decl.name}.<name>), not in brackets`);
  if (form.startsWith('index-or-key')) return /^\d+$/.test(bracketArg) ? Number(bracketArg) : bracketArg;
  if (form.startsWith('index')) {
    if (!/^\d+$/.test(bracketArg)) throw new Error(`field '${decl.name}' requires a numeric index, got '${bracketArg}'`);
    return Number(bracketArg);
  }
  return bracketArg;
}
