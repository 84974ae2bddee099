// The domain names that loaded rules compare fd.cip.name, fd.sip.name, fd.lip.name and
// fd.rip.name with (`=`, `!=`, `in`: the operators Falco resolves names for), handed to the
// state's DnsNameCache at start-up so that the names are resolved before events are judged
// and refreshed in the background, never while an event is evaluated.
import type { Expr } from '../filter/index.js';
import type { CompiledRule } from '../rules/index.js';
import { DnsNameCache } from '../state/dns-name-cache.js';

const DNS_FIELDS: ReadonlySet<string> = new Set(['fd.cip.name', 'fd.sip.name', 'fd.lip.name', 'fd.rip.name']);
const DNS_OPS: ReadonlySet<string> = new Set(['=', '==', '!=', 'in']);

/** Appends to `out` the names a condition (macros and lists expanded) compares those fields with. */
export function dnsNamesInCondition(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'and': case 'or': for (const c of e.children) dnsNamesInCondition(c, out); break;
    case 'not': dnsNamesInCondition(e.child, out); break;
    case 'binary':
      if (e.left.kind !== 'field' || !DNS_FIELDS.has(e.left.name) || !DNS_OPS.has(e.op) || e.modifier) break;
      if (e.right.kind === 'value') out.push(e.right.value);
      else if (e.right.kind === 'list') for (const v of e.right.items) out.push(v.value);
      break;
    default: break;
  }
  return out;
}

/** The names of every syscall rule, in rule order, each once. */
export function ruleDnsNames(rules: readonly CompiledRule[]): string[] {
  const out: string[] = [];
  for (const r of rules) if (r.source === 'syscall') dnsNamesInCondition(r.ast, out);
  return [...new Set(out)];
}

export interface RuleDnsNamesOptions {
  /** Default: DnsNameCache.shared, the one states read unless given another. */
  cache?: DnsNameCache;
  /** How long start-up waits for the first round of lookups (default 3 s); they go on after. */
  waitMs?: number;
  log?: (message: string) => void;
}

/**
 * Gives the rules' names to the cache and starts resolving them; settles once the first round
 * is done or `waitMs` has passed (a replay would otherwise run before any name resolves).
 */
export async function startRuleDnsNames(rules: readonly CompiledRule[], o: RuleDnsNamesOptions = {}): Promise<{ readonly names: readonly string[]; stop(): void }> {
  const cache = o.cache ?? DnsNameCache.shared;
  const names = ruleDnsNames(rules);
  cache.setNames(names);
  if (names.length === 0) return { names, stop: () => cache.stop() };
  o.log?.(`Resolving ${names.length} domain name(s) compared with fd.*ip.name in the rules`);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((r) => { timer = setTimeout(r, o.waitMs ?? 3000); });
  await Promise.race([cache.start(), waited]);
  clearTimeout(timer);
  return { names, stop: () => cache.stop() };
}
