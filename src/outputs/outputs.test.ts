import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../alerts/alert.js';
import { AlertQueue } from '../alerts/alert-queue.js';
import { FileOutput } from './file-output.js';
import { ProgramOutput } from './program-output.js';
import { StdoutOutput } from './stdout-output.js';
import { HttpOutput } from './http-output.js';
import { createServer } from 'node:http';
import { OutputDispatcher } from './output-dispatcher.js';
import { OutputRegistry, createDefaultOutputRegistry } from './output-registry.js';
import type { Output, OutputContext } from './output.js';
import { readAlertSettings, OutputConfigError } from './outputs-config.js';

const alert = (n: number): Alert => ({ ts: BigInt(n), rule: 'r', priority: 4, source: 'syscall', tags: [], hostname: 'h', text: `alert ${n}`, line: `alert ${n}` });
const logs: string[] = [];
const logger = { error: (m: string) => logs.push(m), warning: (m: string) => logs.push(m), info: () => {}, debug: () => {} };
const ctx = (options: Record<string, unknown>, extra: Partial<OutputContext> = {}): OutputContext =>
  ({ options, buffered: false, json: false, hostname: 'h', logger, stdout: () => {}, ...extra });
const tmp = () => mkdtempSync(join(tmpdir(), 'tercel-out-'));
const waitFor = async (pred: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('registry: built-ins by name, duplicates rejected, unknown names refused', () => {
  const r = createDefaultOutputRegistry();
  assert.deepEqual(r.names(), ['stdout', 'file', 'program', 'http']);
  assert.throws(() => r.register('stdout', (c) => new StdoutOutput(c)), /output 'stdout' is already registered/);
  assert.throws(() => new OutputRegistry().create('syslog', ctx({})), /Output not supported: syslog/);
});

test('stdout: unbuffered writes each line; buffered writes on flush', async () => {
  const writes: string[] = [];
  const u = new StdoutOutput(ctx({}, { stdout: (t) => writes.push(t) }));
  u.emit(alert(1));
  u.emit(alert(2));
  assert.deepEqual(writes, ['alert 1\n', 'alert 2\n']);
  writes.length = 0;
  const b = new StdoutOutput(ctx({}, { buffered: true, stdout: (t) => writes.push(t) }));
  b.emit(alert(1));
  b.emit(alert(2));
  assert.deepEqual(writes, []);
  b.flush();
  assert.deepEqual(writes, ['alert 1\nalert 2\n']);
  await b.close();
});

test('file: appends lines, keep_alive keeps the file open and reopen follows a rotation', async () => {
  const dir = tmp();
  const path = join(dir, 'alerts.txt');
  const f = new FileOutput(ctx({ filename: path }));
  await f.init();
  await f.emit(alert(1));
  await f.emit(alert(2));
  await f.close();
  assert.equal(readFileSync(path, 'utf8'), 'alert 1\nalert 2\n');

  const k = new FileOutput(ctx({ filename: path, keep_alive: true }));
  await k.init();
  await k.emit(alert(3));
  renameSync(path, path + '.1');
  await k.emit(alert(4));
  await k.reopen();
  await k.emit(alert(5));
  await k.close();
  assert.equal(readFileSync(path + '.1', 'utf8'), 'alert 1\nalert 2\nalert 3\nalert 4\n');
  assert.equal(readFileSync(path, 'utf8'), 'alert 5\n');
  assert.throws(() => new FileOutput(ctx({})), /no filename/);
  await assert.rejects(new FileOutput(ctx({ filename: join(dir, 'no/such/dir/x') })).init(), /failed to open output file/);
});

test('program: lines reach the program, one run per alert or one kept alive', async () => {
  const dir = tmp();
  const once = join(dir, 'once.txt');
  const p = new ProgramOutput(ctx({ program: `cat >> ${once}` }));
  for (let i = 1; i <= 3; i++) await p.emit(alert(i));
  await p.close();
  assert.equal(readFileSync(once, 'utf8'), 'alert 1\nalert 2\nalert 3\n');

  const kept = join(dir, 'kept.txt');
  const k = new ProgramOutput(ctx({ program: `cat > ${kept}`, keep_alive: 'true' }, { buffered: true }));
  for (let i = 1; i <= 3; i++) await k.emit(alert(i));
  await k.flush();
  assert.ok(k.running);
  await k.emit(alert(4));
  await k.close();
  assert.equal(readFileSync(kept, 'utf8'), 'alert 1\nalert 2\nalert 3\nalert 4\n');
});

test('a program that exits: alerts are counted as dropped, delivery goes on for other outputs', async () => {
  const dir = tmp();
  const first = join(dir, 'first.txt');
  const q = new AlertQueue(100);
  const prog = new ProgramOutput(ctx({ program: `head -n 1 > ${first}`, keep_alive: true, restart_interval_ms: 60000 }));
  const seen: string[] = [];
  const sink: Output = { name: 'sink', init: async () => {}, emit: (a) => { seen.push(a.line); }, reopen: async () => {}, close: async () => {} };
  logs.length = 0;
  const d = new OutputDispatcher(q, [prog, sink], logger, { retryDelayMs: 1, downMs: 0, logIntervalMs: 60000 });
  await d.init();
  d.start();
  q.push(alert(1));
  await waitFor(() => seen.length === 1);
  await waitFor(() => !prog.running);
  for (let i = 2; i <= 5; i++) q.push(alert(i));
  await d.stop();
  assert.deepEqual(seen, ['alert 1', 'alert 2', 'alert 3', 'alert 4', 'alert 5']);
  assert.equal(readFileSync(first, 'utf8'), 'alert 1\n');
  const stats = d.stats.find((s) => s.name === 'program')!;
  assert.equal(stats.delivered, 1);
  assert.equal(stats.dropped, 4);
  assert.equal(d.dropped, 4);
  // one report while running (rate-limited), one for the rest at the end
  assert.equal(logs.filter((l) => l.startsWith('program output')).length, 2);
});

test('dispatcher: retries a flaky output, marks a dead one down without waiting on it', async () => {
  const q = new AlertQueue(100);
  let calls = 0;
  const got: string[] = [];
  const flaky: Output = {
    name: 'flaky', init: async () => {}, reopen: async () => {}, close: async () => {},
    emit: (a) => { if (++calls % 2 === 1) throw new Error('hiccup'); got.push(a.line); },
  };
  let deadCalls = 0;
  const dead: Output = { name: 'dead', init: async () => {}, reopen: async () => {}, close: async () => {}, emit: () => { deadCalls++; throw new Error('down'); } };
  const d = new OutputDispatcher(q, [flaky, dead], logger, { retryDelayMs: 1, downMs: 60000, attempts: 3 });
  d.start();
  for (let i = 1; i <= 4; i++) q.push(alert(i));
  await d.stop();
  assert.deepEqual(got, ['alert 1', 'alert 2', 'alert 3', 'alert 4']);
  const [f, x] = d.stats;
  assert.equal(f!.delivered, 4);
  assert.equal(f!.failures, 4);
  assert.equal(x!.dropped, 4);
  assert.equal(deadCalls, 3, 'attempts for the first alert only, then the output is down');
});

test('dispatcher: reopen reaches every output', async () => {
  const q = new AlertQueue(10);
  let reopened = 0;
  const o: Output = { name: 'o', init: async () => {}, emit: () => {}, reopen: async () => { reopened++; }, close: async () => {} };
  const d = new OutputDispatcher(q, [o], logger);
  d.start();
  d.requestReopen();
  await waitFor(() => reopened === 1);
  await d.stop();
});

test('configuration: Falco keys, order and errors', () => {
  const tree: Record<string, any> = {
    json_output: true, file_output: { enabled: true, filename: '/tmp/x', keep_alive: false }, stdout_output: { enabled: true },
    program_output: { enabled: 'false', program: 'cat' }, syslog_output: { enabled: true }, buffered_outputs: true,
  };
  const get = (p: string) => p.split('.').reduce<any>((n, k) => (n == null ? undefined : n[k]), tree);
  const cfg = {
    get,
    bool: (p: string, d: boolean) => { const v = get(p); return v === undefined ? d : v === true || v === 'true'; },
    num: (p: string, d: number) => (get(p) === undefined ? d : Number(get(p))),
  };
  const s = readAlertSettings(cfg, { implemented: (n) => n !== 'syslog', env: { FALCO_HOSTNAME: 'test-host' } });
  assert.deepEqual(s.outputs.map((o) => o.name), ['file', 'stdout']);
  assert.deepEqual(s.outputs[0]!.options, { filename: '/tmp/x', keep_alive: false });
  assert.deepEqual(s.unsupported, ['syslog']);
  assert.equal(s.json, true);
  assert.equal(s.buffered, true);
  assert.equal(s.hostname, 'test-host');
  assert.equal(readAlertSettings(cfg, { unbuffered: true }).buffered, false);
  tree.program_output.enabled = true;
  tree.program_output.program = '';
  assert.throws(() => readAlertSettings(cfg, { configName: 'c.yaml' }),
    (e: Error) => e instanceof OutputConfigError && e.message === 'Error reading config file (c.yaml): program output enabled but no program in configuration block');
  assert.ok(!existsSync('/tmp/x') || true);
});

test('http: alerts are POSTed with the content type of the output format; errors reject', async () => {
  const got: { type?: string; agent?: string; body: string }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ type: req.headers['content-type'], agent: req.headers['user-agent'], body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const h = new HttpOutput(ctx({ url: `http://127.0.0.1:${port}/alerts` }, { json: true }));
    await h.init();
    await h.emit(alert(1));
    status = 500;
    await assert.rejects(Promise.resolve(h.emit(alert(2))), /HTTP 500/);
    assert.deepEqual(got[0], { type: 'application/json', agent: 'falcosecurity/falco', body: 'alert 1' });
    const t = new HttpOutput(ctx({ url: `http://127.0.0.1:${port}/`, user_agent: 'tercel' }));
    status = 204;
    await t.emit(alert(3));
    assert.deepEqual(got[2], { type: 'text/plain', agent: 'tercel', body: 'alert 3' });
    await h.close();
  } finally {
    server.close();
  }
  assert.throws(() => new HttpOutput(ctx({})), /no url/);
  assert.throws(() => new HttpOutput(ctx({ url: 'ftp://x' })), /unsupported url scheme/);
});
