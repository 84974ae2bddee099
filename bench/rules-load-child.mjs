// Child process for the rules-load benchmark: loads the given rules files in order with
// one RulesLoader (field extractors attached when they exist, as the CLI does) and prints
// one JSON line: the in-process load time and the memory use right after loading.
//   node bench/rules-load-child.mjs RULES_FILE...
import { readFileSync } from 'node:fs';
import { createDefaultRegistry } from '../dist/fields/index.js';
import { syscallEventCatalog } from '../dist/events/event-catalog.js';
import { RulesLoader } from '../dist/rules/index.js';

let binders;
try {
  ({ syscallBinders: binders } = await import('../dist/fields/syscall/binders.js'));
} catch { /* declarations only */ }

const files = process.argv.slice(2);
const contents = files.map((f) => readFileSync(f, 'utf8'));
const loader = new RulesLoader({ registry: createDefaultRegistry(binders), catalog: syscallEventCatalog });
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const results = files.map((f, i) => loader.load(f, contents[i]));
const t1 = process.hrtime.bigint();
const cpu = process.cpuUsage(c0);
const mem = process.memoryUsage();
const failed = results.filter((r) => !r.successful).map((r) => r.name);
process.stdout.write(JSON.stringify({
  loadMs: Number(t1 - t0) / 1e6,
  loadCpuMs: (cpu.user + cpu.system) / 1e3,
  rssMb: mem.rss / 2 ** 20,
  heapUsedMb: mem.heapUsed / 2 ** 20,
  rules: loader.rules().length,
  failed,
}) + '\n');
