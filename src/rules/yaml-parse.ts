// Parses a rules file into YAML documents and, when the text is not YAML, reports the
// first problem in yaml-cpp's words (`yaml-cpp: error at line L, column C: <what>`), since
// Falco's messages come from yaml-cpp and tools match on them.
import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import { parseRulesYamlFast } from './yaml-fast-parse.js';

// The `yaml` package takes a while to load; most rules files never need it.
let yamlPackage: typeof import('yaml') | undefined;
const loadYaml = (): typeof import('yaml') => (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

export interface YamlParseFailure {
  /** yaml-cpp style message. */
  readonly message: string;
  /** UTF-16 index of the mark. */
  readonly index: number;
}

export type YamlParseOutcome = { readonly docs: Document.Parsed[] } | { readonly failure: YamlParseFailure };

/** yaml-cpp's wording for the problems the `yaml` package reports. */
function yamlCppMessage(code: string, message: string): string {
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'illegal map value';
    case 'MISSING_CHAR':
      if (/quote/i.test(message)) return 'illegal EOF in scalar';
      if (/\bflow\b.*\]|\bseq/i.test(message)) return 'end of sequence flow not found';
      return 'end of map not found';
    case 'BAD_INDENT':
      if (/Flow sequence/i.test(message)) return 'end of sequence flow not found';
      if (/Flow map/i.test(message)) return 'end of map flow not found';
      return 'end of map not found';
    case 'TAB_AS_INDENT':
      return 'illegal tab when looking for indentation';
    case 'UNEXPECTED_TOKEN':
      return /flow-(seq|map)-end/.test(message) ? 'illegal flow end' : 'unknown token';
    case 'MULTIPLE_ANCHORS':
      return 'cannot assign multiple anchors to the same node';
    case 'MULTIPLE_TAGS':
      return 'cannot assign multiple tags to the same node';
    case 'BAD_DQ_ESCAPE':
      return 'unknown escape character';
    case 'BAD_DIRECTIVE':
      return 'YAML directives must have exactly one argument';
    default:
      return 'unknown token';
  }
}

/** yaml-cpp reports an illegal map value at the `:` that follows the nested key. */
function markIndex(text: string, code: string, start: number): number {
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    for (let i = start; i < text.length && text[i] !== '\n'; i++) {
      if (text[i] === ':' && (i + 1 >= text.length || /\s/.test(text[i + 1]!))) return i;
    }
  }
  return start;
}

export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  return { line, column: Buffer.byteLength(text.slice(lineStart, index), 'utf8') };
}

export function parseRulesYaml(text: string): YamlParseOutcome {
  // the common shape of rules files first; the fast reader gives up on anything else
  const fast = parseRulesYamlFast(text);
  if (fast) return { docs: fast };
  const { parseAllDocuments, visit } = loadYaml();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false, schema: 'failsafe', prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (e) {
    return { failure: { message: `yaml-cpp: error at line 1, column 1: ${(e as Error).message}`, index: 0 } };
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const index = markIndex(text, err.code, err.pos[0]);
      const { line, column } = lineColumn(text, index);
      return { failure: { message: `yaml-cpp: error at line ${line + 1}, column ${column + 1}: ${yamlCppMessage(err.code, err.message)}`, index } };
    }
    // yaml-cpp refuses an alias to an anchor it has not seen; the `yaml` package only
    // notices when converting, so look for such aliases here.
    let bad: { index: number; name: string } | undefined;
    visit(doc, {
      Alias(_k, node) {
        if (node.resolve(doc) === undefined) {
          bad = { index: node.range?.[0] ?? 0, name: node.source };
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (bad) {
      const { line, column } = lineColumn(text, bad.index);
      return { failure: { message: `yaml-cpp: error at line ${line + 1}, column ${column + 1}: the referenced anchor is not defined: ${bad.name}`, index: bad.index } };
    }
  }
  return { docs };
}
