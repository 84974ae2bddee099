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

// One pass over the characters: a trailing '/', '//', '/.' or a leading '.' (three
// includes() calls cost more, and this runs for every opened file).
function needsWork(p: string): boolean {
  const n = p.length;
  if (p.charCodeAt(n - 1) === 47 || p.charCodeAt(0) === 46) return true;
  for (let i = 0; i < n - 1; i++) {
    if (p.charCodeAt(i) === 47) {
      const c = p.charCodeAt(i + 1);
      if (c === 47 || c === 46) return true;
    }
  }
  return false;
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
