// The tercel side of the replay benchmarks. Prefers the real CLI (`tercel -e TRACE -r
// RULES`); while the CLI cannot replay yet, runs the engine's replay function in a child
// process (tercel-replay-child.mjs). When neither is there the figures stay pending.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timeProcess } from './process-timer.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TERCEL_BIN = fileURLToPath(new URL('../bin/tercel.js', import.meta.url));
const CHILD = fileURLToPath(new URL('./tercel-replay-child.mjs', import.meta.url));
const run = promisify(execFile);

/** Modules the in-process driver needs: [module, export]. */
const DRIVER_NEEDS = [
  ['../dist/engine/replay-runner.js', 'runReplay'],
  ['../dist/state/syscall-state.js', 'SyscallState'],
  ['../dist/fields/syscall/binders.js', 'syscallBinders'],
];

/** Writes a rules file holding one rule whose condition is `condition` (none: a file with no rules). */
export function writeRulesFile(path, condition) {
  const text = condition === undefined
    ? '# no rules: the replay runs state only\n- list: bench_empty\n  items: []\n'
    : `- rule: bench_filter\n  desc: benchmark filter\n  condition: ${JSON.stringify(condition)}\n`
      + `  output: "bench %evt.type %proc.name %fd.name"\n  priority: WARNING\n`;
  writeFileSync(path, text);
  return path;
}

/**
 * How tercel replays here: { mode: 'cli' | 'driver' } or { mode: 'pending', missing }.
 * `probeTrace` and `probeRules` are a one-event trace and a rules file to try the CLI on.
 */
export async function detectTercelReplay(probeTrace, probeRules) {
  try {
    execFileSync(process.execPath, [TERCEL_BIN, '-e', probeTrace, '-r', probeRules], { stdio: 'ignore', cwd: ROOT, timeout: 120_000 });
    return { mode: 'cli', how: '`tercel -e TRACE -r RULES` (whole CLI process)' };
  } catch { /* the CLI cannot replay (yet): try the engine's replay function */ }
  const missing = [];
  for (const [mod, name] of DRIVER_NEEDS) {
    try {
      const m = await import(mod);
      if (typeof m[name] === 'undefined') missing.push(`${name} in ${mod.replace('../dist/', 'src/').replace(/\.js$/, '.ts')}`);
    } catch {
      missing.push(`${mod.replace('../dist/', 'src/').replace(/\.js$/, '.ts')} (${name})`);
    }
  }
  if (missing.length > 0) return { mode: 'pending', missing: `tercel replay (${missing.join(', ')})` };
  return {
    mode: 'driver',
    how: '`node bench/tercel-replay-child.mjs TRACE RULES…` (child process running `runReplay` from src/engine/replay-runner.ts '
      + 'with SyscallState and the syscall field extractors; `tercel -e` did not replay yet)',
  };
}

function replayArgs(mode, trace, rulesFiles) {
  return mode === 'cli'
    ? [TERCEL_BIN, '-e', trace, ...rulesFiles.flatMap((r) => ['-r', r])]
    : [CHILD, trace, ...rulesFiles];
}

/** One timed replay of `trace` with `rulesFiles` (timeProcess's result). */
export async function timeTercel(mode, trace, rulesFiles) {
  const r = await timeProcess(process.execPath, replayArgs(mode, trace, rulesFiles));
  if (r.exitCode !== 0) throw new Error(`tercel replay of ${trace} failed (exit ${r.exitCode}): ${r.stderr.slice(-800)}`);
  return r;
}

/** Rule matches of one (untimed) replay, from the "Events detected: N" line of the summary. */
export async function tercelDetections(mode, trace, rulesFiles) {
  const { stdout } = await run(process.execPath, replayArgs(mode, trace, rulesFiles), { cwd: ROOT, maxBuffer: 1 << 30 });
  const m = /^Events detected: (\d+)$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}
