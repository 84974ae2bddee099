// What the live benchmarks run: the probe's helpers (built by probe/tools/build-tools.sh),
// the live agent (`tercel -r RULES -o json_output=true`, really capturing), the empty-program
// baseline, and a check for eBPF tracing programs other people left attached (they would
// slow every syscall of every configuration alike and hide the differences measured).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const TERCEL_BIN = fileURLToPath(new URL('../bin/tercel.js', import.meta.url));

export function liveToolPaths(root) {
  const build = join(root, 'probe', 'build');
  return {
    probe: join(build, 'tercel-probe'),
    loop: join(build, 'syscall-loop'),
    empty: join(build, 'empty-probe'),
    buildTools: join(root, 'probe', 'tools', 'build-tools.sh'),
    sources: ['syscall-loop.c', 'empty.bpf.c', 'empty-loader.c', 'build-tools.sh'].map((f) => join(root, 'probe', 'tools', f)),
  };
}

const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return -1; } };

/** Builds the helpers when missing or older than their sources; returns { paths } or { pending }. */
export function ensureLiveTools(root, log) {
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) return { pending: 'live benchmarks need root (they load eBPF programs)' };
  const p = liveToolPaths(root);
  if (!existsSync(p.probe)) return { pending: `the probe is not built (${p.probe}): run scripts/build-probe.sh` };
  const newest = Math.max(...p.sources.map(mtime));
  if ([p.loop, p.empty].some((b) => mtime(b) < newest)) {
    log('building the live benchmark helpers (probe/tools/build-tools.sh)');
    try {
      execFileSync(p.buildTools, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return { pending: `probe/tools/build-tools.sh failed: ${String(e.stderr ?? e.message).trim().split('\n').pop()}` };
    }
  }
  return { paths: p };
}

/** eBPF tracing programs attached right now (ids and names). */
export function tracingPrograms() {
  try {
    const all = JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    return all.filter((p) => p.type === 'tracing').map((p) => ({ id: p.id, name: p.name, runTimeNs: p.run_time_ns, runCnt: p.run_cnt }));
  } catch {
    return [];
  }
}

// All the waiting of one bench run shares this budget, so a machine where someone keeps a
// probe attached costs minutes, not one wait per configuration.
let quietBudgetMs = 300_000;
export function setQuietBudget(ms) { quietBudgetMs = ms; }

/** Waits (up to maxMs, within the shared budget) until no tracing program is attached; returns how many still are. */
export async function waitForQuietBpf(maxMs, log) {
  const t0 = Date.now();
  const limit = Math.min(maxMs, quietBudgetMs);
  let said = false;
  for (;;) {
    let n = tracingPrograms().length;
    // programs of a process that just exited (ours included) are freed a moment later
    if (n > 0 && !said) { await new Promise((r) => setTimeout(r, 1500)); n = tracingPrograms().length; }
    const waited = Date.now() - t0;
    if (n === 0 || waited >= limit) { quietBudgetMs -= waited; return n; }
    if (!said) { log(`  ${n} eBPF tracing programs of someone else are attached; waiting up to ${Math.round(limit / 1000)} s`); said = true; }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Ids of the tracing programs attached right now. */
export const tracingIds = () => new Set(tracingPrograms().map((p) => p.id));

/** The CPU the loops are pinned to (the last one; taskset is util-linux, always there on Debian). */
export const LOOP_CPU = String(cpus().length - 1);
/** The CPUs the agent keeps to while the loops run, so that its reading does not preempt them. */
export const AGENT_CPUS = cpus().length > 1 ? `0-${cpus().length - 2}` : '0';

/** Runs the loop helper pinned to LOOP_CPU; returns its JSON line. */
export async function runLoop(paths, args, { pin = true } = {}) {
  const [cmd, argv] = pin ? ['taskset', ['-c', LOOP_CPU, paths.loop, ...args]] : [paths.loop, args];
  const { stdout } = await run(cmd, argv, { maxBuffer: 16 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** Starts the empty-program baseline; resolves once attached, to { stop() }. */
export function startEmpty(paths) {
  return new Promise((resolve, reject) => {
    const child = spawn(paths.empty, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`empty-probe exited (${code}): ${err.trim()}`)));
    child.stdout.once('data', () => resolve({
      stop: () => new Promise((res) => { child.removeAllListeners('exit'); child.once('exit', () => res()); child.stdin.end(); }),
    }));
  });
}

const ownTicks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
};
const childPids = (pid) => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  } catch {
    return [];
  }
};
/** CPU ticks of the agent and of its live children (the probe's loader). */
const cpuTicks = (pid) => ownTicks(pid) + childPids(pid).reduce((s, c) => s + ownTicks(c), 0);

/**
 * Starts `tercel -r RULES -o json_output=true [-U]` capturing live (pinned to `cpu` if given,
 * its loader too); resolves once the state is seeded (the probe is attached by then). onLine gets each stdout line with its arrival time
 * (process.hrtime.bigint(), CLOCK_MONOTONIC). stop() sends SIGINT and resolves to the
 * closing summary { captured, read, dropped, errors, restarts, stopMs, stdout } with the
 * CPU time the agent and its loader used since ready (cpuMs) over runMs.
 */
export function startAgent(paths, rulesFile, { unbuffered = false, onLine, cpu } = {}) {
  return new Promise((resolve, reject) => {
    const args = [TERCEL_BIN, '-r', rulesFile, '-o', 'json_output=true', ...(unbuffered ? ['-U'] : [])];
    // taskset execs node in place, so the pid (signals, /proc) stays the agent's
    const [cmd, argv] = cpu === undefined ? [process.execPath, args] : ['taskset', ['-c', cpu, process.execPath, ...args]];
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERCEL_PROBE: paths.probe } });
    let out = '';
    let pending = '';
    let err = '';
    let ready = false;
    child.stdout.on('data', (d) => {
      const at = process.hrtime.bigint();
      const s = pending + d.toString('utf8');
      const lines = s.split('\n');
      pending = lines.pop();
      for (const l of lines) {
        if (onLine && l.startsWith('{')) onLine(l, at);
        else out += `${l}\n`;
      }
    });
    const exited = new Promise((res) => child.on('close', (code) => res(code)));
    child.on('error', reject);
    child.stderr.on('data', (d) => {
      err += d;
      if (!ready && /Seeded state from \/proc/.test(err)) {
        ready = true;
        const t0 = Date.now();
        const ticks0 = cpuTicks(child.pid);
        resolve({
          pid: child.pid,
          stop: async () => {
            const ticks1 = cpuTicks(child.pid);
            const s0 = process.hrtime.bigint();
            child.kill('SIGINT');
            const code = await exited;
            const stopMs = Number(process.hrtime.bigint() - s0) / 1e6;
            const m = /Live capture: (\d+) events captured by the probe, (\d+) read, (\d+) dropped, (\d+) probe errors, (\d+) probe restarts/.exec(out);
            if (!m) throw new Error(`tercel exited (${code}) without its live summary: ${err.trim().split('\n').slice(-3).join(' | ')}`);
            const [captured, read, dropped, errors, restarts] = m.slice(1).map(Number);
            return { captured, read, dropped, errors, restarts, stopMs, cpuMs: (ticks1 - ticks0) * 10, runMs: Date.now() - t0, stdout: out };
          },
        });
      }
    });
    exited.then((code) => { if (!ready) reject(new Error(`tercel exited (${code}) before capturing: ${err.trim().split('\n').slice(-3).join(' | ')}`)); });
  });
}

/**
 * Waits until the agent (and its loader) is idle: at most `maxTicks` CPU ticks (10 ms each)
 * over each `windowMs`, up to `maxMs`. A just-started agent is still busy for a moment
 * (JIT, container and name lookups, the events of its own start); the per-syscall figures
 * are about the steady state. Returns the ms waited.
 */
export async function waitAgentIdle(pid, { windowMs = 500, maxTicks = 1, maxMs = 10_000 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const a = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, windowMs));
    if (cpuTicks(pid) - a <= maxTicks || Date.now() - t0 >= maxMs) return Date.now() - t0;
  }
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
