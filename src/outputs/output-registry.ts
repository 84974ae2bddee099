// Outputs registered by name: a map from name to factory. Registering a name twice is an
// error, so a plugin cannot silently replace a built-in sink.
import type { Output, OutputContext, OutputFactory } from './output.js';
import { FileOutput } from './file-output.js';
import { HttpOutput } from './http-output.js';
import { ProgramOutput } from './program-output.js';
import { StdoutOutput } from './stdout-output.js';

export class OutputRegistry {
  readonly #factories = new Map<string, OutputFactory>();

  register(name: string, factory: OutputFactory): void {
    if (this.#factories.has(name)) throw new Error(`output '${name}' is already registered`);
    this.#factories.set(name, factory);
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  names(): string[] {
    return [...this.#factories.keys()];
  }

  create(name: string, ctx: OutputContext): Output {
    const f = this.#factories.get(name);
    if (!f) throw new Error(`Output not supported: ${name}`);
    return f(ctx);
  }
}

/** A registry holding the built-in outputs: stdout, file, program, http. */
export function createDefaultOutputRegistry(): OutputRegistry {
  const r = new OutputRegistry();
  r.register('stdout', (ctx) => new StdoutOutput(ctx));
  r.register('file', (ctx) => new FileOutput(ctx));
  r.register('program', (ctx) => new ProgramOutput(ctx));
  r.register('http', (ctx) => new HttpOutput(ctx));
  return r;
}
