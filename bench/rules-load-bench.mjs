// Rules load time and memory: the three upstream syscall rules files loaded together, in a
// fresh process each round (cold, as at start-up). Two figures per round, alternating:
// the in-process time of RulesLoader.load for the three (with RSS right after), and the
// whole `tercel -V a -V b -V c` process wall time.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, timeProcess } from './process-timer.mjs';
import { TERCEL_BIN } from './tercel-runner.mjs';

const CHILD = fileURLToPath(new URL('./rules-load-child.mjs', import.meta.url));
const run = promisify(execFile);

/** Returns { loadMs, loadCpuMs, rssMb, heapUsedMb, rules, validateMs, validateCpuMs } (medians over `runs`). */
export async function runRulesLoadBench({ runs, rulesFiles, log }) {
  const inProc = [];
  const whole = [];
  for (let round = 0; round < runs; round++) {
    const steps = [
      async () => {
        const { stdout } = await run(process.execPath, [CHILD, ...rulesFiles], { maxBuffer: 1 << 20 });
        const r = JSON.parse(stdout.trim().split('\n').pop());
        if (r.failed.length > 0) throw new Error(`rules did not load: ${r.failed.join(', ')}`);
        inProc.push(r);
      },
      async () => {
        const r = await timeProcess(process.execPath, [TERCEL_BIN, ...rulesFiles.flatMap((f) => ['-V', f])]);
        if (r.exitCode !== 0) throw new Error(`tercel -V failed (exit ${r.exitCode}): ${r.stderr.slice(-500)}`);
        whole.push(r);
      },
    ];
    if (round % 2 === 1) steps.reverse();
    for (const s of steps) await s();
    log(`rules load round ${round + 1}/${runs} done`);
  }
  return {
    loadMs: median(inProc.map((r) => r.loadMs)),
    loadCpuMs: median(inProc.map((r) => r.loadCpuMs)),
    rssMb: median(inProc.map((r) => r.rssMb)),
    heapUsedMb: median(inProc.map((r) => r.heapUsedMb)),
    rules: inProc[0].rules,
    validateMs: median(whole.map((r) => Number(r.wallNs) / 1e6)),
    validateCpuMs: median(whole.map((r) => r.cpuMs)),
    samples: inProc.length,
  };
}
