// Turns benchmark results into table rows: each figure with its tercel value, the
// reference value, the compared result, its target and PASS / MISS (or info / pending).

const int = (n) => Math.round(n).toLocaleString('en-US');
const eps = (n) => (Number.isFinite(n) ? `${int(n)} ev/s` : 'n/a');
const ratio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const ms = (n) => `${int(n)} ms`;
const mb = (n) => `${n.toFixed(1)} MB`;
// a start-up time larger than the whole run (noise on a busy machine) leaves no figure
const verdict = (ok, value = 0) => (!Number.isFinite(value) ? 'n/a' : ok ? 'PASS' : 'MISS');

export function pendingRow(figure, missing, target = '') {
  return { figure, tercel: '', reference: '', result: `pending: ${missing}`, target, verdict: 'pending', cpu: '' };
}

export function rulesLoadRows(r, pending) {
  if (pending) {
    return [
      pendingRow('Rules load, 3 upstream files (in-process `RulesLoader.load`)', pending, '< 500 ms'),
      pendingRow('RSS after loading the upstream rules', pending, '< 150 MB'),
    ];
  }
  return [
    {
      figure: `Rules load, 3 upstream files, ${r.rules} rules (in-process \`RulesLoader.load\`, cold process)`,
      tercel: ms(r.loadMs), reference: '—', result: ms(r.loadMs), target: '< 500 ms',
      verdict: verdict(r.loadMs < 500), cpu: `${ms(r.loadCpuMs)} CPU → ${verdict(r.loadCpuMs < 500)}`,
    },
    {
      figure: 'Whole `tercel -V a -V b -V c` process (for reference)',
      tercel: ms(r.validateMs), reference: '—', result: ms(r.validateMs), target: '(< 500 ms for the load)',
      verdict: 'info', cpu: `${ms(r.validateCpuMs)} CPU`,
    },
    {
      figure: 'RSS after loading the upstream rules',
      tercel: mb(r.rssMb), reference: '—', result: mb(r.rssMb), target: '< 150 MB',
      verdict: verdict(r.rssMb < 150), cpu: `heap used ${mb(r.heapUsedMb)}`,
    },
  ];
}

const TRACE_LABEL = {
  mixed: 'mixed syscalls',
  files: 'file opens',
  exec: 'exec-heavy',
};

export function replayRows(bench) {
  const { specs, results, tercel } = bench;
  const rows = [];
  for (const s of specs) {
    const name = `${TRACE_LABEL[s.id] ?? s.id} trace (${int(s.trace.events)} events)`;
    const r = results[s.id];
    for (const cfg of bench.configs) {
      const t = r[cfg.id].tercel;
      const ref = r[cfg.id].sysdig;
      const target = s.targets[cfg.id];
      const figure = `Replay, ${name}: (${cfg.id}) ${cfg.label}`;
      if (cfg.sysdig) {
        const targetText = target !== undefined ? `≥ ${target.toFixed(1)}× sysdig` : '(no target)';
        if (tercel.mode === 'pending' || !t) {
          rows.push({ ...pendingRow(figure, tercel.missing ?? 'tercel replay', targetText), reference: ref ? eps(ref.eps) : '' });
          continue;
        }
        const x = t.eps / ref.eps;
        const xc = t.epsCpu / ref.epsCpu;
        rows.push({
          figure, tercel: eps(t.eps), reference: eps(ref.eps), result: ratio(x), target: targetText,
          verdict: target !== undefined ? verdict(x >= target, x) : 'info',
          cpu: `${ratio(xc)}${target !== undefined ? ` → ${verdict(xc >= target, xc)}` : ''}`,
        });
      } else {
        const targetText = target !== undefined ? `≥ ${int(target)} ev/s` : '(no target)';
        if (tercel.mode === 'pending' || !t) { rows.push(pendingRow(figure, tercel.missing ?? 'tercel replay', targetText)); continue; }
        rows.push({
          figure, tercel: eps(t.eps), reference: '—', result: eps(t.eps), target: targetText,
          verdict: target !== undefined ? verdict(t.eps >= target, t.eps) : 'info',
          cpu: `${eps(t.epsCpu)}${target !== undefined ? ` → ${verdict(t.epsCpu >= target, t.epsCpu)}` : ''}`,
        });
      }
    }
  }
  return rows;
}

export function threadTableRows(r) {
  const figure = 'RSS with 10,000 threads in the thread table';
  if (r.pending) return [pendingRow(figure, r.pending, '(no target set)')];
  return [{
    figure: `${figure} (${int(r.threads)} threads, 2,000 processes)`,
    tercel: mb(r.rssMb), reference: '—', result: `${mb(r.rssMb)} (+${mb(r.rssMb - r.baseRssMb)} over an empty table)`,
    target: '(no target set)', verdict: 'info', cpu: `heap +${mb(r.heapUsedDeltaMb)}`,
  }];
}

const ns = (n) => `${int(n)} ns`;
const plusNs = (n) => `${n >= 0 ? '+' : '−'}${int(Math.abs(n))} ns`;

/** live = { pending } or { overhead, throughput, latency } from live-bench.mjs (each may be { pending }). */
export function liveRows(live) {
  const overheadFig = 'Per-syscall cost added by the live agent';
  const rateFig = 'Highest event rate with zero drops, live agent consuming';
  const latFig = 'Alert latency, syscall → JSON alert line read from tercel\'s stdout';
  if (live.pending) {
    return [
      pendingRow(`${overheadFig}: getpid, outside the subset, vs an empty program on the same hooks`, live.pending, '≤ 1.25× the empty program\'s'),
      pendingRow(`${overheadFig}: captured openat`, live.pending, '≤ +1,000 ns'),
      pendingRow(rateFig, live.pending, '≥ 300,000 ev/s'),
      pendingRow(`${latFig}, p99`, live.pending, '< 100 ms'),
    ];
  }
  const rows = [];
  const o = live.overhead;
  if (o.pending) {
    rows.push(pendingRow(`${overheadFig}: getpid, outside the subset, vs an empty program on the same hooks`, o.pending, '≤ 1.25× the empty program\'s'));
    rows.push(pendingRow(`${overheadFig}: captured openat`, o.pending, '≤ +1,000 ns'));
  } else {
    // Thread CPU time is the figure (the cost the calling thread pays in the syscall, which
    // other work on a shared machine does not inflate); wall time is the check.
    // Ratio of the median added costs; the median of the per-round ratios is shown too.
    // with other eBPF probes attached in most rounds the figures say little: no verdict
    const disturbed = o.cleanOnly ? '' : `disturbed (other eBPF probes attached in ${o.foreign.length} samples): `;
    const judge = (ok, v) => (disturbed ? 'n/a' : verdict(ok, v));
    const g = o.getpid;
    const x = g.cpu.addAgent / g.cpu.addEmpty;
    const xw = g.wall.addAgent / g.wall.addEmpty;
    const okRatio = (v) => v <= 1.25;
    rows.push({
      figure: `${overheadFig}: getpid loop (outside the subset), added thread CPU time over no probe, agent vs an empty program on the same hooks`,
      tercel: plusNs(g.cpu.addAgent), reference: '—',
      result: `${disturbed}${ratio(x)} (agent ${plusNs(g.cpu.addAgent)}, empty programs ${plusNs(g.cpu.addEmpty)}, no probe ${ns(g.cpu.none)}/call; median of per-round ratios ${ratio(g.cpu.ratio)})`,
      target: '≤ 1.25× the empty program\'s', verdict: judge(okRatio(x), x), cpu: `wall: ${ratio(xw)} → ${judge(okRatio(xw), xw)}`,
    });
    for (const [name, s, target] of [['openat', o.openat, 1000], ['close', o.close], ['openat+close iteration', o.pair]]) {
      const add = s.cpu.addAgent;
      const addWall = s.wall.addAgent;
      rows.push({
        figure: `${overheadFig}: captured ${name} (openat+close loop), added thread CPU time over no probe`,
        tercel: plusNs(add), reference: '—',
        result: `${disturbed}${plusNs(add)} (no probe ${ns(s.cpu.none)}, agent ${ns(s.cpu.agent)}; empty programs ${plusNs(s.cpu.addEmpty)})`,
        target: target ? `≤ +${int(target)} ns` : '(no target)',
        verdict: target ? judge(add <= target, add) : 'info',
        cpu: `wall: ${plusNs(addWall)}${target ? ` → ${judge(addWall <= target, addWall)}` : ''}`,
      });
    }
  }
  const t = live.throughput;
  if (t.pending) rows.push(pendingRow(rateFig, t.pending, '≥ 300,000 ev/s'));
  else {
    rows.push({
      figure: `${rateFig} (openat+close from ${t.workers} paced workers, ${t.seconds} s per asked rate)`,
      tercel: eps(t.maxZeroDrop), reference: '—',
      result: `${eps(t.maxZeroDrop)}${t.firstDrop ? ` (drops first seen at ${eps(t.firstDrop)})` : ''}`,
      target: '≥ 300,000 ev/s', verdict: verdict(t.maxZeroDrop >= 300000, t.maxZeroDrop),
      cpu: t.agentCpuNote ?? '',
    });
  }
  const l = live.latency;
  if (l.pending) rows.push(pendingRow(`${latFig}, p99`, l.pending, '< 100 ms'));
  else {
    const f = (v) => `${v.toFixed(1)} ms`;
    rows.push({
      figure: `${latFig}, p50 (${int(l.count)} marker opens per run)`,
      tercel: f(l.p50), reference: '—', result: f(l.p50), target: '(no target)', verdict: 'info', cpu: '',
    });
    rows.push({
      figure: `${latFig}, p99`,
      tercel: f(l.p99), reference: '—', result: `${f(l.p99)} (max ${f(l.max)})`, target: '< 100 ms', verdict: verdict(l.p99 < 100, l.p99), cpu: '',
    });
  }
  return rows;
}
