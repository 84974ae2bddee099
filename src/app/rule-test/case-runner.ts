// Performs one test case for real and judges it: work directory, guarded paths, setup,
// the process chain (host or container), a fence through tercel, attribution of the
// alerts that arrived to the case's processes, then clean-up. Cases run one at a time.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ACTION_OPS, opensForChange } from './action-ops.js';
import { matchCase, type Alert, type FieldDiff } from './alert-matcher.js';
import { CaseListeners } from './case-listeners.js';
import { HELPER, execInContainer, removeContainer, runHelper, startContainer, waitContainer, type ChainOutcome } from './chain-launcher.js';
import { FENCE_RULE, type LiveTercel } from './live-tercel.js';
import { PathGuard } from './path-guard.js';
import { attributeByContainer, attributeByPid, describeOutcome, unmetResults } from './case-attribution.js';
import { actionRecords, actionsPlan, chainPlan, parseReport, type PlanContext } from './plan-writer.js';
import type { PodmanClient } from './podman-client.js';
import type { TestAction, TestCase } from './test-case.js';

/** How long a case waits after adding /etc/hosts entries: longer than tercel's hosts-file poll (2 s). */
const HOSTS_SETTLE_MS = 2500;

export type CaseStatus = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  id: string;
  rule: string;
  line: number;
  status: CaseStatus;
  reason?: string;
  diffs: FieldDiff[];
  /** The alerts attributed to the case. */
  alerts: Alert[];
  durationMs: number;
}

export interface RunnerContext {
  tercel: LiveTercel;
  podman: PodmanClient;
  /** Image aliases: the file's `images`, then `--image` overrides. */
  images: Readonly<Record<string, string>>;
  workRoot: string;
  defaultTimeoutMs: number;
  /** Upper bound for a chain to exit. */
  chainCapMs: number;
}

/** Alerts of the runner's own helper processes (setup, container sleeper) never count. */
const RUNNER_NAMES = new Set(['tercel-act']);

function changedPaths(actions: readonly TestAction[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of actions) {
    const spec = ACTION_OPS[a.op];
    if (!spec) continue;
    if (a.op === 'open' && !opensForChange(String(a.params.flags ?? 'O_RDONLY')) && a.params.via !== 'creat') continue;
    for (const k of spec.changes) {
      const v = a.params[k];
      if (typeof v === 'string' && v !== '') out.push(isAbsolute(v) ? v : resolvePath(cwd, v));
    }
    if (a.op === 'hosts') out.push('/etc/hosts');
  }
  return out;
}

const under = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + '/');

/** Records a path and its missing ancestors (set-up steps create parents). */
function guardWithParents(guard: PathGuard, path: string): void {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const dir = '/' + parts.slice(0, i).join('/');
    if (!existsSync(dir)) guard.record(dir);
  }
  guard.record(path);
}

export async function runCase(c: TestCase, ctx: RunnerContext): Promise<CaseResult> {
  const t0 = Date.now();
  const base = { id: c.id, rule: c.rule, line: c.line, diffs: [] as FieldDiff[], alerts: [] as Alert[] };
  const done = (status: CaseStatus, extra: Partial<CaseResult> = {}): CaseResult => ({ ...base, status, ...extra, durationMs: Date.now() - t0 });
  const timeoutMs = c.timeoutMs ?? ctx.defaultTimeoutMs;

  let image: string | undefined;
  if (c.container) {
    image = ctx.images[c.container.image] ?? c.container.image;
    const missing = await ctx.podman.ensureImage(image);
    if (missing) return done('skip', { reason: missing });
  }

  const guard = new PathGuard();
  const listeners = new CaseListeners();
  const containerName = `tercel-test-${c.slug.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  let containerId: string | undefined;
  try {
    rmSync(c.work, { recursive: true, force: true });
    mkdirSync(c.work, { recursive: true });
    chmodSync(c.work, 0o777);
    const lastCwd = c.chain.at(-1)?.cwd ?? c.work;
    if (!c.container) {
      for (const p of [...changedPaths(c.setup, c.work), ...changedPaths(c.actions, lastCwd)]) if (!under(p, c.work)) guardWithParents(guard, p);
      for (const e of c.chain) {
        if (e.cwd && !existsSync(e.cwd)) {
          guardWithParents(guard, e.cwd);
          mkdirSync(e.cwd, { recursive: true });
        }
        if (e.path) {
          guardWithParents(guard, e.path);
          mkdirSync(dirname(e.path), { recursive: true });
          copyFileSync(HELPER, e.path);
          chmodSync(e.path, 0o755);
        }
      }
    }
    const zeroModule = `${c.work}/tercel-zero.ko`;
    if (c.actions.some((a) => a.op === 'finit_module')) writeFileSync(zeroModule, Buffer.alloc(4096));
    const reportPath = `${c.work}/.report`;
    const setupActions: TestAction[] = [...c.setup];
    if (c.container) {
      // Inside the container the runner's own steps come first: working directories,
      // parents of upper-layer copies, helper copies at `path`.
      const own: TestAction[] = [];
      for (const e of c.chain) {
        if (e.cwd) own.push({ op: 'mkdir', params: { path: e.cwd, mode: '0755' } });
        if (e.path && e.layer === 'upper') own.push({ op: 'mkdir', params: { path: dirname(e.path), mode: '0755' } });
        else if (e.path) own.push({ op: 'copy', params: { src: HELPER, dst: e.path, mode: '0755' } });
      }
      setupActions.unshift(...own);
    }
    const setupPlan = `${c.work}/.setup-plan`;
    writeFileSync(setupPlan, actionsPlan(setupActions, { reportPath: `${c.work}/.setup-report`, helperPath: HELPER, tty: false, zeroModule }));
    // On the host, set-up comes first: a name the setup maps in /etc/hosts is then
    // resolvable when the listeners open.
    if (!c.container && setupActions.length) {
      await runHelper(setupPlan, 'setup', c.work, ctx.chainCapMs);
      // tercel sees a hosts-file change through a watch, or at worst its 2 s poll: the
      // chain starts once even the poll has had its turn
      if (setupActions.some((a) => a.op === 'hosts')) await new Promise((r) => setTimeout(r, HOSTS_SETTLE_MS));
    }
    const actions = await listeners.forActions(c.actions);
    const stdioSocket = c.chain.some((e) => e.stdio === 'socket') ? await listeners.forStdio() : undefined;
    const plan: PlanContext = { reportPath, helperPath: HELPER, tty: c.tty, zeroModule, ...(stdioSocket ? { stdioSocket } : {}) };
    const recordsPerAction = actions.map((a) => actionRecords(a, plan).length);
    writeFileSync(`${c.work}/.plan`, chainPlan(c.chain, actions, plan));

    let outcome: ChainOutcome;
    let mark: number;
    if (!c.container) {
      mark = ctx.tercel.alerts.length;
      outcome = await runHelper(`${c.work}/.plan`, 'launch', c.work, ctx.chainCapMs);
    } else {
      const spec = c.container;
      const common = {
        name: containerName,
        image: image!,
        privileged: spec.privileged,
        mounts: spec.mounts,
        hostNetwork: CaseListeners.needsHostNetwork(c.actions, stdioSocket !== undefined),
        workRoot: ctx.workRoot,
        workdir: c.work,
      };
      if (spec.start === 'init') {
        if (setupActions.length) return done('skip', { reason: "setup in a 'start: init' container is not supported by the runner" });
        mark = ctx.tercel.alerts.length;
        const started = await startContainer(ctx.podman, { ...common, tty: c.tty, planPath: `${c.work}/.plan`, step: 'launch' });
        if (!started.id) return done('fail', { reason: started.error ?? 'podman run failed' });
        containerId = started.id;
        outcome = await waitContainer(ctx.podman, containerName, ctx.chainCapMs);
      } else {
        const sleepPlan = `${c.work}/.sleep-plan`;
        writeFileSync(sleepPlan, actionsPlan([{ op: 'sleep', params: { ms: 3600000 } }], { ...plan, reportPath: `${c.work}/.sleep-report` }));
        const started = await startContainer(ctx.podman, { ...common, tty: false, planPath: sleepPlan, step: 'setup' });
        if (!started.id) return done('fail', { reason: started.error ?? 'podman run failed' });
        containerId = started.id;
        if (setupActions.length) await execInContainer(ctx.podman, containerName, setupPlan, 'setup', false, c.work, ctx.chainCapMs);
        for (const e of c.chain) {
          if (e.layer === 'upper' && e.path) {
            const cp = await ctx.podman.run(['cp', HELPER, `${containerName}:${e.path}`]);
            if (cp.code !== 0) return done('fail', { reason: `podman cp to ${e.path} failed: ${cp.stderr.trim()}` });
          }
        }
        mark = ctx.tercel.alerts.length;
        outcome = await execInContainer(ctx.podman, containerName, `${c.work}/.plan`, 'launch', c.tty, c.work, ctx.chainCapMs);
      }
    }

    const fenced = await ctx.tercel.fence(timeoutMs);
    const report = parseReport(existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '');
    if (outcome.timedOut && !c.container) {
      for (const pid of [...report.pids.values(), ...report.children]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    const setupReport = parseReport(existsSync(`${c.work}/.setup-report`) ? readFileSync(`${c.work}/.setup-report`, 'utf8') : '');
    const arrived = ctx.tercel.alerts.slice(mark).filter((a) => a.rule !== FENCE_RULE && !RUNNER_NAMES.has(String(a.output_fields?.['proc.name'])));
    const { hits, unattributable } = containerId ? attributeByContainer(arrived, containerId) : attributeByPid(arrived, report);
    base.alerts = hits;

    const setupFailed = setupReport.results.find((r) => r.ret < 0);
    if (setupFailed) return done('fail', { reason: `setup: ${setupFailed.op} gave ${setupFailed.status}` });
    const unmet = unmetResults(actions, recordsPerAction, report);
    if (unmet) return done('skip', { reason: unmet });
    const broken = describeOutcome(outcome, report, c);
    if (broken) return done('fail', { reason: broken });

    const verdict = matchCase(c.rule, c.expect, hits);
    if (verdict.pass) return done('pass');
    const notes: string[] = [];
    if (!fenced) notes.push(`tercel did not confirm the end of the case within ${timeoutMs} ms`);
    const unattributed = arrived.filter((a) => a.rule === (c.expect?.rule ?? c.rule)).length - hits.filter((a) => a.rule === (c.expect?.rule ?? c.rule)).length;
    if (unattributable && unattributed > 0) notes.push(`${unattributed} alert(s) of the rule carried no ${containerId ? 'container.id' : 'proc.pid'} and could not be attributed`);
    return done('fail', { reason: verdict.reason + (notes.length ? ` [${notes.join('; ')}]` : ''), diffs: verdict.diffs });
  } catch (e) {
    return done('fail', { reason: `runner error: ${(e as Error).message}` });
  } finally {
    listeners.close();
    if (containerId !== undefined || c.container) await removeContainer(ctx.podman, containerName);
    const problems = guard.restore();
    if (problems.length) process.stderr.write(`tercel test: ${c.id}: could not restore ${problems.join(', ')}\n`);
    rmSync(c.work, { recursive: true, force: true });
  }
}
