// Runs every benchmark and writes docs/benchmarks.md (`npm run bench` builds dist/ first).
//   node bench/run.mjs [--runs N] [--out PATH] [--skip replay,rules,threads,live] [--only live,...]
// N is at least 5 for the committed report; fewer runs need --out elsewhere (trials).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cpus, loadavg, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureSysdig } from './sysdig-runner.mjs';
import { runRulesLoadBench } from './rules-load-bench.mjs';
import { runReplayBench, UPSTREAM_RULES } from './replay-bench.mjs';
import { explainReplayMisses } from './replay-why.mjs';
import { runThreadTableBench } from './thread-table-bench.mjs';
import { liveRows, pendingRow, replayRows, rulesLoadRows, threadTableRows } from './figure-rows.mjs';
import { writeReport } from './report-writer.mjs';
import { LIVE_METHOD, runLiveBenches } from './live-bench.mjs';
import { buildSnapshot } from './build-snapshot.mjs';

// In the snapshot (see build-snapshot.mjs) the checkout's paths come from the environment.
const ROOT = process.env.TERCEL_BENCH_REPO ?? fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_OUT = join(ROOT, 'docs', 'benchmarks.md');
const CACHE = join(ROOT, 'bench', '.cache');

if (process.env.TERCEL_BENCH_REPO === undefined) {
  const snap = buildSnapshot(ROOT, join(CACHE, 'snapshot'));
  const r = spawnSync(process.execPath, [join(snap, 'bench', 'run.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, TERCEL_BENCH_REPO: ROOT },
  });
  process.exit(r.status ?? 1);
}

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: DEFAULT_OUT },
    skip: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
  },
});
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${opts.runs}`);
opts.out = resolve(process.env.INIT_CWD ?? process.cwd(), opts.out);
if (runs < 5 && opts.out === DEFAULT_OUT) throw new Error('docs/benchmarks.md needs at least 5 runs: use --out for shorter trials');
const skip = new Set(opts.skip.split(',').filter(Boolean));
const only = opts.only.split(',').filter(Boolean);
if (only.length > 0) for (const g of ['rules', 'replay', 'threads', 'live']) if (!only.includes(g)) skip.add(g);

const started = Date.now();
const log = (m) => process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${m}\n`);
mkdirSync(CACHE, { recursive: true });

const git = (...a) => { try { return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim(); } catch { return '?'; } };
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) ?? [])[1] ?? cpus()[0]?.model ?? '?';
const sysdigVersion = ensureSysdig(log);
const load0 = loadavg();

const rows = [];
const notes = [];

if (skip.has('rules')) rows.push(...rulesLoadRows(undefined, 'skipped in this run'));
else {
  log('rules load');
  const r = await runRulesLoadBench({ runs, rulesFiles: UPSTREAM_RULES, log });
  rows.push(...rulesLoadRows(r));
}

let replay;
if (skip.has('replay')) rows.push(pendingRow('Replay throughput', 'skipped in this run'));
else {
  log('replay');
  replay = await runReplayBench({ runs, cacheDir: CACHE, log });
  rows.push(...replayRows(replay));
}
const replayWhy = replay ? await explainReplayMisses(replay, (cfg) => replay.rules[cfg], log) : [];

rows.push(...threadTableRows(skip.has('threads') ? { pending: 'skipped in this run' } : await runThreadTableBench({ runs, log })));
const live = skip.has('live') ? { pending: 'skipped in this run' } : await runLiveBenches({ runs, root: ROOT, log });
rows.push(...liveRows(live));
const load1 = loadavg();

if (replay) {
  notes.push(`tercel side of the replay figures: ${replay.tercel.mode === 'pending' ? `pending (${replay.tercel.missing})` : replay.tercel.how}.`);
  for (const s of replay.specs) {
    notes.push(`${s.id} trace: ${s.kind === 'exec' ? 'execve enter/exit pairs' : `${s.trace.copies.toLocaleString('en-US')} copies of the events`} of \`${basename(s.source)}\`, `
      + `${s.trace.events.toLocaleString('en-US')} events, ${(s.trace.bytes / 2 ** 20).toFixed(1)} MiB; sysdig reads all ${s.check.all.toLocaleString('en-US')} events${s.trace.counts.get('container') ? ' besides the container events it does not print' : ''} `
      + `(and ${s.check.opens.toLocaleString('en-US')} \`evt.type=open\` events, as written).`);
    const m = replay.results[s.id].b.matches;
    if (m) notes.push(`${s.id} trace, f3 matches: tercel ${m.tercel.toLocaleString('en-US')}, sysdig ${m.sysdig.toLocaleString('en-US')}${m.tercel === m.sysdig ? ' (same)' : ' (DIFFERENT)'}.`);
    const st = replay.results[s.id];
    const su = [];
    for (const c of replay.configs) {
      if (st[c.id].sysdig) su.push(`sysdig (${c.id}) ${st[c.id].sysdig.startupMs.toFixed(0)} ms`);
      if (st[c.id].tercel) su.push(`tercel (${c.id}) ${st[c.id].tercel.startupMs.toFixed(0)} ms`);
    }
    if (su.length > 0) notes.push(`${s.id} trace, start-up subtracted (one-event trace, wall): ${su.join(', ')}.`);
  }
}
if (live.notes) notes.push(...live.notes);
notes.push(`Load average (1/5/15 min) at the start: ${load0.map((x) => x.toFixed(2)).join(' / ')}; at the end: ${load1.map((x) => x.toFixed(2)).join(' / ')} `
  + `(${cpus().length} cores; other work on the machine inflates wall times, which is why both tools alternate within each round).`);

writeReport(opts.out, {
  machine: [
    ['CPU', `${cpuModel}, ${cpus().length} cores`],
    ['Kernel', release()],
    ['Node', process.version],
    ['Reference', sysdigVersion],
    ['tercel', `commit ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no', 'src') ? ' (with uncommitted changes in src/)' : ''}`],
  ],
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  runs,
  method: [
    '**Rules load.** The three upstream syscall rules files (`falco_rules.yaml`, `falco-incubating_rules.yaml`, '
      + '`falco-sandbox_rules.yaml`, in that order) are loaded by one `RulesLoader` (default field registry with the field '
      + 'extractors, syscall event catalog) in a fresh Node process per run (`bench/rules-load-child.mjs`); the figure is '
      + 'the `process.hrtime.bigint()` time around the three `load` calls (registry and loader made before), and the RSS right after. '
      + 'The whole `tercel -V a -V b -V c` process is timed for reference, alternating with it.',
    '**Replay traces.** Built from the legacy-suite traces by `bench/trace-builder.mjs`: the header blocks once, then the '
      + 'event blocks repeated with timestamps shifted so they keep increasing, leaving out `procexit` (thread state stays '
      + 'valid across copies), `switch` and the capture-start `procinfo` burst; container events only in the first copy. '
      + 'The exec-heavy trace repeats the source\'s execve exit events, each after a matching enter event. Traces are cached '
      + 'in `bench/.cache/` (not committed), and sysdig is checked to read every event of each.',
    '**Replay throughput.** sysdig: `sysdig -r TRACE -q [FILTER]`. tercel: a rules file with one rule whose condition is the '
      + 'filter text (a rules file with no rules for "no filter"; stdout, where alerts go, is /dev/null), or the three upstream '
      + 'files for (c). Each is timed as a whole process (`process.hrtime.bigint()` from spawn to exit), right after the same '
      + 'command on a one-event trace cut from the same source (the start-up time); events/s = events / median over the rounds '
      + 'of (whole-trace time − start-up time). In every round each tool runs each case once, tercel and sysdig back to back, '
      + 'and which goes first alternates between cases and rounds. '
      + '(a) no filter, (b) `f3-falco-style.filter` from the shared `bench/` folder, (c) upstream rules.',
    '**Thread table.** A fresh process fills the state\'s thread table (`SyscallState.loadHeader`) with 10,000 threads '
      + '(2,000 processes of 5 threads, 5 fds per process, ~20 environment entries and 13 cgroups per thread) and reports '
      + 'the RSS after a full GC (`bench/thread-table-child.mjs`).',
    ...LIVE_METHOD,
  ],
  rows,
  notes,
  whyMiss: [...replayWhy, ...(live.whyMiss ?? [])],
});
log(`wrote ${opts.out}`);
