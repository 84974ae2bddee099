// Reads a rule test file (docs/rule-tests.md): YAML with positions, file keys checked,
// every case expanded over its matrix and built. Throws TestFileError listing every
// problem found, each with a code and a line.
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { buildCase } from './case-builder.js';
import { caseSlug, expandedId, leftoverPlaceholders, matrixCombinations, substitute } from './case-expander.js';
import { TestFileError, WORK_ROOT, type TestCase, type TestFile, type TestFileDiagnostic } from './test-case.js';

const FILE_KEYS = new Set(['version', 'rules_file', 'images', 'cases']);

export interface ParseOptions {
  /** Root of the `{{work}}` directories (tests use a temporary one). */
  workRoot?: string;
}

export function parseTestFile(path: string, text: string, opts: ParseOptions = {}): TestFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const diags: TestFileDiagnostic[] = [];
  const at = (node: Node | null | undefined): { line: number; column: number } => {
    if (!node?.range) return { line: 1, column: 1 };
    const p = lc.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  const add = (code: string, message: string, pos: { line: number; column: number }) =>
    diags.push({ code, message, file: path, line: pos.line, column: pos.column });

  for (const e of doc.errors) add('RT_YAML', e.message, { line: e.linePos?.[0]?.line ?? 1, column: e.linePos?.[0]?.col ?? 1 });
  if (diags.length) throw new TestFileError(diags);
  const root = doc.toJS() as unknown;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new TestFileError([{ code: 'RT_NOT_A_MAP', message: 'a test file is a map with version, rules_file, images, cases', file: path, line: 1, column: 1 }]);
  }
  const top = root as Record<string, unknown>;
  for (const k of Object.keys(top)) if (!FILE_KEYS.has(k)) add('RT_UNKNOWN_KEY', `unknown file key '${k}'`, at(doc.get(k, true) as Node));
  if (top.version !== 1) add('RT_BAD_VERSION', `version must be 1, not ${JSON.stringify(top.version)}`, at(doc.get('version', true) as Node));
  const images: Record<string, string> = {};
  if (top.images !== undefined) {
    if (top.images === null || typeof top.images !== 'object' || Array.isArray(top.images)) add('RT_BAD_IMAGES', 'images must be a map of alias: reference', at(doc.get('images', true) as Node));
    else for (const [k, v] of Object.entries(top.images)) images[k] = String(v);
  }
  const casesNode = doc.get('cases', true) as Node | undefined;
  const cases: TestCase[] = [];
  if (!isSeq(casesNode)) {
    add('RT_NO_CASES', 'cases must be a list', at(casesNode ?? doc.contents));
  } else {
    const rawCases = top.cases as unknown[];
    const seen = new Set<string>();
    casesNode.items.forEach((node, i) => {
      const raw = rawCases[i];
      const pos = at(node as Node);
      if (!isMap(node) || raw === null || typeof raw !== 'object') {
        add('RT_BAD_CASE', 'a case is a map', pos);
        return;
      }
      const rc = raw as Record<string, unknown>;
      const id = rc.id === undefined ? '' : String(rc.id);
      if (id === '') add('RT_NO_ID', 'the case has no id', pos);
      else if (seen.has(id)) add('RT_DUPLICATE_ID', `duplicate case id '${id}'`, pos);
      seen.add(id);
      let combos: Map<string, unknown>[] = [new Map()];
      if (rc.matrix !== undefined) {
        const m = rc.matrix;
        if (m === null || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => !Array.isArray(v) || v.length === 0)) {
          add('RT_BAD_MATRIX', 'matrix must map names to non-empty lists of values', pos);
        } else combos = matrixCombinations(m as Record<string, unknown[]>);
      }
      for (const combo of combos) {
        const full = expandedId(id, combo);
        const slug = caseSlug(full);
        const work = `${opts.workRoot ?? WORK_ROOT}/${slug}`;
        const { matrix: _m, ...rest } = rc;
        void _m;
        const withMatrix = substitute(rest, combo);
        const expanded = substitute(withMatrix, new Map<string, unknown>([['case', slug], ['work', work]])) as Record<string, unknown>;
        const left = leftoverPlaceholders(expanded);
        if (left.size) add('RT_UNKNOWN_PLACEHOLDER', `${full}: unknown placeholder(s) ${[...left].map((n) => `{{${n}}}`).join(', ')}`, pos);
        const built = buildCase(expanded, { id: full, slug, work, line: pos.line }, (code, message) => add(code, `${full}: ${message}`, pos));
        if (built.container && !(built.container.image in images) && !built.container.image.includes('/')) {
          add('RT_UNKNOWN_IMAGE', `${full}: image '${built.container.image}' is neither an alias under images nor a reference`, pos);
        }
        cases.push(built);
      }
    });
  }
  if (diags.length) throw new TestFileError(diags);
  return {
    path,
    version: 1,
    ...(typeof top.rules_file === 'string' ? { rulesFile: top.rules_file } : {}),
    images,
    cases,
  };
}
