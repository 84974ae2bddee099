// One contract suite for every built-in output: init, emit, flush, reopen, emit, close,
// close again; every alert must arrive once, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../alerts/alert.js';
import type { OutputContext } from './output.js';
import { createDefaultOutputRegistry } from './output-registry.js';

const alert = (n: number): Alert => ({ ts: BigInt(n), rule: 'r', priority: 4, source: 'syscall', tags: [], hostname: 'h', text: `line ${n}`, line: `line ${n}` });
const logger = { error: () => {}, warning: () => {}, info: () => {}, debug: () => {} };

interface Case {
  name: string;
  output: string;
  setup(): Promise<{ options: Record<string, unknown>; stdout?: (t: string) => void; received(): string; done?(): void }>;
}

const dir = mkdtempSync(join(tmpdir(), 'tercel-contract-'));
const cases: Case[] = [];
for (const buffered of [false, true]) {
  cases.push({
    name: `stdout${buffered ? ' buffered' : ''}`, output: 'stdout',
    setup: async () => { let s = ''; return { options: {}, stdout: (t) => { s += t; }, received: () => s }; },
  });
  for (const keep of [false, true]) {
    const tag = `${buffered ? 'buffered' : 'unbuffered'}-${keep ? 'keep' : 'once'}`;
    cases.push({
      name: `file ${tag}`, output: 'file',
      setup: async () => { const f = join(dir, `file-${tag}.txt`); return { options: { filename: f, keep_alive: keep }, received: () => readFileSync(f, 'utf8') }; },
    });
    cases.push({
      name: `program ${tag}`, output: 'program',
      setup: async () => { const f = join(dir, `prog-${tag}.txt`); return { options: { program: `cat >> ${f}`, keep_alive: keep }, received: () => readFileSync(f, 'utf8') }; },
    });
  }
  cases.push({
    name: `http${buffered ? ' buffered' : ''}`, output: 'http',
    setup: async () => {
      let s = '';
      const server = createServer((req, res) => { req.on('data', (c) => { s += c; }); req.on('end', () => { s += '\n'; res.end(); }); });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      return { options: { url: `http://127.0.0.1:${port}/` }, received: () => s, done: () => server.close() };
    },
  });
  for (const c of cases.splice(0)) runCase(c, buffered);
}

function runCase(c: Case, buffered: boolean): void {
  test(`output contract: ${c.name}`, async () => {
    const env = await c.setup();
    const ctx: OutputContext = { options: env.options, buffered, json: false, hostname: 'h', logger, stdout: env.stdout ?? (() => {}) };
    const out = createDefaultOutputRegistry().create(c.output, ctx);
    assert.equal(out.name, c.output);
    await out.init();
    await out.emit(alert(1));
    await out.emit(alert(2));
    await out.flush?.();
    await out.reopen();
    await out.emit(alert(3));
    await out.close();
    await out.close();
    env.done?.();
    assert.equal(env.received(), 'line 1\nline 2\nline 3\n');
  });
}
