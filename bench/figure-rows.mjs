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

export function liveRows() {
  return [
    pendingRow('Alert latency (syscall → alert written), live capture', 'live capture in the CLI (src/app process-events with the live probe source)'),
    pendingRow('Live probe throughput without drops, and per-syscall overhead', 'live capture in the CLI (src/app process-events with the live probe source)'),
  ];
}
