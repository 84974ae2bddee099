// The outcome of loading one rules file, and its two renderings: the JSON object Falco
// prints in `falco_load_results` and the text block `-V` prints without JSON.
import { codeShort, type ErrorCode, type WarningCode } from './load-codes.js';
import { makeDiagnostic, type Diagnostic } from './diagnostic.js';
import type { LoadContext } from './load-context.js';
import { buildSnippet } from './snippet.js';

export interface LoadResult {
  /** The name the file was loaded under (the path as given). */
  readonly name: string;
  readonly successful: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** Collects diagnostics while a file loads; snippets are cut when a diagnostic is added. */
export class LoadResultBuilder {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  constructor(readonly name: string, private readonly contents: ReadonlyMap<string, Uint8Array>) {}

  get successful(): boolean {
    return this.errors.length === 0;
  }

  error(code: ErrorCode, message: string, ctx: LoadContext): void {
    this.errors.push(makeDiagnostic(code, message, ctx, buildSnippet(ctx, this.contents)));
  }

  warning(code: WarningCode, message: string, ctx: LoadContext, deprecatedField?: string): void {
    this.warnings.push(makeDiagnostic(code, message, ctx, buildSnippet(ctx, this.contents), deprecatedField));
  }

  build(): LoadResult {
    return { name: this.name, successful: this.successful, errors: [...this.errors], warnings: [...this.warnings] };
  }
}

/**
 * The JSON object for one file, with keys in the order Falco prints them (its JSON
 * library sorts keys), so `JSON.stringify` of it matches Falco's bytes.
 */
export function loadResultToJson(r: LoadResult): Record<string, unknown> {
  return {
    errors: r.errors.map(diagnosticToJson),
    name: r.name,
    successful: r.successful,
    warnings: r.warnings.map(diagnosticToJson),
  };
}

export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  const json: Record<string, unknown> = {
    code: d.code,
    codedesc: d.codedesc,
    context: {
      locations: d.locations.map((l) => ({
        item_name: l.itemName,
        item_type: l.itemType,
        position: { column: l.position.column, line: l.position.line, name: l.position.name, offset: l.position.offset },
      })),
      snippet: d.snippet,
    },
  };
  if (d.deprecatedField !== undefined) json.deprecated_field = d.deprecatedField;
  json.message = d.message;
  return json;
}

const headline = (r: LoadResult): string =>
  `${r.name ? `${r.name}: ` : ''}${r.successful ? (r.warnings.length ? 'Ok, with warnings' : 'Ok') : 'Invalid'}`;

const warningShort = (d: Diagnostic): string =>
  d.deprecatedField === undefined ? codeShort(d.code) : `${codeShort(d.code)}: field '${d.deprecatedField}'`;

/**
 * Falco's text rendering. `verbose` gives the full form `-V` prints (each diagnostic with
 * its location chain and snippet); otherwise a short summary of codes.
 */
export function loadResultToText(r: LoadResult, verbose = true): string {
  let os = headline(r);
  if (!verbose) {
    if (r.errors.length) {
      os += `\n ${r.errors.length} errors: [${r.errors.map((e) => `${e.code} (${codeShort(e.code)})`).join(' ')}]`;
    }
    if (r.warnings.length) {
      os += `\n ${r.warnings.length} warnings: [${r.warnings.map((w) => `${w.code} (${warningShort(w)})`).join(' ')}]`;
    }
    return os;
  }
  const block = (d: Diagnostic, short: string): string =>
    `${d.context.asString()}------\n${d.snippet}------\n${d.code} (${short}): ${d.message}\n`;
  if (r.errors.length) {
    os += `\n${r.errors.length} Errors:\n`;
    for (const e of r.errors) os += block(e, codeShort(e.code));
  }
  if (r.warnings.length) {
    os += `\n${r.warnings.length} Warnings:\n`;
    for (const w of r.warnings) os += block(w, warningShort(w));
  }
  return os;
}

