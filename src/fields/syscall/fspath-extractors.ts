// Extractors of the `fs.path` class and of evt.abspath: which parameter of which exit event
// names the path (libsinsp's per-event tables: only the calls listed there, only when they
// succeeded) and what a relative path is joined to. Paths relative to a directory fd are
// joined to that fd's name (openat's dirfd, linkat's olddir/newdir, renameat's
// olddirfd/newdirfd, symlinkat's linkdirfd), others to the thread's working directory.
//
// fs.path.source/target for links follow libsinsp, so Falco rules read them the same way:
// for link/linkat the source is the new name and the target the existing file; for
// symlink/symlinkat the source is the link and the target what it points to. A relative
// symlink content is joined to the directory of the link, where the kernel resolves it.
import { EVENT_INFO } from '../../events/event-info.js';
import type { EvalContext } from '../../state/eval-context.js';
import { dirfdBase } from '../../state/fd-parsers.js';
import { concatenatePaths } from '../../state/path-utils.js';
import type { Extractor } from '../field.js';
import { type BinderMap, plain } from './extractor-kit.js';

/** Where one path of an event is and how it is made absolute. */
interface PathSpec {
  /** Index of the path parameter (-1: the path is the event fd's name). */
  readonly param: number;
  /** Index of the directory fd parameter it is relative to (-1: the working directory). */
  readonly dirfd: number;
  /** For a symlink's contents: the spec of the link path, whose directory a relative content is joined to. */
  readonly linkOf?: PathSpec;
  /** openat family: the opened fd already carries the resolved name. */
  readonly opened?: boolean;
}

interface FsPathEntry {
  /** Success test: 'res' (return value 0) or 'fd' (returned fd not -1). */
  readonly success: 'res' | 'fd';
  readonly name?: PathSpec;
  readonly source?: PathSpec;
  readonly target?: PathSpec;
}

type Role = 'name' | 'source' | 'target';

/** Builds the table entry for every exit event (any layout) of `call`; parameter names missing from a layout leave it out. */
function build(): (FsPathEntry | undefined)[] {
  const table: (FsPathEntry | undefined)[] = new Array(EVENT_INFO.length);
  const add = (call: string, success: 'res' | 'fd', roles: Partial<Record<Role, [string, string?, string?]>>) => {
    for (const e of EVENT_INFO) {
      if (e.dir !== '<' || e.name !== call) continue;
      const idx = (n: string | undefined) => (n === undefined ? -1 : e.paramIndex.get(n) ?? -2);
      const entry: { success: 'res' | 'fd'; name?: PathSpec; source?: PathSpec; target?: PathSpec } = { success };
      let ok = true;
      const specs: Partial<Record<Role, PathSpec>> = {};
      for (const role of ['name', 'source', 'target'] as Role[]) {
        const r = roles[role];
        if (!r) continue;
        const [p, d] = r;
        const param = p === '<fd>' ? -1 : idx(p);
        const dirfd = idx(d);
        if (param === -2 || dirfd === -2) { ok = false; break; }
        specs[role] = { param, dirfd, opened: success === 'fd' && d !== undefined };
      }
      if (!ok) continue;
      for (const role of ['name', 'source', 'target'] as Role[]) {
        const s = specs[role];
        if (!s) continue;
        const link = roles[role]![2];
        entry[role] = link !== undefined ? { ...s, linkOf: specs[link as Role] } : s;
      }
      table[e.code] = entry;
    }
  };
  for (const c of ['mkdir', 'rmdir', 'unlink']) add(c, 'res', { name: ['path'] });
  add('mkdirat', 'res', { name: ['path', 'dirfd'] });
  add('unlinkat', 'res', { name: ['name', 'dirfd'] });
  add('open', 'fd', { name: ['name'] });
  add('openat', 'fd', { name: ['name', 'dirfd'] });
  add('openat2', 'fd', { name: ['name', 'dirfd'] });
  add('fchmodat', 'res', { name: ['filename', 'dirfd'] });
  add('chmod', 'res', { name: ['filename'] });
  add('fchmod', 'res', { name: ['<fd>'] });
  add('chown', 'res', { name: ['path'] });
  add('lchown', 'res', { name: ['path'] });
  add('fchown', 'res', { name: ['<fd>'] });
  add('fchownat', 'res', { name: ['pathname', 'dirfd'] });
  add('quotactl', 'res', { name: ['special'] });
  add('umount', 'res', { name: ['name'] });
  add('umount2', 'res', { name: ['name'] });
  add('rename', 'res', { source: ['oldpath'], target: ['newpath'] });
  add('renameat', 'res', { source: ['oldpath', 'olddirfd'], target: ['newpath', 'newdirfd'] });
  add('renameat2', 'res', { source: ['oldpath', 'olddirfd'], target: ['newpath', 'newdirfd'] });
  add('link', 'res', { source: ['newpath'], target: ['oldpath'] });
  add('linkat', 'res', { source: ['newpath', 'newdir'], target: ['oldpath', 'olddir'] });
  add('symlink', 'res', { source: ['linkpath'], target: ['target', undefined, 'source'] });
  add('symlinkat', 'res', { source: ['linkpath', 'linkdirfd'], target: ['target', undefined, 'source'] });
  add('mount', 'res', { source: ['dev'], target: ['dir'] });
  return table;
}

const FS_PATHS = build();

function succeeded(c: EvalContext, e: FsPathEntry): boolean {
  const v = c.evt.getParam(0);
  const r = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
  if (r === undefined) return false;
  return e.success === 'res' ? r === 0 : r !== -1;
}

function rawPath(c: EvalContext, s: PathSpec): string | undefined {
  if (s.param === -1) return c.fd?.name;
  const v = c.evt.getParam(s.param);
  return typeof v === 'string' ? v : undefined;
}

/** The directory a relative path of `s` is joined to ('<UNKNOWN>' for an fd not in the table). */
function baseOf(c: EvalContext, s: PathSpec, path: string): string {
  const t = c.thread!;
  if (s.dirfd < 0) return c.state.threads.cwd(t);
  const d = c.evt.getParam(s.dirfd);
  if (typeof d !== 'number' && typeof d !== 'bigint') return c.state.threads.cwd(t);
  const b = dirfdBase(c.state, t, path, Number(d));
  return b === '<UNKNOWN>' ? '<UNKNOWN>/' : b;
}

function absolute(c: EvalContext, s: PathSpec, p: string): string {
  if (p.charCodeAt(0) === 47) return concatenatePaths('', p);
  if (s.param === -1) return p;
  if (s.opened) {
    const r = c.evt.getParam(0);
    const f = typeof r === 'number' ? c.thread!.fds.get(r) : undefined;
    if (f && f === c.fd) return f.name;
  }
  if (s.linkOf) {
    const link = rawPath(c, s.linkOf);
    if (link === undefined) return p;
    const full = absolute(c, s.linkOf, link);
    const slash = full.lastIndexOf('/');
    return concatenatePaths(slash < 0 ? '' : full.slice(0, slash + 1), p);
  }
  return concatenatePaths(baseOf(c, s, p), p);
}

function fsPath(role: Role, raw: boolean): Extractor<EvalContext> {
  return (c) => {
    const e = FS_PATHS[c.evt.type];
    if (e === undefined) return undefined;
    const s = e[role];
    if (s === undefined || !succeeded(c, e)) return undefined;
    const p = rawPath(c, s);
    if (p === undefined) return undefined;
    if (raw) return p;
    if (c.thread === undefined) return undefined;
    return absolute(c, s, p);
  };
}

/** evt.abspath[.src|.dst]: [dirfd, path] parameter names per call, as libsinsp picks them (src = default). */
const ABSPATH: Record<string, { src: [string, string]; dst?: [string, string] }> = {
  renameat: { src: ['olddirfd', 'oldpath'], dst: ['newdirfd', 'newpath'] },
  renameat2: { src: ['olddirfd', 'oldpath'], dst: ['newdirfd', 'newpath'] },
  linkat: { src: ['olddir', 'oldpath'], dst: ['newdir', 'newpath'] },
  symlinkat: { src: ['linkdirfd', 'linkpath'], dst: ['linkdirfd', 'linkpath'] },
  openat: { src: ['dirfd', 'name'], dst: ['dirfd', 'name'] },
  openat2: { src: ['dirfd', 'name'], dst: ['dirfd', 'name'] },
  unlinkat: { src: ['dirfd', 'name'], dst: ['dirfd', 'name'] },
  mkdirat: { src: ['dirfd', 'path'], dst: ['dirfd', 'path'] },
  fchmodat: { src: ['dirfd', 'filename'], dst: ['dirfd', 'filename'] },
  fchownat: { src: ['dirfd', 'pathname'], dst: ['dirfd', 'pathname'] },
};

/** Per event code and argument (0 = plain/src, 1 = dst): parameter indexes [dirfd, path], or undefined. */
function abspathTable(which: 0 | 1): (readonly [number, number] | undefined)[] {
  return EVENT_INFO.map((e) => {
    if (e.dir !== '<') return undefined;
    const a = ABSPATH[e.name];
    const pair = a && (which === 1 ? a.dst : a.src);
    if (!pair) return undefined;
    const d = e.paramIndex.get(pair[0]), p = e.paramIndex.get(pair[1]);
    return d === undefined || p === undefined ? undefined : [d, p] as const;
  });
}

function abspath(which: 0 | 1): Extractor<EvalContext> {
  const table = abspathTable(which);
  return (c) => {
    const t = c.thread;
    if (!t) return undefined;
    const evt = c.evt;
    if (evt.info?.name === 'open_by_handle_at') {
      const r = evt.getParam(0), p = evt.param('path');
      return typeof r === 'number' && r > 0 && typeof p === 'string' ? concatenatePaths('', p) : undefined;
    }
    const ix = table[evt.type];
    if (!ix) return undefined;
    const d = evt.getParam(ix[0]), p = evt.getParam(ix[1]);
    if (typeof p !== 'string' || p === '' || (typeof d !== 'number' && typeof d !== 'bigint')) return undefined;
    if (p.charCodeAt(0) === 47) return concatenatePaths('', p);
    const b = dirfdBase(c.state, t, p, Number(d));
    return concatenatePaths(b === '<UNKNOWN>' ? '<UNKNOWN>/' : b, p);
  };
}

export function addFsPathBinders(m: BinderMap): void {
  plain(m, {
    'fs.path.name': fsPath('name', false),
    'fs.path.nameraw': fsPath('name', true),
    'fs.path.source': fsPath('source', false),
    'fs.path.sourceraw': fsPath('source', true),
    'fs.path.target': fsPath('target', false),
    'fs.path.targetraw': fsPath('target', true),
  });
  m.set('evt.abspath', (arg) => abspath(arg === 'dst' ? 1 : 0));
}
