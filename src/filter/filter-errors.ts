// Errors of the condition language. Both carry a code and a position so the rules loader
// can point at the offending place inside the condition (Falco's LOAD_ERR_COMPILE_CONDITION).
import type { Pos } from './ast.js';

abstract class FilterError extends Error {
  abstract readonly code: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(message: string, pos: Pos, options?: { cause?: unknown }) {
    super(message, options);
    this.offset = pos.offset;
    this.line = pos.line;
    this.column = pos.column;
  }
  get pos(): Pos {
    return { offset: this.offset, line: this.line, column: this.column };
  }
}

/** The condition text does not parse. `message` uses libsinsp's parser wording. */
export class FilterSyntaxError extends FilterError {
  readonly code = 'FILTER_SYNTAX';
  override readonly name = 'FilterSyntaxError';
}

/** The condition parses but cannot be compiled (unknown field, bad operator for a type, bad value, ...). */
export class FilterCompileError extends FilterError {
  readonly code: string;
  override readonly name = 'FilterCompileError';
  constructor(message: string, pos: Pos, code = 'FILTER_COMPILE', options?: { cause?: unknown }) {
    super(message, pos, options);
    this.code = code;
  }
}

/** Error codes that callers may branch on (Falco skips rules on these with skip-if-unknown-filter). */
export const UNKNOWN_FIELD = 'FILTER_UNKNOWN_FIELD';
export const UNKNOWN_EVENT_TYPE = 'FILTER_UNKNOWN_EVENT_TYPE';
