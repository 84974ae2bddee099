// One error or warning of a rules load, in the shape of an entry of Falco's
// `falco_load_results[].errors[]` / `warnings[]`.
import { codeDesc, type LoadCode } from './load-codes.js';
import type { LoadContext, Location } from './load-context.js';

export interface Diagnostic {
  readonly code: LoadCode;
  /** Falco's fixed description of the code (see load-codes.ts). */
  readonly codedesc: string;
  readonly message: string;
  /** From the file down to the item at fault. */
  readonly locations: readonly Location[];
  /** The line at fault with a caret under the position, newline-terminated. */
  readonly snippet: string;
  /** Set on deprecated-field warnings (`evt.dir`, `evt.latency`...): Falco adds it to the JSON. */
  readonly deprecatedField?: string;
  /** The context the diagnostic was raised in (for the text rendering). */
  readonly context: LoadContext;
}

export function makeDiagnostic(
  code: LoadCode, message: string, context: LoadContext, snippet: string, deprecatedField?: string,
): Diagnostic {
  const d: Diagnostic = { code, codedesc: codeDesc(code), message, locations: context.locations, snippet, context };
  return deprecatedField === undefined ? d : { ...d, deprecatedField };
}

/** Thrown inside the loader to stop reading at the first error, as Falco does. */
export class RuleLoadError extends Error {
  override readonly name = 'RuleLoadError';
  constructor(readonly code: LoadCode, message: string, readonly context: LoadContext) {
    super(message);
  }
}
