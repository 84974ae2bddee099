#!/usr/bin/env node
// Regenerates the event schema (src/events/event-table.ts, flag-tables.ts, syscall-table.ts)
// from the facts in a falcosecurity/libs checkout: event codes, names, categories, flags,
// parameter layouts, flag/enum value tables and the x86_64 syscall numbers.
//
// It reads the C sources as text (a small initializer parser and constant evaluator);
// nothing from libs is compiled or copied. Usage:
//   node scripts/gen-event-table.mjs <libs-git-dir-or-worktree> [--rev HEAD]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'events');
const libs = process.argv[2];
const revIdx = process.argv.indexOf('--rev');
const rev = revIdx > 0 ? process.argv[revIdx + 1] : 'HEAD';
if (!libs) {
  console.error('usage: gen-event-table.mjs <libs checkout> [--rev REV]');
  process.exit(2);
}

function source(path) {
  const wt = join(libs, path);
  if (existsSync(wt)) return readFileSync(wt, 'utf8');
  return execFileSync('git', ['-C', libs, 'show', `${rev}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}
let libsCommit = '';
try { libsCommit = execFileSync('git', ['-C', libs, 'rev-parse', rev], { encoding: 'utf8' }).trim(); } catch { /* plain dir */ }

const header = source('driver/ppm_events_public.h');
const eventTableSrc = source('driver/event_table.c');
const flagsSrc = source('driver/flags_table.c');
const dynSrc = source('driver/dynamic_params_table.c');
const sysTableSrc = source('driver/syscall_table.c');
const x64Src = source('driver/syscall_compat_x86_64.h');

// ---- constants: #defines and enum members of the public header --------------------------
const consts = new Map();
function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}
const hdr = stripComments(header).replace(/\\\n/g, ' ');
for (const m of hdr.matchAll(/^#define\s+(\w+)\s+(.+)$/gm)) {
  if (!consts.has(m[1])) consts.set(m[1], m[2].trim());
}
for (const m of hdr.matchAll(/enum\s*\w*\s*\{([\s\S]*?)\}/g)) {
  let next = 0;
  for (const part of m[1].split(',')) {
    const mm = part.trim().match(/^(\w+)\s*(?:=\s*([\s\S]+))?$/);
    if (!mm) continue;
    const v = mm[2] !== undefined ? evalExpr(mm[2]) : next;
    consts.set(mm[1], String(v));
    next = v + 1;
  }
}
const ppmSc = [];
for (const m of hdr.matchAll(/PPM_SC_X\((\w+),\s*(\d+)\)/g)) {
  consts.set('PPM_SC_' + m[1], m[2]);
  ppmSc[Number(m[2])] = m[1].toLowerCase();
}

function evalExpr(expr, depth = 0) {
  if (depth > 20) throw new Error('constant recursion in ' + expr);
  const text = String(expr).replace(/\b(\d+)[uUlL]+\b/g, '$1').replace(/\b0([0-7]+)\b/g, '0o$1')
    .replace(/\b([A-Za-z_]\w*)\b/g, (id) => {
      if (!consts.has(id)) throw new Error('unknown constant ' + id);
      return '(' + evalExpr(consts.get(id), depth + 1) + ')';
    });
  if (!/^[\s\d()|&<>~+\-*xXa-fA-Fo]*$/.test(text)) throw new Error('bad expression ' + expr);
  return Number(new Function('return (' + text + ')')()) >>> 0;
}
const evalSigned = (e) => evalExpr(e) | 0;

// ---- C initializer parser ---------------------------------------------------------------
function tokenize(src) {
  const toks = [];
  const re = /\s+|("(?:[^"\\]|\\.)*")|([A-Za-z_]\w*)|(0[xX][0-9a-fA-F]+|\d+)|(<<|>>|[{}\[\]=,()|&+\-*~.;]|[^\s])/y;
  let m;
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m) throw new Error('tokenize failed near: ' + src.slice(at, at + 40));
    if (m[1]) toks.push({ s: JSON.parse(m[1]) });
    else if (m[2] || m[3] || m[4]) toks.push(m[2] ?? m[3] ?? m[4]);
  }
  return toks;
}
// value := '{' [item {',' item}] [','] '}' | expr ; item := ['[' expr ']' '='] value
function parseValue(t, i) {
  if (t[i] === '{') {
    i++;
    const items = [];
    while (t[i] !== '}') {
      let index;
      if (t[i] === '[') {
        let j = i + 1; const e = [];
        while (t[j] !== ']') e.push(t[j++]);
        index = e.join(' ');
        i = j + 2; // skip '] ='
      }
      const [v, ni] = parseValue(t, i);
      items.push(index !== undefined ? { index, value: v } : v);
      i = ni;
      if (t[i] === ',') i++;
    }
    return [items, i + 1];
  }
  const parts = [];
  let depth = 0;
  while (i < t.length && !(depth === 0 && (t[i] === ',' || t[i] === '}'))) {
    if (t[i] === '(') depth++;
    if (t[i] === ')') depth--;
    parts.push(t[i++]);
  }
  if (parts.length === 1 && typeof parts[0] === 'object') return [parts[0].s, i];
  return [{ expr: parts.map(String).join(' ') }, i];
}
function parseArray(src, name) {
  const clean = stripComments(src)
    .replace(/#ifndef CONFIG_64BIT[\s\S]*?#endif/g, '') // x86_64 is a 64-bit build
    .replace(/^#.*$/gm, '');
  const at = clean.search(new RegExp('\\b' + name + '\\s*\\[[^\\]]*\\]\\s*=\\s*\\{'));
  if (at < 0) throw new Error('array not found: ' + name);
  const t = tokenize(clean.slice(clean.indexOf('{', at)));
  return parseValue(t, 0)[0];
}
const exprOf = (v) => (typeof v === 'object' && v && 'expr' in v ? v.expr : v);

// ---- event table ------------------------------------------------------------------------
const codeNames = [];
for (const [k, v] of consts) if (k.startsWith('PPME_') && /^\d+$/.test(v)) codeNames[Number(v)] = k.slice(5);
const EVENT_MAX = Number(consts.get('PPM_EVENT_MAX'));
const events = [];
const flagTablesUsed = new Set();
const dynTablesUsed = new Set();
for (const item of parseArray(eventTableSrc, 'g_event_info')) {
  const code = evalExpr(item.index);
  const [name, cat, flags, nparams, params = []] = item.value;
  const ps = params.slice(0, evalExpr(exprOf(nparams))).map((p) => {
    const [pname, ptype, pfmt, info, ninfo] = p;
    const out = { name: pname, type: exprOf(ptype), fmt: exprOf(pfmt) };
    const inf = info === undefined ? undefined : exprOf(info);
    if (inf && inf !== '0' && inf !== 'NULL') {
      const dm = inf.match(/^DIRFD_PARAM \( (\d+) \)$/);
      if (dm) out.dirfd = Number(dm[1]);
      else if (out.type === 'PT_DYN') { out.dyn = inf; dynTablesUsed.add(inf); }
      else { out.flags = inf; flagTablesUsed.add(inf); }
    }
    void ninfo;
    return out;
  });
  events[code] = { code, id: codeNames[code], name, cat: exprOf(cat), flags: exprOf(flags), params: ps };
}
for (let c = 0; c < EVENT_MAX; c++) {
  if (!events[c]) events[c] = { code: c, id: codeNames[c] ?? `UNKNOWN_${c}`, name: 'NA', cat: 'EC_UNKNOWN', flags: 'EF_UNUSED', params: [] };
}

// ---- flag tables and dynamic parameter tables -------------------------------------------
const allFlagTables = [...flagsSrc.matchAll(/ppm_name_value\s+(\w+)\s*\[\]/g)].map((m) => m[1]);
const flagTables = {};
for (const t of allFlagTables) {
  flagTables[t] = parseArray(flagsSrc, t)
    .filter((e) => typeof e[0] === 'string')
    .map(([n, v]) => [n, evalExpr(exprOf(v))]);
}
for (const t of flagTablesUsed) if (!flagTables[t]) throw new Error('missing flag table ' + t);
const dynTables = {};
for (const t of dynTablesUsed) {
  const arr = [];
  for (const it of parseArray(dynSrc, t)) {
    const [, ptype, pfmt] = it.value;
    arr[evalExpr(it.index)] = [exprOf(ptype), exprOf(pfmt)];
  }
  dynTables[t] = arr;
}

// ---- syscalls: x86_64 numbers, ppm_sc codes, routed events ------------------------------
const x64 = [];
for (const m of x64Src.matchAll(/#define __NR_(\w+) (\d+)/g)) x64[Number(m[2])] = m[1];
const routed = new Map(); // native name -> [enter event id, exit event id]
for (const m of sysTableSrc.matchAll(/\[__NR_(\w+) - SYSCALL_TABLE_ID0\]\s*=\s*\{([^}]*)\}/g)) {
  const parts = m[2].split(',').map((s) => s.trim());
  if (parts.length < 4) continue; // only a ppm_sc: a generic syscall
  routed.set(m[1], [parts[1].replace(/^PPME_/, ''), parts[2].replace(/^PPME_/, ''), parts[3]]);
}

// ---- emit ----------------------------------------------------------------------------
const prefixConsts = (p) => [...consts].filter(([k]) => k.startsWith(p) && /^[\d\s()<|x]+$/.test(k.length ? consts.get(k) : ''));
function constBlock(prefix, enumName) {
  const lines = [];
  for (const [k] of consts) {
    if (!k.startsWith(prefix)) continue;
    let v;
    try { v = evalExpr(k); } catch { continue; }
    lines.push(`export const ${k} = ${v};`);
  }
  return `// ${enumName}\n` + lines.join('\n');
}
void prefixConsts;
const stamp = `// Generated by scripts/gen-event-table.mjs from falcosecurity/libs${libsCommit ? ' ' + libsCommit : ''}.\n// Do not edit by hand: change the generator and run it again.`;

const ptNames = [...consts.keys()].filter((k) => /^PT_/.test(k));
let ev = `${stamp}
//
// The event schema: one row per event code (both directions, every version), with the
// name libsinsp reports as evt.type, category, flags and the parameter layout (name,
// PT_* type, PF_* print format, and the flag table / dirfd / dynamic table it refers to).
// Kept as plain data so that a script can also emit a C header for the kernel probe.

${constBlock('PT_', 'parameter types (ppm_param_type)')}

${constBlock('PF_', 'print formats (ppm_print_format)')}

${constBlock('EC_', 'categories (ppm_event_category)')}

${constBlock('EF_', 'event flags (ppm_event_flags)')}

export const PPM_EVENT_MAX = ${EVENT_MAX};

/** One parameter: [name, PT_* type, PF_* format, extra?]. extra: a flag table name, \`{ dirfd: N }\` for FSRELPATH, or \`{ dyn: table }\` for PT_DYN. */
export type ParamRow = readonly [name: string, type: number, fmt: number, extra?: string | { readonly dirfd: number } | { readonly dyn: string }];
/** One event: [code, PPME_ id without prefix, name, category, flags, params]. */
export type EventRow = readonly [code: number, id: string, name: string, category: number, flags: number, params: readonly ParamRow[]];

export const PARAM_TYPE_NAMES: readonly string[] = [${ptNames.filter((k) => k !== 'PT_MAX').sort((a, b) => evalExpr(a) - evalExpr(b)).map((k) => `'${k.slice(3)}'`).join(', ')}];

export const EVENT_ROWS: readonly EventRow[] = [
`;
for (const e of events) {
  const params = e.params.map((p) => {
    let extra = '';
    if (p.flags) extra = `, '${p.flags}'`;
    else if (p.dirfd !== undefined) extra = `, { dirfd: ${p.dirfd} }`;
    else if (p.dyn) extra = `, { dyn: '${p.dyn}' }`;
    return `['${p.name}', ${p.type}, ${p.fmt}${extra}]`;
  });
  ev += `  [${e.code}, '${e.id}', '${e.name}', ${e.cat.replace(/ \| /g, ' | ')}, ${e.flags.replace(/ \| /g, ' | ')}, [${params.join(', ')}]],\n`;
}
ev += `];

/** Types of the parameters of PT_DYN parameters, by dynamic table and selector index: [PT_*, PF_*]. */
export const DYNAMIC_PARAM_TABLES: Readonly<Record<string, readonly (readonly [number, number])[]>> = {
${Object.entries(dynTables).map(([k, arr]) => `  ${k}: [${[...arr].map((x) => (x ? `[${x[0]}, ${x[1]}]` : '[PT_NONE, PF_NA]')).join(', ')}],`).join('\n')}
};
`;
writeFileSync(join(outDir, 'event-table.ts'), ev);

let ft = `${stamp}
//
// Name/value tables that flag and enum parameters refer to, in the order libsinsp walks
// them when it prints a value (e.g. open flags 4097 -> O_RDONLY|O_CLOEXEC).

export type FlagTable = readonly (readonly [name: string, value: number])[];

export const FLAG_TABLES: Readonly<Record<string, FlagTable>> = {
`;
for (const [k, rows] of Object.entries(flagTables)) {
  ft += `  ${k}: [${rows.map(([n, v]) => `['${n}', ${v}]`).join(', ')}],\n`;
}
ft += '};\n';
writeFileSync(join(outDir, 'flag-tables.ts'), ft);

let st = `${stamp}
//
// Syscall numbering: libs' own syscall codes (ppm_sc, carried by generic events' ID
// parameter) and the x86_64 native numbers with the event pair each one is routed to.

/** ppm_sc code -> lower-case name (index = code). */
export const PPM_SC_NAMES: readonly string[] = [${Array.from(ppmSc, (n) => `'${n ?? ''}'`).join(', ')}];

/** x86_64 syscall number -> name (index = number; '' where unassigned). */
export const X86_64_SYSCALL_NAMES: readonly string[] = [${Array.from({ length: x64.length }, (_, i) => `'${x64[i] ?? ''}'`).join(', ')}];

/** x86_64 syscalls that have a dedicated event pair: name -> [enter code, exit code]. Others arrive as generic \`syscall\` events. */
export const X86_64_ROUTED: Readonly<Record<string, readonly [number, number]>> = {
`;
for (const [name, [en, ex]] of routed) {
  if (!x64.includes(name)) continue;
  st += `  ${name}: [${evalExpr('PPME_' + en)}, ${evalExpr('PPME_' + ex)}],\n`;
}
st += '};\n';
writeFileSync(join(outDir, 'syscall-table.ts'), st);
console.log(`events: ${events.length}, flag tables: ${Object.keys(flagTables).length}, ppm_sc: ${ppmSc.length}, x86_64 syscalls: ${x64.filter(Boolean).length}`);

// ---- errno and signal names as libsinsp prints them (res=-2(ENOENT), sig=9(SIGKILL)) ----
{
  const utils = source('userspace/libsinsp/utils.cpp');
  const defs = new Map();
  for (const f of ['userspace/libsinsp/sinsp_errno.h', 'userspace/libsinsp/sinsp_signal.h']) {
    for (const m of source(f).matchAll(/#define (SE_\w+)\s+(\d+)/g)) defs.set(m[1], Number(m[2]));
  }
  const section = (fn) => {
    const start = utils.indexOf(`sinsp_utils::${fn}(`);
    const end = utils.indexOf('default:', start);
    const out = [];
    let pending = [];
    for (const m of utils.slice(start, end).matchAll(/case (SE_\w+):|return "(\w+)";/g)) {
      if (m[1]) pending.push(defs.get(m[1]));
      else { for (const v of pending) if (!out.some((o) => o[0] === v)) out.push([v, m[2]]); pending = []; }
    }
    return out;
  };
  const fmt = (rows) => rows.map(([v, n]) => `[${v}, '${n}']`).join(', ');
  writeFileSync(join(outDir, 'errno-signal-names.ts'), `${stamp}
//
// Names libsinsp gives to negative return values (errno) and to signal numbers when it
// prints event arguments.

/** errno value (positive) -> name. */
export const ERRNO_NAMES: ReadonlyMap<number, string> = new Map([${fmt(section('errno_to_str'))}]);

/** signal number -> name. */
export const SIGNAL_NAMES: ReadonlyMap<number, string> = new Map([${fmt(section('signal_to_str'))}]);
`);
}
