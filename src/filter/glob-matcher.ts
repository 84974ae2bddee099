// fnmatch(3) without flags (optionally with FNM_CASEFOLD), as libsinsp's glob/iglob use it:
// `*` also matches `/`, `?` one character, `[...]` classes with `!`/`^` negation, ranges and
// [:classes:], `\` escapes. Matching is iterative (one backtrack point per star): linear-ish,
// never exponential.

type Tok = { t: 'lit'; c: string } | { t: 'one' } | { t: 'star' } | { t: 'set'; neg: boolean; test: (c: string) => boolean };

const POSIX_CLASSES: Record<string, RegExp> = {
  alpha: /[A-Za-z]/, digit: /[0-9]/, alnum: /[A-Za-z0-9]/, upper: /[A-Z]/, lower: /[a-z]/,
  space: /[ \t\n\v\f\r]/, blank: /[ \t]/, punct: /[!-\/:-@\[-`{-~]/, xdigit: /[0-9A-Fa-f]/,
  cntrl: /[\x00-\x1f\x7f]/, print: /[ -~]/, graph: /[!-~]/,
};

const lowerAscii = (c: string) => (c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c);

function tokenize(p: string, fold: boolean): Tok[] {
  const toks: Tok[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') { if (toks[toks.length - 1]?.t !== 'star') toks.push({ t: 'star' }); continue; }
    if (c === '?') { toks.push({ t: 'one' }); continue; }
    if (c === '\\' && i + 1 < p.length) { toks.push({ t: 'lit', c: fold ? lowerAscii(p[++i]) : p[++i] }); continue; }
    if (c === '[') {
      const set = parseSet(p, i + 1, fold);
      if (set) { toks.push(set.tok); i = set.end; continue; }
    }
    toks.push({ t: 'lit', c: fold ? lowerAscii(c) : c });
  }
  return toks;
}

/** Parses a bracket expression starting after `[`; returns undefined when unterminated (then `[` is literal). */
function parseSet(p: string, start: number, fold: boolean): { tok: Tok; end: number } | undefined {
  let i = start;
  let neg = false;
  if (p[i] === '!' || p[i] === '^') { neg = true; i++; }
  const tests: ((c: string) => boolean)[] = [];
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    if (p[i] === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      const rx = close > 0 ? POSIX_CLASSES[p.slice(i + 2, close)] : undefined;
      if (rx) { tests.push((c) => rx.test(c)); i = close + 2; continue; }
    }
    let lo = p[i];
    if (lo === '\\' && i + 1 < p.length) lo = p[++i];
    i++;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      let hi = p[i + 1];
      i += 2;
      if (hi === '\\' && i < p.length) hi = p[i++];
      const a = lo, b = hi;
      tests.push((c) => c >= a && c <= b);
    } else {
      const a = lo;
      tests.push((c) => c === a);
    }
  }
  if (i >= p.length) return undefined;
  const test = fold
    ? (c: string) => tests.some((f) => f(c) || f(c.toUpperCase()) || f(lowerAscii(c)))
    : (c: string) => tests.some((f) => f(c));
  return { tok: { t: 'set', neg, test }, end: i };
}

function matchOne(tok: Tok, c: string): boolean {
  switch (tok.t) {
    case 'lit': return tok.c === c;
    case 'one': return true;
    case 'set': return tok.test(c) !== tok.neg;
    default: return false;
  }
}

/** Compiles `pattern` into a predicate; common shapes (`abc`, `abc*`, `*abc`, `*abc*`) become string methods. */
export function compileGlob(pattern: string, caseInsensitive = false): (s: string) => boolean {
  const toks = tokenize(pattern, caseInsensitive);
  const fold = caseInsensitive ? (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : (s: string) => s;
  const lits = (ts: Tok[]) => (ts.every((t) => t.t === 'lit') ? ts.map((t) => (t as { c: string }).c).join('') : undefined);
  const n = toks.length;
  const starAt = (i: number) => toks[i]?.t === 'star';
  if (n > 0) {
    const whole = lits(toks);
    if (whole !== undefined) return (s) => fold(s) === whole;
    if (starAt(n - 1) && !toks.slice(0, -1).some((t) => t.t === 'star')) {
      const pre = lits(toks.slice(0, -1));
      if (pre !== undefined) return (s) => fold(s).startsWith(pre);
    }
    if (starAt(0) && !toks.slice(1).some((t) => t.t === 'star')) {
      const suf = lits(toks.slice(1));
      if (suf !== undefined) return (s) => fold(s).endsWith(suf);
    }
    if (n >= 2 && starAt(0) && starAt(n - 1) && !toks.slice(1, -1).some((t) => t.t === 'star')) {
      const mid = lits(toks.slice(1, -1));
      if (mid !== undefined) return (s) => fold(s).includes(mid);
    }
  }
  return (input) => {
    const s = fold(input);
    let ti = 0, si = 0, starT = -1, starS = 0;
    while (si < s.length) {
      if (ti < n && toks[ti].t === 'star') { starT = ti++; starS = si; continue; }
      if (ti < n && matchOne(toks[ti], s[si])) { ti++; si++; continue; }
      if (starT < 0) return false;
      ti = starT + 1;
      si = ++starS;
    }
    while (ti < n && toks[ti].t === 'star') ti++;
    return ti === n;
  };
}
