// Test doubles shared by the filter tests: a registry of fields of every type whose
// extractors read a plain object (`{ 'proc.name': 'bash' }`), and a small event catalog.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { FieldArgForm, FieldDecl, FieldType } from '../fields/field.js';
import { FieldRegistry } from '../fields/field-registry.js';
import { staticEventTypeCatalog } from './event-type-catalog.js';
import { CONFORMANCE_DIR } from '../testing/shared-dir.js';
import { join } from 'node:path';

export type Ctx = Record<string, unknown> & { calls?: Record<string, number> };

const decl = (name: string, type: FieldType, extra: Partial<FieldDecl> & { arg?: FieldArgForm } = {}): FieldDecl => ({
  name,
  source: 'syscall',
  fieldClass: name.split('.')[0],
  type,
  arg: 'none',
  desc: `test field ${name}`,
  bind: (arg) => (ctx: Ctx) => {
    const key = arg === undefined ? name : `${name}[${arg}]`;
    if (ctx.calls) ctx.calls[key] = (ctx.calls[key] ?? 0) + 1;
    return ctx[key] as never;
  },
  ...extra,
});

export const TEST_FIELDS: readonly FieldDecl[] = [
  decl('proc.name', 'CHARBUF'),
  decl('proc.pname', 'CHARBUF'),
  decl('proc.exe', 'CHARBUF'),
  decl('proc.cmdline', 'CHARBUF'),
  decl('fd.name', 'FSPATH'),
  decl('fs.path.name', 'FSPATH'),
  decl('proc.pid', 'INT64'),
  decl('proc.ppid', 'INT64'),
  decl('evt.num', 'UINT64'),
  decl('fd.num', 'FD'),
  decl('fd.sport', 'PORT'),
  decl('user.uid', 'UINT32'),
  decl('evt.res.small', 'INT8'),
  decl('evt.flags8', 'UINT8'),
  decl('evt.rawtime', 'ABSTIME'),
  decl('evt.latency', 'RELTIME'),
  decl('evt.is_io', 'BOOL'),
  decl('fd.ip', 'IPADDR'),
  decl('fd.sip', 'IPADDR'),
  decl('fd.net', 'IPNET', { noRhs: true }),
  decl('evt.buffer', 'BYTEBUF'),
  decl('evt.buflen', 'BYTEBUF'),
  decl('cpu.load', 'DOUBLE'),
  decl('evt.type', 'CHARBUF'),
  decl('evt.dir', 'CHARBUF'),
  decl('proc.args', 'CHARBUF', { isList: true }),
  decl('proc.argv', 'CHARBUF', { isList: true }),
  decl('fd.types', 'CHARBUF', { isList: true, arg: 'index-optional' }),
  decl('fd.ips', 'IPADDR', { isList: true }),
  decl('fd.nets', 'IPNET', { isList: true }),
  decl('evt.counts', 'UINT64', { isList: true }),
  decl('evt.pids', 'INT64', { isList: true }),
  decl('proc.aname', 'CHARBUF', { arg: 'index-optional', noRhs: true, noTransformer: true }),
  decl('proc.env', 'CHARBUF', { arg: 'key-optional' }),
  decl('evt.arg', 'CHARBUF', { arg: 'index-required', dotArg: true }),
  decl('ka.user.name', 'CHARBUF', { source: 'syscall' }),
  decl('evt.time.out', 'CHARBUF', { outputOnly: true }),
  // a field whose extractor does not exist yet
  { name: 'container.id', source: 'syscall', fieldClass: 'container', type: 'CHARBUF', arg: 'none', desc: 'no extractor' },
];

export function testRegistry(): FieldRegistry {
  const r = new FieldRegistry();
  r.registerAll(TEST_FIELDS);
  return r;
}

export const TEST_EVENTS = ['open', 'openat', 'openat2', 'execve', 'execveat', 'connect', 'accept', 'close', 'read', 'write', 'procexit', 'clone', 'fork'];
export const testCatalog = () => staticEventTypeCatalog(TEST_EVENTS, ['sendto']);

/** Falco's published rules files, when the shared conformance data is present. */
export const UPSTREAM_DIR = join(CONFORMANCE_DIR, 'upstream-rules');

type Item = { macro?: string; rule?: string; list?: string; condition?: string; items?: string[]; append?: boolean };

/** Loads the given files in order, as Falco does, into conditions, macros and lists. */
export function loadUpstream(files: readonly string[]): { conds: [string, string][]; macros: Map<string, string>; lists: Map<string, string[]> } {
  const conds: [string, string][] = [];
  const macros = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const f of files) {
    const doc = (parseYaml(readFileSync(`${UPSTREAM_DIR}/${f}`, 'utf8')) ?? []) as Item[];
    for (const item of doc) {
      if (item.list !== undefined) lists.set(item.list, [...(item.append ? lists.get(item.list) ?? [] : []), ...(item.items ?? []).map(String)]);
      if (typeof item.condition !== 'string') continue;
      const name = item.macro ?? item.rule ?? '?';
      conds.push([`${f}: ${name}`, item.condition]);
      if (item.macro !== undefined) macros.set(item.macro, item.condition);
    }
  }
  return { conds, macros, lists };
}

