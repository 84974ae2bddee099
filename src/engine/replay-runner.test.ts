import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScapFileSource } from '../capture/scap-file-source.js';
import type { ScapEvent } from '../events/scap-event.js';
import { FieldRegistry } from '../fields/field-registry.js';
import { parseOutputTemplate } from '../alerts/output-template.js';
import { Priority } from '../rules/priority.js';
import type { EngineRule } from './engine-rule.js';
import { runReplay, type ReplayOptions } from './replay-runner.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';

const TRACES = join(CONFORMANCE_DIR, 'legacy-suite', 'trace_files');
const CAT = join(TRACES, 'cat_write.scap');
const PING = join(TRACES, 'ping_sendto.scap');
const skip = !existsSync(CAT) && 'suite traces absent';

const registry = new FieldRegistry();
registry.register({ name: 'evt.num', source: 'syscall', fieldClass: 'evt', type: 'UINT64', arg: 'none', desc: '', bind: () => (c: any) => c.evt.num });

const openExit: EngineRule = {
  name: 'open exit', source: 'syscall', priority: Priority.Warning, tags: ['filesystem'], enabled: true,
  eventTypes: { all: false, names: new Set(['open']) },
  match: (c: { evt: ScapEvent }) => c.evt.dir === '<' && c.evt.name === 'open',
  outputTemplate: parseOutputTemplate('open seen (num=%evt.num)', registry, 'syscall'),
};

function config(tree: Record<string, unknown>) {
  const get = (p: string): unknown => p.split('.').reduce<any>((n, k) => (n == null ? undefined : n[k]), tree);
  return {
    get,
    bool: (p: string, d: boolean) => { const v = get(p); return v === undefined ? d : v === true || v === 'true'; },
    num: (p: string, d: number) => (get(p) === undefined ? d : Number(get(p))),
  };
}

function harness(tree: Record<string, unknown>, extra: Partial<ReplayOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const logs: string[] = [];
  const logger = {
    log: (l: string, m: string) => logs.push(`${l}: ${m}`), error: (m: string) => logs.push(`error: ${m}`),
    warning: (m: string) => logs.push(`warning: ${m}`), info: (m: string) => logs.push(`info: ${m}`), debug: () => {},
  };
  const opts: ReplayOptions = {
    tracePath: CAT, config: config({ stdout_output: { enabled: true }, ...tree }), rules: [openExit], logger,
    out: (t) => out.push(t), err: (t) => err.push(t), ...extra,
  };
  return { opts, out, err, logs, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function countOpenExits(path: string): Promise<number> {
  const src = await ScapFileSource.open(path);
  let n = 0;
  for (let b = await src.next(); b !== 'eof'; b = await src.next()) for (const e of b) if (e.name === 'open' && e.dir === '<') n++;
  await src.close();
  return n;
}

test('replay raises one alert per matching event, then prints the summary', { skip }, async () => {
  const expected = await countOpenExits(CAT);
  assert.ok(expected > 0);
  const h = harness({ json_output: true, time_format_iso_8601: true }, { verbose: true });
  const r = await runReplay(h.opts);
  assert.equal(r.exitCode, 0);
  const lines = h.stdout().split('\n').filter((l) => l.startsWith('{'));
  assert.equal(lines.length, expected);
  const first = JSON.parse(lines[0]!);
  assert.equal(first.rule, 'open exit');
  assert.deepEqual(first.tags, ['filesystem']);
  assert.match(first.output, /^\d{4}-\d\d-\d\dT[\d:.]+\+0000: Warning open seen \(num=\d+\)$/);
  assert.ok(h.stdout().endsWith(`Events detected: ${expected}\nRule counts by severity:\n   WARNING: ${expected}\nTriggered rules by rule name:\n   open exit: ${expected}\n`));
  assert.equal(r.summary.detections, expected);
  assert.ok(r.summary.eventsRead > expected);
  assert.match(h.stderr(), /Syscall event drop monitoring:\n   - event drop detected: 0 occurrences/);
  assert.match(h.stderr(), /Elapsed time: [\d.]+, Captured Events: \d+, [\d.]+ eps/);
});

test('priority threshold and -D apply to replay', { skip }, async () => {
  const h = harness({ priority: 'error' });
  assert.equal((await runReplay(h.opts)).summary.detections, 0);
  const d = harness({}, { selection: { disabledSubstrings: ['exit'] } });
  assert.equal((await runReplay(d.opts)).summary.detections, 0);
  const bad = harness({ priority: 'loud' });
  const r = await runReplay(bad.opts);
  assert.equal(r.exitCode, 1);
  assert.match(r.error!, /Unknown priority "loud"--must be one of emergency/);
});

test('a truncated trace keeps the alerts already raised and fails naming the file and offset', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-replay-'));
  const cut = join(dir, 'cut.scap');
  const full = readFileSync(CAT);
  writeFileSync(cut, full.subarray(0, Math.floor(statSync(CAT).size * 0.8)));
  const h = harness({});
  const r = await runReplay({ ...h.opts, tracePath: cut });
  assert.equal(r.exitCode, 1);
  assert.ok(r.error!.startsWith(cut + ': '), r.error);
  assert.match(r.error!, /at byte offset \d+/);
  assert.ok(!/\n\s+at /.test(r.error!), 'no stack trace');
  assert.match(h.stdout(), /Events detected: \d+/);
  const alerts = h.stdout().split('\n').filter((l) => l.includes('Warning open seen'));
  assert.equal(alerts.length, r.summary.detections);

  const missing = harness({});
  const m = await runReplay({ ...missing.opts, tracePath: join(dir, 'nope.scap') });
  assert.equal(m.exitCode, 1);
  assert.ok(m.error!.includes('nope.scap'));
  assert.equal(missing.stdout(), '');
  copyFileSync(CAT, join(dir, 'ok.scap'));
});

test('simulated drops on ping_sendto.scap: alert, log, ignore, exit', { skip }, async () => {
  const drops = (actions: string[]) => ({ syscall_event_drops: { actions, rate: 0.03333, max_burst: 10, simulate_drops: true } });
  const alert = harness(drops(['alert']), { rules: [] });
  assert.equal((await runReplay({ ...alert.opts, tracePath: PING })).exitCode, 0);
  assert.match(alert.stderr(), /event drop detected: 9 occurrences\n   - num times actions taken: 9/);
  assert.equal(alert.stdout().split('\n').filter((l) => l.includes('Falco internal: syscall event drop')).length, 9);
  assert.ok(!alert.logs.some((l) => l.includes('Falco internal')));

  const log = harness(drops(['log']), { rules: [] });
  await runReplay({ ...log.opts, tracePath: PING });
  assert.ok(log.logs.some((l) => l.includes('Falco internal: syscall event drop')));
  assert.ok(!log.stdout().includes('Falco internal'));

  const ignore = harness(drops(['ignore']), { rules: [] });
  await runReplay({ ...ignore.opts, tracePath: PING });
  assert.match(ignore.stderr(), /event drop detected: 9 occurrences/);
  assert.ok(!ignore.logs.some((l) => l.includes('Falco internal')) && !ignore.stdout().includes('Falco internal'));

  const exit = harness(drops(['exit']), { rules: [] });
  const r = await runReplay({ ...exit.opts, tracePath: PING });
  assert.equal(r.exitCode, 1);
  assert.match(exit.stderr(), /event drop detected: 1 occurrences\n   - num times actions taken: 1/);
  assert.deepEqual(exit.logs.filter((l) => l.startsWith('critical')).map((l) => l.slice(10)),
    ['Falco internal: syscall event drop. 1 system calls dropped in last second.', 'Exiting.']);

  const conflict = harness(drops(['ignore', 'log']), { rules: [] });
  const c = await runReplay({ ...conflict.opts, tracePath: PING });
  assert.equal(c.exitCode, 1);
  assert.match(c.error!, /syscall event drop action "log" does not make sense with the "ignore" action/);
});

test('-M stops after that span of event time', { skip }, async () => {
  const all = harness({}, { rules: [] });
  const full = await runReplay({ ...all.opts, tracePath: PING });
  const h = harness({}, { rules: [], durationSec: 0.5 });
  const r = await runReplay({ ...h.opts, tracePath: PING });
  assert.equal(r.exitCode, 0);
  assert.ok(r.summary.eventsEvaluated > 0 && r.summary.eventsEvaluated < full.summary.eventsEvaluated);
});

test('file and program outputs receive the same lines as stdout', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-replay-'));
  const file = join(dir, 'file.txt');
  const prog = join(dir, 'prog.txt');
  const h = harness({
    time_format_iso_8601: true, file_output: { enabled: true, filename: file },
    program_output: { enabled: true, program: `cat >> ${prog}` },
  });
  const r = await runReplay(h.opts);
  assert.equal(r.exitCode, 0);
  const lines = h.stdout().split('\n').filter((l) => l.includes('Warning open seen'));
  assert.equal(lines.length, r.summary.detections);
  assert.equal(readFileSync(file, 'utf8'), lines.join('\n') + '\n');
  assert.equal(readFileSync(prog, 'utf8'), lines.join('\n') + '\n');
});

test('an open event source (live) is read through timeouts; outputs.rate limits alerts, not detections', { skip }, async () => {
  const inner = await ScapFileSource.open(CAT);
  let timeouts = 0;
  const live = {
    stats: inner.stats, header: inner.header,
    next: async () => (timeouts++ < 3 ? 'timeout' as const : inner.next()),
    close: () => inner.close(),
  };
  const h = harness({ outputs: { rate: 0.000001, max_burst: 2 } }, { durationSec: 30 });
  const began = Date.now();
  const r = await runReplay({ ...h.opts, tracePath: undefined, source: live });
  assert.equal(r.exitCode, 0);
  assert.ok(Date.now() - began < 10000, 'live runs do not wait out -M after the source ends');
  const expected = await countOpenExits(CAT);
  assert.equal(r.summary.detections, expected);
  assert.equal(h.stdout().split('\n').filter((l) => l.includes('Warning open seen')).length, 2);
});

test('a live source that stays silent raises the timeouts notification', { skip }, async () => {
  let calls = 0;
  const silent = {
    stats: { events: 0, unknownEventTypes: 0, skippedBlocks: 0, bytes: 0 },
    next: async () => (++calls <= 5 ? 'timeout' as const : 'eof' as const),
    close: async () => {},
  };
  const h = harness({ syscall_event_timeouts: { max_consecutives: 2 } }, { rules: [] });
  const r = await runReplay({ ...h.opts, tracePath: undefined, source: silent });
  assert.equal(r.exitCode, 0);
  const notes = h.stdout().split('\n').filter((l) => l.includes('Falco internal: timeouts notification'));
  assert.equal(notes.length, 1);
  assert.match(notes[0]!, /Debug Falco internal: timeouts notification\. 2 consecutive timeouts without event\. \(last_event_time="none"\)$/);
  const bad = harness({ syscall_event_timeouts: { max_consecutives: 0 } }, { rules: [] });
  assert.match((await runReplay(bad.opts)).error!, /maximum consecutive timeouts without an event must be an unsigned integer > 0/);
});
