// Times one child process: wall time from spawn to exit with process.hrtime.bigint(), and
// the CPU time (user + system) the child used, read from bash's `time` keyword so that
// no extra tool is needed. Standard output is discarded; standard error is kept.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRAP = 'TIMEFORMAT="%3U %3S"; { time "$@" >/dev/null 2>"$BENCH_ERR_FILE" ; } 2>"$BENCH_TIME_FILE"';

/**
 * Runs `cmd args` to completion.
 * Returns { wallNs: bigint, cpuMs: number, exitCode: number, stderr: string }.
 */
export async function timeProcess(cmd, args, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-bench-'));
  const errFile = join(dir, 'err');
  const timeFile = join(dir, 'time');
  try {
    const child = spawn('bash', ['-c', WRAP, 'bench', cmd, ...args], {
      stdio: 'ignore',
      env: { ...process.env, ...env, BENCH_ERR_FILE: errFile, BENCH_TIME_FILE: timeFile },
    });
    const t0 = process.hrtime.bigint();
    const exitCode = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    const wallNs = process.hrtime.bigint() - t0;
    const [user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
    return { wallNs, cpuMs: (user + sys) * 1000, exitCode, stderr: readFileSync(errFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
