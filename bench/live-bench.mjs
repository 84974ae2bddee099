// The live benchmarks together (bench/run.mjs calls runLiveBenches): per-syscall cost,
// highest zero-drop rate, alert latency, and one eBPF-statistics pass whose per-program
// times explain the cost figures. Returns the results, the report's notes, and a
// "Why these figures miss" subsection when a target is missed.
import { loadavg } from 'node:os';
import { runAlertLatencyBench } from './alert-latency-bench.mjs';
import { runBpfStatsPass, runOverheadBench, runRateBench } from './live-probe-bench.mjs';
import { ensureLiveTools, LOOP_CPU, setQuietBudget } from './live-tools.mjs';

const int = (n) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');

export const LIVE_METHOD = [
  '**Live per-syscall cost.** `probe/build/syscall-loop` (from `probe/tools/syscall-loop.c`, built by '
    + '`probe/tools/build-tools.sh`) runs raw-syscall loops pinned with `taskset` to the last CPU and times them with '
    + '`clock_gettime` (CLOCK_MONOTONIC for wall time; CLOCK_THREAD_CPUTIME_ID for the CPU-time check, which other work '
    + 'on the machine does not inflate): 200,000 `getpid` calls (a syscall outside the probe\'s subset), and 50,000 '
    + '`openat`+`close` pairs (both captured) as 128 opens then their 128 closes, each batch timed, so openat and close '
    + 'are measured apart; each loop runs 5 times and keeps its smallest time (other load only adds time); getpid runs first, '
    + 'once the freshly started agent has gone idle (at most one 10 ms CPU tick per 500 ms, agent and loader together, waited up to 10 s), and the openat+close loops after an untimed warm-up of 30,000 pairs. Three configurations alternate within every round, in an order that rotates between rounds: '
    + 'no probe; `probe/build/empty-probe` (empty programs on exactly the probe\'s hooks: `tp_btf/sys_exit`, '
    + '`tp_btf/sched_process_exec`, `tp_btf/sched_process_exit`; `probe/tools/empty.bpf.c`); and the live agent, the '
    + 'whole CLI `tercel -r RULES -o json_output=true` capturing and consuming the stream (pinned with its loader to the other CPU, '
    + 'so that its reading does not preempt the loop: the figure is the cost the syscall itself pays; the agent\'s own CPU '
    + 'use is given with the zero-drop rate), with one rule that needs openat '
    + 'and close (the captured set is then those plus the base syscalls the state tables need; getpid is not in it). '
    + 'The figures are thread CPU time (the cost the calling thread pays inside its syscalls, eBPF programs included, '
    + 'which preemption by other work on a shared machine does not inflate); wall time is the check column. '
    + 'Added cost = median over the rounds of (configuration − no probe), paired within a round. The getpid figure is the ratio of the added costs, '
    + '(agent − none) / (empty − none): it says how much more than the bare attachment the probe\'s in-kernel subset '
    + 'test costs a syscall it does not capture. Before each configuration the bench waits (up to 30 s, 150 s in all) until no other '
    + 'eBPF tracing program is attached on the machine, and repeats a configuration once when one was attached during '
    + 'its loops; the medians use the undisturbed rounds when there are at least 3, else the figures are marked disturbed.',
  '**Live zero-drop rate.** Each run sweeps asked rates upwards (200k to 800k events/s): per step a fresh agent '
    + '(same rules), warmed up by 1 s at 50k events/s, then `syscall-loop storm` makes openat+close pairs (2 events each) from 2 forked workers paced to the '
    + 'asked rate for 5 s, then SIGINT, and the probe\'s drop counter is read from the agent\'s closing summary '
    + '(`Live capture: … N dropped`). The run\'s figure is the highest achieved rate (events made / elapsed) of a step '
    + 'with zero drops; a run ends at its first step with drops, or when the producers fall 10% short of the asked rate '
    + 'without beating their best step, or after 800k. '
    + 'The 16 MiB ring absorbs a deficit for a while, so a step only shows drops once the agent falls behind by more '
    + 'than the ring holds over the 5 s; the agent\'s exit time after SIGINT (it drains the backlog first) is noted as '
    + 'the sign of a backlog.',
  '**Alert latency.** The agent runs with one rule matching `openat` of a marker path and `-U`; `syscall-loop marker` '
    + 'opens 200 marker paths 20 ms apart, printing for each the CLOCK_MONOTONIC (and CLOCK_REALTIME) time read just '
    + 'before the syscall; the bench stamps each JSON alert line on arrival from tercel\'s stdout pipe with '
    + '`process.hrtime.bigint()` (the same CLOCK_MONOTONIC, immune to clock adjustments). Latency = arrival − syscall '
    + 'time; p50 and p99 per run, median over the runs; a lost alert counts as infinitely late.',
];

export async function runLiveBenches({ runs, root, log }) {
  const tools = ensureLiveTools(root, log);
  if (tools.pending) return { pending: tools.pending };
  const paths = tools.paths;
  setQuietBudget(150_000);
  const notes = [];
  const whyMiss = [];
  const out = { notes, whyMiss };
  const loads = [];

  const step = async (name, fn) => {
    const l0 = load();
    log(`live: ${name} (load ${l0})`);
    try {
      const r = await fn();
      loads.push(`${name} ${l0} → ${load()}`);
      return r;
    } catch (e) {
      log(`live: ${name} failed: ${e.stack ?? e}`);
      return { pending: `${name} failed: ${String(e.message ?? e).split('\n')[0]}` };
    }
  };

  out.overhead = await step('per-syscall cost', () => runOverheadBench({ runs, paths, log }));
  const stats = await step('eBPF statistics pass', () => runBpfStatsPass({ paths, log }));
  out.throughput = await step('zero-drop rate', () => runRateBench({ runs, paths, log }));
  out.latency = await step('alert latency', () => runAlertLatencyBench({ runs, paths, log }));
  notes.push(`Live benchmarks, load average (1/5/15 min) before → after each: ${loads.join('; ')}.`);

  const o = out.overhead;
  if (!o.pending) {
    const per = (s, c) => `${int(s.wall[c])} ns (CPU ${int(s.cpu[c])})`;
    notes.push(`Per-syscall medians, wall (thread CPU time) per call, loops on CPU ${LOOP_CPU}: getpid: no probe ${per(o.getpid, 'none')}, empty programs ${per(o.getpid, 'empty')}, agent ${per(o.getpid, 'agent')}; `
      + `openat: ${per(o.openat, 'none')}, ${per(o.openat, 'empty')}, ${per(o.openat, 'agent')}; close: ${per(o.close, 'none')}, ${per(o.close, 'empty')}, ${per(o.close, 'agent')}.`);
    const d = o.agentDrops.filter((x) => x > 0).length;
    notes.push(`Per-syscall rounds: the agent dropped events in ${d} of its ${o.agentDrops.length} runs (the openat+close loop runs flat out)`
      + `${o.foreign.length > 0 ? `; other eBPF tracing programs were attached during the loops of ${o.foreign.join(', ')} after 2 tries (${o.cleanOnly ? 'those rounds left out' : 'kept: fewer than 3 undisturbed rounds'})` : '; no other eBPF tracing program was attached during the loops'}; medians over ${o.kept} rounds.`);
  }
  if (!stats.pending) {
    const fmt = (m) => Object.entries(m).map(([k, v]) => `${k} ${v.nsPerCall.toFixed(0)} ns × ${int(v.calls)}`).join(', ') || 'no program ran';
    notes.push(`eBPF time per program call (kernel.bpf_stats_enabled=1, which adds its own clock reads to each call; one pass after the rounds, agent running): openat-only loop (fds closed by close_range, not captured): ${fmt(stats.opens)}; openat+close loop of ${int(stats.loop.n)} pairs: ${fmt(stats.openclose)}; getpid loop: ${fmt(stats.getpid)}; the same getpid loop under the empty programs: ${fmt(stats.emptyGetpid)}.`);
    out.bpfStats = stats;
  }
  const t = out.throughput;
  if (!t.pending) {
    notes.push(`Zero-drop rate per run (events/s): ${t.perRun.map((p) => `${int(p.maxZeroDrop)}${p.producerLimited ? ' (no drops at any step: the producers were the limit)' : ''}`).join(', ')}; `
      + `steps of run 1: ${t.perRun[0].steps.map((s) => `${int(s.rate / 1000)}k asked → ${int(s.achieved)} made, ${int(s.dropped)} dropped, exit ${int(s.stopMs)} ms, agent CPU ${s.agentCpuPct.toFixed(0)}%`).join('; ')}.`);
  }
  if (!t.pending) {
    const steps = t.perRun.flatMap((p) => p.steps);
    const inFlight = Math.max(...steps.map((x) => x.captured - x.read - x.dropped));
    notes.push(`Zero-drop steps: captured − read is at most ${int(inFlight)} events per step: the events still in flight when SIGINT stops the agent (not drops; the probe's drop counter is the figure).`);
  }
  const l = out.latency;
  if (!l.pending) {
    notes.push(`Alert latency per run (p50 / p99 / max, ms): ${l.perRun.map((p) => `${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} / ${p.max.toFixed(1)}${p.missing ? ` (${p.missing} lost)` : ''}`).join('; ')}.`);
  }
  out.whyMiss.push(...explainMisses(out));
  return out;
}

/** Evidence for each missed live target, from the figures and the eBPF statistics pass. */
function explainMisses(out) {
  const paras = [];
  const o = out.overhead;
  const s = out.bpfStats;
  const progNs = (m, re) => Object.entries(m ?? {}).filter(([k]) => re.test(k)).map(([k, v]) => `\`${k}\` ${v.nsPerCall.toFixed(0)} ns`).join(', ');
  if (o && !o.pending && o.cleanOnly) {
    const g = o.getpid.cpu;
    const x = g.addAgent / g.addEmpty;
    if (!(x <= 1.25)) {
      paras.push(`getpid (outside the subset): the agent adds ${int(g.addAgent)} ns against ${int(g.addEmpty)} ns for empty programs (${x.toFixed(2)}×; median of the per-round ratios ${g.ratio.toFixed(2)}×). `
        + `In-kernel time per call over the getpid loop (statistics on, which adds the same clock reads to both): the probe's ${progNs(s?.getpid, /sys_exit/) || 'not measured'}, `
        + `the empty program's ${progNs(s?.emptyGetpid, /sys_exit/) || 'not measured'}. The probe's skip path reads no memory (syscall number from \`pt_regs\`, `
        + 'bounds check, the subset as immediates patched into the program, test), so a gap between those two in-kernel figures would be the program; '
        + 'a gap only in the loop figures is the machine: added costs of ~100 ns move by ±0.3× between rounds on this shared VM (see the per-round ratio).');
    }
    const add = o.openat.cpu.addAgent;
    if (!(add <= 1000)) {
      paras.push(`Captured openat: ${int(add)} ns more than without the probe (empty programs alone: ${int(o.openat.cpu.addEmpty)} ns). `
        + `eBPF time of the probe's \`sys_exit\` program per openat (openat-only loop, statistics on): ${progNs(s?.opens, /sys_exit/) || 'not measured'}, `
        + `against ${progNs(s?.getpid, /sys_exit/) || 'not measured'} for a getpid it skips: the openat handler (tail call, path copy with \`bpf_probe_read_user_str\`, `
        + 'file facts read from the kernel structures, event assembly and ring-buffer submit) is where the time goes; the rest of the difference is the cost '
        + 'of leaving the syscall through the tracepoint path, which the empty programs pay too.');
    }
  }
  const t = out.throughput;
  if (t && !t.pending && !(t.maxZeroDrop >= 300000)) {
    const st = t.perRun[0].steps;
    paras.push(`Zero-drop rate ${int(t.maxZeroDrop)} events/s: ${t.producerLimitedRuns} of ${t.perRun.length} runs never dropped, ending because the producers could not go faster (2 CPUs shared by the producers, the agent and the machine's other load), `
      + `the others at their first step with drops. Agent CPU per step (run 1): ${st.map((x) => `${int(x.achieved)} ev/s → ${x.agentCpuPct.toFixed(0)}%`).join(', ')}.`);
  }
  const l = out.latency;
  if (l && !l.pending && !(l.p99 < 100)) {
    paras.push(`Alert latency p99 ${Number.isFinite(l.p99) ? `${l.p99.toFixed(1)} ms` : 'lost alerts'}: the probe submits without wake-ups below 1 MiB pending and the loader polls every 5 ms, so up to 5 ms is by design; the rest is scheduling of the loader, the agent and the bench on a loaded 2-CPU machine.`);
  }
  return paras.length > 0 ? [{ title: 'Live capture (per-syscall cost, zero-drop rate, alert latency)', paragraphs: paras }] : [];
}
