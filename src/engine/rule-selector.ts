// The ways Falco picks rules by name or tag when enabling or disabling them: substring
// (`-D`, '' selects every rule), exact name, `*` wildcard (config `rules:` selectors) and
// tag intersection (`-t`, `-T`).

/** True when `name` contains `substring`; the empty string selects every rule. */
export const matchesSubstring = (substring: string, name: string): boolean =>
  substring === '' || name.includes(substring);

/**
 * Falco's wildcard match: `*` stands for any run of characters. Each literal piece after a
 * star is matched at its first occurrence (no backtracking), as Falco's own matcher does,
 * so `*ab` does not select `abab`.
 */
export function matchesWildcard(pattern: string, s: string): boolean {
  for (;;) {
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === s;
    if (star > 0) {
      if (pattern.slice(0, star) !== s.slice(0, star)) return false;
      pattern = pattern.slice(star);
      s = s.slice(star);
      continue;
    }
    let i = 0;
    while (i < pattern.length && pattern[i] === '*') i++;
    if (i === pattern.length) return true;
    const next = pattern.slice(i);
    const nextStar = next.indexOf('*');
    const literal = nextStar < 0 ? next : next.slice(0, nextStar);
    const at = s.indexOf(literal);
    if (at < 0) return false;
    pattern = next.slice(literal.length);
    s = s.slice(at + literal.length);
  }
}

/** True when the rule carries at least one of `tags`. */
export function hasAnyTag(ruleTags: readonly string[], tags: ReadonlySet<string>): boolean {
  for (const t of ruleTags) if (tags.has(t)) return true;
  return false;
}
