// Shared by the live end-to-end tests: decides whether live tests can run here, serialises
// them across test files (one kernel, one probe at a time keeps latencies meaningful), starts
// `node bin/tercel.js` live with a test's rules, collects its JSON alerts by rule, waits for
// one with a deadline, and stops tercel collecting the closing summary.
//
// Readiness: every rules file gets a sentinel rule (an openat of a file unique to the run);
// the harness opens that file until the sentinel alert arrives, so "ready" means the whole
// pipeline (probe, state, engine, outputs) delivers alerts, not just that the probe loaded.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
/** The CLI under test; TERCEL_BIN points the live tests at another build (e.g. a candidate patch). */
export const tercelBin = process.env.TERCEL_BIN || join(repoRoot, 'bin', 'tercel.js');
export const probeBin = join(repoRoot, 'probe', 'build', 'tercel-probe');
export const stormBin = join(repoRoot, 'probe', 'build', 'tercel-storm');

/** false when live tests can run, else the reason they are skipped. */
export function liveSkipReason() {
  if (process.platform !== 'linux') return 'live tests need Linux';
  if (process.geteuid?.() !== 0) return 'live tests need root (eBPF probe); run npm test as root';
  if (!existsSync('/sys/kernel/btf/vmlinux')) return 'live tests need kernel BTF (/sys/kernel/btf/vmlinux)';
  if (!existsSync(probeBin)) return 'live tests need the eBPF probe: run scripts/build-probe.sh';
  if (!existsSync(join(repoRoot, 'dist', 'app', 'cli.js'))) return 'live tests need a build: npm run build';
  return false;
}

export function tempDir(prefix = 'tercel-live-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const LOCK = join(tmpdir(), 'tercel-live-tests.lock');

/** True while the lock's owner (the pid written in it) lives; a lock without a pid yet counts as held for a few seconds. */
function lockHeld() {
  let pid;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    try { return Date.now() - statSync(LOCK).mtimeMs < 5000; } catch { return false; }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Runs `fn` while holding a machine-wide lock shared by the live test files, so two of them
 * never run probes and workloads at the same time. A lock left by a dead process is taken over.
 */
export async function withLiveLock(fn, { timeoutMs = 900_000 } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (!lockHeld()) { rmSync(LOCK, { recursive: true, force: true }); continue; }
      if (Date.now() > until) throw new Error(`live test lock ${LOCK} still held after ${timeoutMs} ms`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

const SENTINEL_RULE = 'Harness sentinel';

function sentinelRule(path) {
  return `
- rule: ${SENTINEL_RULE}
  desc: the live test harness opens a file of its own to know alerts flow
  condition: evt.type in (open, openat) and evt.dir = < and fd.name = ${path}
  output: harness sentinel (file=%fd.name)
  priority: INFO
`;
}

/**
 * A running `tercel -r RULES -o json_output=true` (live). Alerts are parsed from stdout as
 * they arrive and stamped with the arrival time (`receivedAt`, Date.now()).
 */
export class TercelRun {
  constructor(child, dir, sentinel) {
    this.child = child;
    this.dir = dir;
    this.sentinel = sentinel;
    this.alerts = [];
    this.stdoutText = '';
    this.stderrText = '';
    this.exit = new Promise((r) => child.on('close', (code, signal) => r({ code, signal })));
    this.waiters = new Set();
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s) => {
      const now = Date.now();
      const text = rest + s;
      const lines = text.split('\n');
      rest = lines.pop();
      for (const line of lines) this.#line(line, now);
    });
    child.stdout.on('end', () => { if (rest) this.#line(rest, Date.now()); rest = ''; });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s) => { this.stderrText += s; this.#wake(); });
  }

  #line(line, now) {
    if (line.startsWith('{')) {
      try {
        const a = JSON.parse(line);
        a.receivedAt = now;
        this.alerts.push(a);
        this.#wake();
        return;
      } catch {
        // not an alert: fall through
      }
    }
    this.stdoutText += line + '\n';
    this.#wake();
  }

  #wake() {
    for (const w of this.waiters) w();
  }

  /** Alerts of `rule` (all when omitted). */
  byRule(rule) {
    return rule === undefined ? this.alerts.filter((a) => a.rule !== SENTINEL_RULE) : this.alerts.filter((a) => a.rule === rule);
  }

  /**
   * Resolves with the first alert of `rule` (arrived after `since`, a Date.now() value) for
   * which `pred(alert)` holds, or undefined after `timeoutMs`.
   */
  waitFor(rule, pred = () => true, { timeoutMs = 2000, since = 0 } = {}) {
    const find = () => this.alerts.find((a) => a.rule === rule && a.receivedAt >= since && pred(a));
    const hit = find();
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => {
      let done = false;
      const finish = (v) => { if (done) return; done = true; clearTimeout(t); this.waiters.delete(check); resolve(v); };
      const check = () => { const a = find(); if (a) finish(a); };
      const t = setTimeout(() => finish(undefined), timeoutMs);
      this.waiters.add(check);
      this.exit.then(() => setTimeout(() => finish(find()), 50));
    });
  }

  /** Resolves when stderr matches `re` (true), or false after `timeoutMs`. */
  waitForStderr(re, timeoutMs = 10_000) {
    if (re.test(this.stderrText)) return Promise.resolve(true);
    return new Promise((resolve) => {
      let done = false;
      const finish = (v) => { if (done) return; done = true; clearTimeout(t); this.waiters.delete(check); resolve(v); };
      const check = () => { if (re.test(this.stderrText)) finish(true); };
      const t = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(check);
    });
  }

  get running() { return this.child.exitCode === null && this.child.signalCode === null; }

  /** Opens the sentinel file until its alert arrives; returns ms taken, throws on timeout or exit. */
  async waitReady(timeoutMs = 60_000) {
    const t0 = Date.now();
    let exited = false;
    this.exit.then(() => { exited = true; });
    while (Date.now() - t0 < timeoutMs) {
      if (exited) throw new Error(`tercel exited before it was ready:\n${this.stderrText}`);
      closeSync(openSync(this.sentinel, 'r'));
      if (await this.waitFor(SENTINEL_RULE, () => true, { timeoutMs: 250 })) return Date.now() - t0;
    }
    throw new Error(`tercel did not deliver its sentinel alert within ${timeoutMs} ms:\n${this.stderrText}`);
  }

  /** Sends `signal` (SIGINT) and waits for exit (SIGKILL after `timeoutMs`); returns the exit and all output. */
  async stop(signal = 'SIGINT', timeoutMs = 15_000) {
    if (this.running) this.child.kill(signal);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const ex = await this.exit;
    clearTimeout(kill);
    return { ...ex, stdout: this.stdoutText, stderr: this.stderrText, alerts: this.alerts };
  }

  cleanup() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Starts tercel live with `rules` (YAML text; a sentinel rule is appended) and extra CLI
 * `args`; waits until alerts flow unless `ready: false`.
 */
export async function startTercel(rules, { args = [], env = {}, ready = true, readyTimeoutMs = 60_000 } = {}) {
  const dir = tempDir('tercel-run-');
  const sentinel = join(dir, 'sentinel');
  writeFileSync(sentinel, '');
  const rulesPath = join(dir, 'rules.yaml');
  writeFileSync(rulesPath, rules + '\n' + sentinelRule(sentinel));
  const child = spawn(process.execPath, [tercelBin, '-r', rulesPath, '-o', 'json_output=true', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const run = new TercelRun(child, dir, sentinel);
  run.rulesPath = rulesPath;
  if (ready) {
    try {
      run.readyMs = await run.waitReady(readyTimeoutMs);
    } catch (e) {
      await run.stop('SIGKILL');
      throw e;
    }
  }
  return run;
}

/** Parses Falco's closing blocks: "Events detected: N", per-rule counts, driver counters (-v). */
export function parseSummary(stdout, stderr = '') {
  const num = (re, text) => { const m = re.exec(text); return m ? Number(m[1]) : undefined; };
  const byRule = {};
  const i = stdout.indexOf('Triggered rules by rule name:');
  if (i >= 0) {
    for (const line of stdout.slice(i).split('\n').slice(1)) {
      const m = /^ {3}(.+): (\d+)$/.exec(line);
      if (!m) break;
      byRule[m[1]] = Number(m[2]);
    }
  }
  return {
    detected: num(/Events detected: (\d+)/, stdout),
    byRule,
    driverEvents: num(/Driver Events:\s*(\d+)/, stderr),
    driverDrops: num(/Driver Drops:\s*(\d+)/, stderr),
    capturedEvents: num(/Captured Events: (\d+)/, stderr),
  };
}

/** Runs a command to the end; returns { code, stdout, stderr }. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** Milliseconds since `t0` (Date.now()) until the alert arrived. */
export function latency(alert, t0) {
  return alert.receivedAt - t0;
}
