// The shapes of a rule test file (docs/rule-tests.md) once parsed and expanded: what the
// runner performs (chain, actions) and what it checks (expectation).

/** One action: `{op: {params}}` from the file, params with placeholders substituted. */
export interface TestAction {
  op: string;
  params: Record<string, unknown>;
  /** `result: ok` or an errno name: the environment must give this result, else skip. */
  result?: string;
}

export interface ChainEntry {
  /** proc.name: the helper copy's file name (the kernel keeps 15 characters). */
  name: string;
  argv: string[];
  /** A real program to execute instead of the helper (last entry only). */
  exec?: string;
  /** Where the helper copy is executed from, instead of the shared helper directory. */
  path?: string;
  layer?: 'upper';
  memfd: boolean;
  user?: string;
  cwd?: string;
  env: Record<string, string>;
  stdio?: 'socket';
}

export interface ContainerSpec {
  /** The image alias or reference as written (resolved against `images` at run time). */
  image: string;
  privileged: boolean;
  mounts: string[];
  start: 'exec' | 'init';
}

export interface Expectation {
  rule: string;
  priority?: string;
  outputFields: Record<string, string>;
  outputContains: string[];
}

export interface TestCase {
  /** Expanded id: `id[name=value,...]` for matrix cases. */
  id: string;
  /** `id` reduced to [a-z0-9-]: the `{{case}}` placeholder. */
  slug: string;
  /** The `{{work}}` directory. */
  work: string;
  rule: string;
  desc?: string;
  container?: ContainerSpec;
  tty: boolean;
  setup: TestAction[];
  chain: ChainEntry[];
  actions: TestAction[];
  /** `null` for `expect: none`. */
  expect: Expectation | null;
  timeoutMs?: number;
  /** 1-based line of the case in its file. */
  line: number;
}

export interface TestFile {
  path: string;
  version: number;
  rulesFile?: string;
  images: Record<string, string>;
  cases: TestCase[];
}

/** A problem in a test file, with a code and a place. */
export interface TestFileDiagnostic {
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

export class TestFileError extends Error {
  constructor(readonly diagnostics: TestFileDiagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`).join('\n'));
    this.name = 'TestFileError';
  }
}

export const WORK_ROOT = '/opt/tercel-tests/work';
export const HELPER_DIR = '/opt/tercel-tests/bin';
