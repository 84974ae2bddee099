// `pmatch`: a path matches when one of the listed paths is a prefix of it component by
// component (`/var/run` matches `/var/run/docker` but not `/var/running`). Empty components
// are ignored; a component with glob characters matches by glob, as libsinsp's prefix map does.
import { compileGlob } from './glob-matcher.js';

type Component = string | ((s: string) => boolean);

const split = (p: string): string[] => p.split('/').filter((c) => c.length > 0);

export function compilePathPrefixes(paths: readonly string[]): (s: string) => boolean {
  const patterns: Component[][] = paths.map((p) => split(p).map((c) => (/[?*[]/.test(c) ? compileGlob(c) : c)));
  // `/` (or an empty entry) is a prefix of everything
  if (patterns.some((p) => p.length === 0)) return () => true;
  const plain = patterns.every((p) => p.every((c) => typeof c === 'string'));
  const prefixes = plain ? new Set(patterns.map((p) => p.join('/'))) : undefined;
  const maxDepth = Math.max(0, ...patterns.map((p) => p.length));
  return (value) => {
    const comps = split(value);
    if (prefixes) {
      // walk the value's prefixes, shortest first, and look each one up
      let acc = '';
      for (let i = 0; i < comps.length && i < maxDepth; i++) {
        acc = i === 0 ? comps[0] : `${acc}/${comps[i]}`;
        if (prefixes.has(acc)) return true;
      }
      return false;
    }
    return patterns.some((p) => p.length <= comps.length &&
      p.every((c, i) => (typeof c === 'string' ? c === comps[i] : c(comps[i]))));
  };
}
