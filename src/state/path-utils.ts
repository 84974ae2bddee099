// Path joining as libsinsp does it for fd names and working directories: a relative path
// is appended to a base (which ends in '/'), then '.', '..' and repeated slashes are folded
// and a trailing slash dropped (except for '/').

export function concatenatePaths(base: string, path: string): string {
  if (path.length > 0 && path.charCodeAt(0) === 47 /* / */) return normalizePath(path);
  if (path.length === 0) return normalizePath(base);
  return normalizePath(base + path);
}

/** Folds '.', '..' and '//' ; keeps a leading '/' when present. Fast path for clean paths. */
export function normalizePath(p: string): string {
  if (p.length > 1 && !needsWork(p)) return p;
  const abs = p.charCodeAt(0) === 47;
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { out.pop(); continue; }
    out.push(seg);
  }
  const joined = out.join('/');
  return abs ? '/' + joined : joined;
}

// A trailing '/', '//', '/.' or a leading '.': one regular expression (native code) costs
// less than three includes() calls, and than a charCodeAt loop until V8 optimizes it, on a
// check made for every opened file.
const NEEDS_WORK = /\/[/.]|^\.|\/$/;

function needsWork(p: string): boolean {
  return NEEDS_WORK.test(p);
}

/** Directory part as fd.directory gives it for a file name. */
export function dirName(name: string): string {
  const pos = name.lastIndexOf('/');
  if (pos <= 0) return '/';
  return pos < name.length - 1 ? name.slice(0, pos) : name;
}

/** Last component as fd.filename gives it. */
export function baseName(name: string): string {
  const pos = name.lastIndexOf('/');
  if (pos < 0) return '/';
  return pos < name.length - 1 ? name.slice(pos + 1) : name;
}
