// Replay throughput: tercel against sysdig on the same large traces, alternating the two
// in every round. Each sample is a whole-process time minus the start-up time measured
// just before on a one-event trace cut from the same source (same rules, same filter);
// events/s = events in the trace / the median of those differences over the rounds.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { buildExecTrace, buildOneEventTrace, buildRepeatedTrace, cachedTrace } from './trace-builder.mjs';
import { countSysdig, timeSysdig } from './sysdig-runner.mjs';
import { detectTercelReplay, tercelDetections, timeTercel, writeRulesFile } from './tercel-runner.mjs';
import { median } from './process-timer.mjs';

// The shared reference data: $TERCEL_SHARED_DIR, else ../shared next to the repository (the
// checkout, not the snapshot run.mjs runs from: TERCEL_BENCH_REPO names it).
const REPO = process.env.TERCEL_BENCH_REPO ?? join(import.meta.dirname, '..');
const SHARED = process.env.TERCEL_SHARED_DIR ?? join(REPO, '..', 'shared');
const TRACE_DIR = `${SHARED}/conformance/legacy-suite/trace_files`;
const FILTER_DIR = `${SHARED}/bench`;
export const UPSTREAM_RULES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']
  .map((f) => `${SHARED}/conformance/upstream-rules/${f}`);
/** Bumped whenever trace-builder.mjs changes what it writes (invalidates the cache). */
const BUILDER_VERSION = 3;

/** The first legacy-suite trace of `names` that exists here. */
function pickSource(names) {
  for (const n of names) if (existsSync(join(TRACE_DIR, n))) return join(TRACE_DIR, n);
  throw new Error(`none of ${names.join(', ')} in ${TRACE_DIR}`);
}

/** The benchmark traces and the targets that apply to each. */
export function traceSpecs() {
  const mixed = pickSource(['run_as_user_0_container.scap', 'cat_write.scap']);
  return [
    { id: 'mixed', source: mixed, kind: 'repeat', minEvents: 2_000_000, targets: { a: 1.0, b: 1.5, c: 1_000_000 } },
    { id: 'files', source: pickSource(['open-multiple-files.scap']), kind: 'repeat', minEvents: 2_000_000, targets: { a: 1.0, b: 1.5, c: 1_000_000 } },
    { id: 'exec', source: mixed, kind: 'exec', minEvents: 500_000, targets: { b: 1.0 } },
  ];
}

/** Builds (or reuses) every trace and checks that sysdig reads each one completely. */
export async function prepareTraces(cacheDir, log) {
  const specs = traceSpecs();
  const ones = new Map();
  for (const s of specs) {
    const st = statSync(s.source);
    const tag = `v${BUILDER_VERSION}-${st.size}`;
    const dst = join(cacheDir, `${s.id}-${basename(s.source, '.scap')}-${s.minEvents}-${tag}.scap`);
    s.trace = cachedTrace(dst, () => {
      log(`building ${dst}`);
      return s.kind === 'exec' ? buildExecTrace(s.source, dst, s.minEvents) : buildRepeatedTrace(s.source, dst, s.minEvents);
    });
    if (!ones.has(s.source)) {
      const one = join(cacheDir, `one-${basename(s.source, '.scap')}-${tag}.scap`);
      ones.set(s.source, cachedTrace(one, () => buildOneEventTrace(s.source, one)));
    }
    s.one = ones.get(s.source);
    const meta = `${s.trace.path}.sysdig.json`;
    if (existsSync(meta)) s.check = JSON.parse(readFileSync(meta, 'utf8'));
    else {
      log(`checking that sysdig reads ${s.trace.path}`);
      const all = await countSysdig(s.trace.path);
      const opens = await countSysdig(s.trace.path, 'evt.type=open');
      s.check = { all, opens, expectedOpens: s.trace.counts.get('open') ?? 0 };
      (await import('node:fs')).writeFileSync(meta, JSON.stringify(s.check));
    }
    // sysdig consumes container events without printing them
    const expectedAll = s.trace.events - (s.trace.counts.get('container') ?? 0);
    if (s.check.all !== expectedAll || s.check.opens !== s.check.expectedOpens) {
      throw new Error(`sysdig reads ${s.check.all} events (${s.check.opens} open) from ${s.trace.path}, `
        + `the builder wrote ${expectedAll} besides container events (${s.check.expectedOpens} open)`);
    }
  }
  return specs;
}

const CONFIGS = [
  { id: 'a', label: 'no filter', sysdig: true },
  { id: 'b', label: 'f3-falco-style.filter', sysdig: true },
  { id: 'c', label: 'three upstream syscall rules files', sysdig: false },
];

/**
 * Runs every replay figure `runs` times. Returns { specs, results, tercel, notes } where
 * results[traceId][configId] = { tercel: {eps, epsCpu, startupMs}, sysdig: {…} }, plus results[traceId].b.matches.
 */
export async function runReplayBench({ runs, cacheDir, log }) {
  const specs = await prepareTraces(cacheDir, log);
  const f3 = readFileSync(join(FILTER_DIR, 'f3-falco-style.filter'), 'utf8').trim();
  const rules = {
    a: [writeRulesFile(join(cacheDir, 'rules-none.yaml'))],
    b: [writeRulesFile(join(cacheDir, 'rules-f3.yaml'), f3)],
    c: UPSTREAM_RULES,
  };
  const filters = { a: undefined, b: f3 };
  const tercel = await detectTercelReplay(specs[0].one.path, rules.b[0]);
  log(`tercel replay: ${tercel.mode}${tercel.missing ? ` (missing ${tercel.missing})` : ''}`);

  // samples[tool|trace|cfg] = [{ wallS, cpuS, startWallS }]: a one-event run and the
  // whole-trace run back to back, so both see the same load on the machine
  const samples = new Map();
  const once = async (tool, trace, cfg) => {
    if (tool === 'sysdig') return timeSysdig(trace, filters[cfg.id]);
    return timeTercel(tercel.mode, trace, rules[cfg.id]);
  };
  const usable = ['sysdig', 'tercel'].filter((t) => t === 'sysdig' || tercel.mode !== 'pending');
  for (let round = 0; round < runs; round++) {
    for (const s of specs) {
      for (const cfg of CONFIGS) {
        // alternate which tool goes first from one round (and case) to the next
        const tools = (round + CONFIGS.indexOf(cfg)) % 2 === 0 ? usable : [...usable].reverse();
        for (const tool of tools) {
          if (tool === 'sysdig' && !cfg.sysdig) continue;
          const key = `${tool}|${s.id}|${cfg.id}`;
          const start = await once(tool, s.one.path, cfg);
          const full = await once(tool, s.trace.path, cfg);
          if (!samples.has(key)) samples.set(key, []);
          samples.get(key).push({
            wallS: Number(full.wallNs - start.wallNs) / 1e9,
            cpuS: (full.cpuMs - start.cpuMs) / 1e3,
            startWallS: Number(start.wallNs) / 1e9,
          });
        }
      }
    }
    log(`replay round ${round + 1}/${runs} done`);
  }

  const rate = (tool, s, cfg) => {
    const list = samples.get(`${tool}|${s.id}|${cfg}`);
    if (!list) return undefined;
    const wall = median(list.map((x) => x.wallS));
    const cpu = median(list.map((x) => x.cpuS));
    return {
      eps: wall > 0 ? s.trace.events / wall : NaN,
      epsCpu: cpu > 0 ? s.trace.events / cpu : NaN,
      startupMs: median(list.map((x) => x.startWallS)) * 1e3,
      samples: list.length,
    };
  };
  const results = {};
  for (const s of specs) {
    results[s.id] = {};
    for (const cfg of CONFIGS) {
      results[s.id][cfg.id] = { tercel: rate('tercel', s, cfg.id), sysdig: cfg.sysdig ? rate('sysdig', s, cfg.id) : undefined };
    }
    // do both engines raise the same number of matches for f3? (one untimed run each)
    if (tercel.mode !== 'pending') {
      const t = await tercelDetections(tercel.mode, s.trace.path, rules.b);
      if (t !== undefined) results[s.id].b.matches = { tercel: t, sysdig: await countSysdig(s.trace.path, f3) };
    }
  }
  return { specs, results, tercel, configs: CONFIGS, rules };
}
