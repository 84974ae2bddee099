// RSS with 10,000 threads in the state's thread table (src/state/), a fresh process per
// round. Pending until the state stage exports SyscallState with loadHeader().
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './process-timer.mjs';

const CHILD = fileURLToPath(new URL('./thread-table-child.mjs', import.meta.url));
const run = promisify(execFile);

/** Why the figure cannot be measured yet, or undefined when it can. */
export async function threadTableMissing() {
  try {
    const m = await import('../dist/state/syscall-state.js');
    if (typeof m.SyscallState?.prototype?.loadHeader !== 'function') return 'SyscallState.loadHeader in src/state/syscall-state.ts';
    return undefined;
  } catch {
    return 'src/state/syscall-state.ts (SyscallState)';
  }
}

/** Returns { threads, rssMb, baseRssMb, heapUsedDeltaMb } as medians, or { pending }. */
export async function runThreadTableBench({ runs, threads = 10_000, log }) {
  const missing = await threadTableMissing();
  if (missing) return { pending: missing };
  const rs = [];
  for (let round = 0; round < runs; round++) {
    const { stdout } = await run(process.execPath, ['--expose-gc', CHILD, String(threads)]);
    rs.push(JSON.parse(stdout.trim().split('\n').pop()));
  }
  log(`thread table: ${runs} rounds done`);
  return {
    threads: rs[0].threads,
    rssMb: median(rs.map((r) => r.rssMb)),
    baseRssMb: median(rs.map((r) => r.baseRssMb)),
    heapUsedDeltaMb: median(rs.map((r) => r.heapUsedDeltaMb)),
    samples: rs.length,
  };
}
