// CPU profile of tercel's replay, grouped by pipeline stage: the evidence behind a replay
// figure that misses its target. Runs the in-process replay driver (tercel-replay-child.mjs,
// the pipeline `tercel -e` drives) under `node --cpu-prof`, then sums each sampled
// function's self time into the stage its source file belongs to. Start-up (module loading,
// rules compilation) is reported apart and left out of the per-event figures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./tercel-replay-child.mjs', import.meta.url));

/** Stages in report order; `match` sees { url, fn } of a sampled function. */
export const STAGES = [
  { id: 'state', label: 'state (thread and fd tables, event parsers)', match: (f) => /\/dist\/state\//.test(f.url) },
  { id: 'reader', label: 'trace reader (block cutter, gzip)', match: (f) => /\/dist\/capture\//.test(f.url) || /^node:zlib|internal\/streams/.test(f.url) },
  { id: 'engine', label: 'engine loop (runner, event-type index)', match: (f) => /\/dist\/engine\//.test(f.url) },
  // code made by `new Function` (compiled conditions, the engine's rule scan) has no url but a script id
  { id: 'rules', label: 'rule evaluation (compiled conditions, field extractors)', match: (f) => /\/dist\/(fields|filter\/compile)/.test(f.url) || (f.url === '' && f.scriptId !== '0') },
  { id: 'events', label: 'event view and parameter decoding', match: (f) => /\/dist\/events\//.test(f.url) },
  { id: 'alerts', label: 'alerts and outputs', match: (f) => /\/dist\/(alerts|outputs)\//.test(f.url) },
  { id: 'gc', label: 'garbage collection', match: (f) => f.fn === '(garbage collector)' },
  { id: 'builtins', label: 'Node built-ins (Buffer, fs) and VM', match: (f) => f.url.startsWith('node:') || f.url === '' },
];
const STARTUP = (f) => /\/dist\/(rules|filter|app)\//.test(f.url) || /node:internal\/modules|internal\/modules/.test(f.url) || /node_modules\/yaml\//.test(f.url);

function stageOf(f) {
  if (STARTUP(f)) return 'startup';
  for (const s of STAGES) if (s.match(f)) return s.id;
  return 'other';
}

/** Self time (µs) per stage and per function from a .cpuprofile, idle left out. */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, dt));
  }
  const stages = new Map();
  const functions = new Map();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    const f = { url: n.callFrame.url, fn: n.callFrame.functionName, scriptId: String(n.callFrame.scriptId) };
    if (f.fn === '(idle)') continue;
    const st = stageOf(f);
    stages.set(st, (stages.get(st) ?? 0) + us);
    const file = f.url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');
    const key = `${f.fn || '(anonymous)'}${file ? ` (${file})` : ''}`;
    const prev = functions.get(key);
    functions.set(key, { us: (prev?.us ?? 0) + us, stage: st });
  }
  return { stages, functions };
}

/**
 * Profiles one replay of `trace` with `rulesFiles`; returns per-stage ns per event for the
 * replay phase and the top functions. `events` is the trace's event count.
 */
export async function profileReplay(trace, rulesFiles, events) {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-prof-'));
  try {
    await run(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200', CHILD, trace, ...rulesFiles], { maxBuffer: 1 << 30 });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const { stages, functions } = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    const replayUs = [...stages].filter(([k]) => k !== 'startup').reduce((a, [, v]) => a + v, 0);
    const perEvent = (us) => (us * 1000) / events;
    return {
      nsPerEvent: perEvent(replayUs),
      startupMs: (stages.get('startup') ?? 0) / 1000,
      stages: [...STAGES.map((s) => s.id), 'other'].map((id) => ({
        id, label: STAGES.find((s) => s.id === id)?.label ?? 'other',
        ns: perEvent(stages.get(id) ?? 0), share: replayUs > 0 ? (stages.get(id) ?? 0) / replayUs : 0,
      })),
      top: [...functions].filter(([, v]) => v.stage !== 'startup').sort((a, b) => b[1].us - a[1].us).slice(0, 8)
        .map(([name, v]) => ({ name, ns: perEvent(v.us), share: replayUs > 0 ? v.us / replayUs : 0 })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
