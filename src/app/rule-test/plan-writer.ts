// Writes the plan tercel-act reads (tools/actor/actor-plan.c): one record per line,
// tab-separated tokens with \t, \n and \\ escaped. Records:
//   R <report file>        H <helper binary, the source of memfd copies>   T <1: pty>
//   E <i> <helper|exec|memfd> <path or memfd name> <user> <cwd> <stdio host:port> <argc> <argv...> <envc> <K=V...>
//   X <op> <parameters in ACTION_OPS order>
import { ACTION_OPS } from './action-ops.js';
import { HELPER_DIR, type ChainEntry, type TestAction } from './test-case.js';

export interface PlanContext {
  reportPath: string;
  helperPath: string;
  tty: boolean;
  /** `host:port` of the runner's listener for entries with `stdio: socket`. */
  stdioSocket?: string;
  /** Default module image for `finit_module` without a path. */
  zeroModule: string;
}

const escape = (t: string): string => t.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
const line = (tokens: readonly string[]): string => tokens.map(escape).join('\t');
const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

/** The helper's `X` records for one action (dup2 onto several descriptors gives several). */
export function actionRecords(a: TestAction, ctx: Pick<PlanContext, 'zeroModule'>): string[][] {
  const p = a.params;
  if (a.op === 'exec') {
    const argv = Array.isArray(p.argv) ? p.argv.map(text) : [text(p.path)];
    const env = p.env && typeof p.env === 'object' ? Object.entries(p.env).map(([k, v]) => `${k}=${text(v)}`) : [];
    return [['X', 'exec', text(p.path), String(argv.length), ...argv, String(env.length), ...env]];
  }
  if (a.op === 'dup2') {
    const targets = Array.isArray(p.newfd) ? p.newfd : [p.newfd];
    return targets.map((fd) => ['X', 'dup2', text(p.fd), text(fd), text(p.via)]);
  }
  const spec = ACTION_OPS[a.op]!;
  const values: Record<string, unknown> = { ...p };
  if (a.op === 'open') values.flags ??= 'O_RDONLY';
  if (a.op === 'finit_module') values.path ??= ctx.zeroModule;
  return [['X', a.op, ...spec.params.map((k) => text(values[k]))]];
}

function entryRecord(e: ChainEntry, i: number, ctx: PlanContext): string[] {
  const mode = e.memfd ? 'memfd' : e.exec !== undefined ? 'exec' : 'helper';
  const path = e.memfd ? e.name : e.exec ?? e.path ?? `${HELPER_DIR}/${e.name}`;
  const env = Object.entries(e.env).map(([k, v]) => `${k}=${v}`);
  const stdio = e.stdio === 'socket' ? ctx.stdioSocket ?? '' : '';
  return ['E', String(i), mode, path, e.user ?? '', e.cwd ?? '', stdio, String(e.argv.length), ...e.argv, String(env.length), ...env];
}

export function chainPlan(chain: readonly ChainEntry[], actions: readonly TestAction[], ctx: PlanContext): string {
  const out: string[][] = [['R', ctx.reportPath], ['H', ctx.helperPath], ['T', ctx.tty ? '1' : '0']];
  chain.forEach((e, i) => out.push(entryRecord(e, i, ctx)));
  for (const a of actions) out.push(...actionRecords(a, ctx));
  return out.map(line).join('\n') + '\n';
}

/** A plan with actions only, for `TERCEL_TEST_STEP=setup` (the runner's own steps). */
export function actionsPlan(actions: readonly TestAction[], ctx: PlanContext): string {
  const out: string[][] = [['R', ctx.reportPath], ['H', ctx.helperPath]];
  for (const a of actions) out.push(...actionRecords(a, ctx));
  return out.map(line).join('\n') + '\n';
}

/** Parsed report lines: pids of chain entries, call results, ptrace children, failures. */
export interface HelperReport {
  pids: Map<number, number>;
  children: number[];
  results: { index: number; op: string; ret: number; status: string }[];
  failures: { step: number; what: string; errno: string }[];
  exits: Map<number, number>;
}

export function parseReport(textIn: string): HelperReport {
  const r: HelperReport = { pids: new Map(), children: [], results: [], failures: [], exits: new Map() };
  for (const l of textIn.split('\n')) {
    const t = l.split('\t');
    if (t[0] === 'pid') r.pids.set(Number(t[1]), Number(t[2]));
    else if (t[0] === 'child') r.children.push(Number(t[1]));
    else if (t[0] === 'res') r.results.push({ index: Number(t[1]), op: t[2] ?? '', ret: Number(t[3]), status: t[4] ?? '' });
    else if (t[0] === 'fail') r.failures.push({ step: Number(t[1]), what: t[2] ?? '', errno: t[3] ?? '' });
    else if (t[0] === 'exit') r.exits.set(Number(t[1]), Number(t[2]));
  }
  return r;
}
