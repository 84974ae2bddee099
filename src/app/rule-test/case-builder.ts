// Turns one expanded case (plain YAML values, placeholders substituted) into a TestCase,
// checking every key against docs/rule-tests.md. Problems are collected, not thrown, so
// one run reports all of a file's mistakes.
import { ACTION_OPS, VIA } from './action-ops.js';
import type { ChainEntry, ContainerSpec, Expectation, TestAction, TestCase } from './test-case.js';

export type Report = (code: string, message: string) => void;

const CASE_KEYS = new Set(['id', 'rule', 'desc', 'matrix', 'container', 'tty', 'setup', 'chain', 'actions', 'expect', 'timeout_ms']);
const ENTRY_KEYS = new Set(['name', 'argv', 'exec', 'path', 'layer', 'memfd', 'user', 'cwd', 'env', 'stdio']);
const CONTAINER_KEYS = new Set(['image', 'privileged', 'mounts', 'start']);
const EXPECT_KEYS = new Set(['rule', 'priority', 'output_fields', 'output_contains']);

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const scalarText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function buildAction(raw: unknown, where: string, inSetup: boolean, report: Report): TestAction | undefined {
  if (!isMap(raw) || Object.keys(raw).length !== 1) {
    report('RT_BAD_ACTION', `${where}: an action is a one-key map {op: {parameters}}`);
    return undefined;
  }
  const [op, body] = Object.entries(raw)[0]!;
  const spec = ACTION_OPS[op];
  if (!spec || spec.internal) {
    report('RT_UNKNOWN_OP', `${where}: unknown action '${op}' (known: ${Object.keys(ACTION_OPS).filter((k) => !ACTION_OPS[k]!.internal).join(', ')})`);
    return undefined;
  }
  if (spec.setupOnly && !inSetup) report('RT_SETUP_ONLY', `${where}: '${op}' is allowed in setup only`);
  const params: Record<string, unknown> = isMap(body) ? { ...body } : {};
  if (body !== null && body !== undefined && !isMap(body)) report('RT_BAD_ACTION', `${where}: parameters of '${op}' must be a map`);
  let result: string | undefined;
  if ('result' in params) {
    result = scalarText(params.result);
    delete params.result;
  }
  for (const k of Object.keys(params)) {
    if (!spec.params.includes(k)) report('RT_UNKNOWN_PARAM', `${where}: '${op}' has no parameter '${k}' (known: ${spec.params.join(', ')})`);
  }
  for (const k of spec.required) {
    if (params[k] === undefined || params[k] === null) report('RT_MISSING_PARAM', `${where}: '${op}' needs '${k}'`);
  }
  const via = params.via;
  if (via !== undefined && !(VIA[op] ?? []).includes(String(via))) {
    report('RT_BAD_VIA', `${where}: '${op}' via '${String(via)}' is not one of ${(VIA[op] ?? []).join(', ') || '(none)'}`);
  }
  return { op, params, ...(result !== undefined ? { result } : {}) };
}

function buildActions(raw: unknown, where: string, inSetup: boolean, report: Report): TestAction[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report('RT_BAD_ACTIONS', `${where} must be a list of actions`);
    return [];
  }
  const out: TestAction[] = [];
  raw.forEach((a, i) => {
    const act = buildAction(a, `${where}[${i}]`, inSetup, report);
    if (act) out.push(act);
  });
  if (!inSetup) {
    const execAt = out.findIndex((a) => a.op === 'exec');
    if (execAt >= 0 && execAt !== out.length - 1) report('RT_EXEC_NOT_LAST', `${where}: 'exec' must be the last action`);
  }
  return out;
}

function buildEntry(raw: unknown, i: number, last: boolean, report: Report): ChainEntry | undefined {
  const where = `chain[${i}]`;
  if (!isMap(raw)) {
    report('RT_BAD_CHAIN', `${where} must be a map`);
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!ENTRY_KEYS.has(k)) report('RT_UNKNOWN_KEY', `${where}: unknown key '${k}'`);
  let argv: string[] | undefined;
  if (raw.argv !== undefined) {
    if (!Array.isArray(raw.argv) || raw.argv.length === 0) report('RT_BAD_ARGV', `${where}: argv must be a non-empty list`);
    else argv = raw.argv.map(scalarText);
  }
  let name = raw.name !== undefined ? scalarText(raw.name) : undefined;
  if (name === undefined && argv) name = argv[0]!.split('/').pop() || argv[0]!;
  if (name === undefined || name === '') {
    report('RT_NO_NAME', `${where}: one of 'name', 'argv' is required`);
    return undefined;
  }
  if (name.includes('/')) report('RT_BAD_NAME', `${where}: name '${name}' must not contain '/'`);
  const entry: ChainEntry = { name, argv: argv ?? [name], memfd: raw.memfd === true, env: {} };
  if (raw.exec !== undefined) {
    entry.exec = scalarText(raw.exec);
    if (!last) report('RT_EXEC_NOT_LAST', `${where}: 'exec' is only allowed on the last entry`);
    if (!entry.exec.startsWith('/')) report('RT_BAD_EXEC', `${where}: exec '${entry.exec}' must be an absolute path`);
  }
  if (raw.path !== undefined) entry.path = scalarText(raw.path);
  if (raw.layer !== undefined) {
    if (raw.layer !== 'upper') report('RT_BAD_LAYER', `${where}: layer must be 'upper'`);
    else entry.layer = 'upper';
    if (entry.path === undefined) report('RT_BAD_LAYER', `${where}: 'layer: upper' needs 'path'`);
  }
  if (raw.user !== undefined) entry.user = scalarText(raw.user);
  if (raw.cwd !== undefined) entry.cwd = scalarText(raw.cwd);
  if (raw.env !== undefined) {
    if (!isMap(raw.env)) report('RT_BAD_ENV', `${where}: env must be a map`);
    else for (const [k, v] of Object.entries(raw.env)) entry.env[k] = scalarText(v);
  }
  if (raw.stdio !== undefined) {
    if (raw.stdio !== 'socket') report('RT_BAD_STDIO', `${where}: stdio must be 'socket'`);
    else entry.stdio = 'socket';
  }
  return entry;
}

function buildContainer(raw: unknown, report: Report): ContainerSpec | undefined {
  if (raw === undefined || raw === null || raw === false) return undefined;
  if (typeof raw === 'string') return { image: raw, privileged: false, mounts: [], start: 'exec' };
  if (!isMap(raw)) {
    report('RT_BAD_CONTAINER', 'container must be an image alias or a map');
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!CONTAINER_KEYS.has(k)) report('RT_UNKNOWN_KEY', `container: unknown key '${k}'`);
  if (typeof raw.image !== 'string' || raw.image === '') report('RT_BAD_CONTAINER', 'container: image is required');
  const start = raw.start ?? 'exec';
  if (start !== 'exec' && start !== 'init') report('RT_BAD_CONTAINER', `container: start must be exec or init, not '${String(start)}'`);
  const mounts = raw.mounts ?? [];
  if (!Array.isArray(mounts)) report('RT_BAD_CONTAINER', 'container: mounts must be a list');
  return {
    image: scalarText(raw.image),
    privileged: raw.privileged === true,
    mounts: Array.isArray(mounts) ? mounts.map(scalarText) : [],
    start: start === 'init' ? 'init' : 'exec',
  };
}

function buildExpect(raw: unknown, rule: string, report: Report): Expectation | null {
  if (raw === 'none') return null;
  if (!isMap(raw)) {
    report('RT_BAD_EXPECT', "expect must be 'none' or a map");
    return null;
  }
  for (const k of Object.keys(raw)) if (!EXPECT_KEYS.has(k)) report('RT_UNKNOWN_KEY', `expect: unknown key '${k}'`);
  const fields: Record<string, string> = {};
  if (raw.output_fields !== undefined) {
    if (!isMap(raw.output_fields)) report('RT_BAD_EXPECT', 'expect: output_fields must be a map');
    else for (const [k, v] of Object.entries(raw.output_fields)) fields[k] = scalarText(v);
  }
  const contains = raw.output_contains ?? [];
  if (!Array.isArray(contains)) report('RT_BAD_EXPECT', 'expect: output_contains must be a list');
  return {
    rule: raw.rule !== undefined ? scalarText(raw.rule) : rule,
    ...(raw.priority !== undefined ? { priority: scalarText(raw.priority) } : {}),
    outputFields: fields,
    outputContains: Array.isArray(contains) ? contains.map(scalarText) : [],
  };
}

/** Builds a case from its expanded map; `id`, `slug` and `work` come from the expander. */
export function buildCase(raw: Record<string, unknown>, ids: { id: string; slug: string; work: string; line: number }, report: Report): TestCase {
  for (const k of Object.keys(raw)) if (!CASE_KEYS.has(k)) report('RT_UNKNOWN_KEY', `unknown case key '${k}'`);
  const rule = scalarText(raw.rule);
  if (rule === '') report('RT_NO_RULE', 'the case names no rule');
  const chainRaw = Array.isArray(raw.chain) ? raw.chain : [];
  if (chainRaw.length === 0) report('RT_NO_CHAIN', 'chain must be a non-empty list');
  const chain: ChainEntry[] = [];
  chainRaw.forEach((e, i) => {
    const entry = buildEntry(e, i, i === chainRaw.length - 1, report);
    if (entry) chain.push(entry);
  });
  const container = buildContainer(raw.container, report);
  for (const e of chain) {
    if (e.layer && !container) report('RT_BAD_LAYER', "'layer: upper' is for container cases only");
  }
  if (raw.expect === undefined) report('RT_NO_EXPECT', "the case has no 'expect'");
  const actions = buildActions(raw.actions, 'actions', false, report);
  if (actions.length > 0 && chain.at(-1)?.exec !== undefined) report('RT_ACTIONS_WITH_EXEC', "'actions' cannot run in a last entry that is a real program ('exec')");
  let timeoutMs: number | undefined;
  if (raw.timeout_ms !== undefined) {
    timeoutMs = Number(raw.timeout_ms);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) report('RT_BAD_TIMEOUT', 'timeout_ms must be a positive number');
  }
  return {
    id: ids.id,
    slug: ids.slug,
    work: ids.work,
    rule,
    ...(raw.desc !== undefined ? { desc: scalarText(raw.desc) } : {}),
    ...(container ? { container } : {}),
    tty: raw.tty === true,
    setup: buildActions(raw.setup, 'setup', true, report),
    chain,
    actions,
    expect: buildExpect(raw.expect, rule, report),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    line: ids.line,
  };
}
