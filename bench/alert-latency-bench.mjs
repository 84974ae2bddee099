// Alert latency, syscall to alert line: the live agent runs with a rule matching opens of
// marker paths and unbuffered output (-U); a helper opens PREFIX<i> N times at a modest
// rate, printing for each the CLOCK_MONOTONIC time read just before the openat (and the
// CLOCK_REALTIME one); each JSON alert line is stamped on arrival with
// process.hrtime.bigint() (the same CLOCK_MONOTONIC, so no clock steps or slews between
// the two ends). Latency = arrival − syscall time.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, startAgent, waitForQuietBpf } from './live-tools.mjs';

export const MARKERS = 200;

/** Median that keeps Infinity (process-timer's median drops non-finite values). */
function medianOf(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length === 0 ? NaN : v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}
export const GAP_US = 20_000;

function runMarkers(paths, prefix, n, gapUs, onMarker) {
  return new Promise((resolve, reject) => {
    const child = spawn(paths.loop, ['marker', String(n), prefix, String(gapUs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (d) => {
      const lines = (pending + d).split('\n');
      pending = lines.pop();
      for (const l of lines) {
        const m = /^(\d+) (\d+) (\d+)$/.exec(l);
        if (m) onMarker(Number(m[1]), BigInt(m[2]), BigInt(m[3]));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`syscall-loop marker exited ${code}`))));
  });
}

export async function runAlertLatencyBench({ runs, paths, log, n = MARKERS, gapUs = GAP_US, waitMs = 30_000 }) {
  const perRun = [];
  for (let r = 0; r < runs; r++) {
    await waitForQuietBpf(waitMs, log);
    const dir = mkdtempSync(join(tmpdir(), 'tercel-bench-lat-'));
    const prefix = join(dir, 'marker-');
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, '- rule: bench alert latency marker\n  desc: opens of the latency benchmark markers\n'
      + `  condition: evt.type = openat and evt.dir = < and fd.name startswith ${prefix}\n`
      + '  output: "marker opened (file=%fd.name)"\n  priority: WARNING\n');
    const sent = new Map();
    const arrived = new Map();
    let foreignLines = 0;
    try {
      const agent = await startAgent(paths, rules, {
        unbuffered: true,
        onLine: (line, at) => {
          let name;
          try { name = JSON.parse(line).output_fields?.['fd.name']; } catch { /* not an alert */ }
          if (typeof name === 'string' && name.startsWith(prefix)) arrived.set(Number(name.slice(prefix.length)), at);
          else foreignLines++;
        },
      });
      try {
        await runMarkers(paths, prefix, n, gapUs, (i, mono) => sent.set(i, mono));
        const t0 = Date.now();
        while (arrived.size < n && Date.now() - t0 < 3000) await new Promise((res) => setTimeout(res, 20));
      } finally {
        await agent.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // a lost alert counts as infinitely late, so the percentiles cannot hide it
    const lat = [];
    for (const [i, mono] of sent) {
      const at = arrived.get(i);
      lat.push(at === undefined ? Infinity : Number(at - mono) / 1e6);
    }
    lat.sort((a, b) => a - b);
    const finite = lat.filter(Number.isFinite);
    const run = { count: sent.size, alerts: finite.length, missing: sent.size - finite.length, p50: percentile(lat, 50), p99: percentile(lat, 99), max: finite[finite.length - 1] ?? NaN, min: finite[0] ?? NaN, foreignLines };
    log(`  run ${r + 1}: ${run.alerts}/${run.count} alerts, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, max ${run.max.toFixed(1)} ms`);
    perRun.push(run);
  }
  const missing = perRun.reduce((s, p) => s + p.missing, 0);
  return {
    count: n,
    gapMs: gapUs / 1000,
    p50: medianOf(perRun.map((p) => p.p50)),
    p99: medianOf(perRun.map((p) => p.p99)),
    max: Math.max(...perRun.map((p) => p.max)),
    missing,
    perRun,
  };
}
