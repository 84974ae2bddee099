// Domain names for fd.cip.name, fd.sip.name, fd.lip.name and fd.rip.name. Falco resolves
// the names that conditions compare these fields with and gives a socket address the name
// whose addresses contain it. tercel learns those names from the loaded rules at start-up
// and resolves them in the background (at start, on a timer, and when /etc/hosts changes),
// so the fields only read two maps on the hot path and never wait for a lookup.
//
// Lookups go as the system's "files dns" order does: the hosts file first (read here), then
// DNS through Node's c-ares Resolver. Not getaddrinfo: its calls block libuv's threads, which
// file I/O shares, for as long as a dead name server makes them wait, cannot be cancelled,
// and keep the process from exiting until they time out (libuv joins its threads at exit).
import { Resolver } from 'node:dns/promises';
import { unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';
import { ipv6Text, isV4Mapped } from '../events/ip-text.js';
import { ipv6Bytes } from './host-info-reader.js';
import { NameLookupQueue } from './name-lookup-queue.js';

/** One address a name resolves to, as node:dns lookup({ all: true }) gives it. */
export interface ResolvedAddress { readonly address: string; readonly family: number }

/** Resolves one name to all its addresses; rejects (or gives none) when it does not resolve. */
export type NameResolver = (name: string) => Promise<readonly ResolvedAddress[]>;

export interface DnsNameCacheOptions {
  /** Default: the hosts file's entries, else DNS (A and AAAA) through c-ares; cancelled by stop(). */
  resolver?: NameResolver;
  /** How often every name is resolved again, in ms (default 10 s, as Falco's first refresh); 0 for never. */
  refreshMs?: number;
  /** Name servers for the default resolver (`address[:port]`); default: those of /etc/resolv.conf. */
  dnsServers?: readonly string[];
  /** The hosts file, watched: its entries for the names count as soon as it changes (default /etc/hosts); false for none. */
  hostsFile?: string | false;
}

/** DNS error codes that mean "no such name or no address of this family", not a failure to ask. */
const NO_ANSWER = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'ENONAME']);

/** A and AAAA records of `name`; rejects when neither family answered and the server could not be asked. */
async function dnsLookup(r: Resolver, name: string): Promise<ResolvedAddress[]> {
  const [v4, v6] = await Promise.allSettled([r.resolve4(name), r.resolve6(name)]);
  const out: ResolvedAddress[] = [];
  if (v4.status === 'fulfilled') for (const address of v4.value) out.push({ address, family: 4 });
  if (v6.status === 'fulfilled') for (const address of v6.value) out.push({ address, family: 6 });
  if (out.length > 0) return out;
  const failed = [v4, v6].find((x): x is PromiseRejectedResult => x.status === 'rejected' && !NO_ANSWER.has((x.reason as { code?: string })?.code ?? ''));
  if (failed) throw failed.reason;
  return out;
}

/** Unchanged results double the wait before the next round, up to this (Falco's limit too). */
const MAX_REFRESH_MS = 320_000;

type AddressKey = number | string;

export class DnsNameCache {
  /**
   * The process-wide cache that states use unless given another (libsinsp also has one DNS
   * manager per process); the app fills it from the loaded rules.
   */
  static readonly shared = new DnsNameCache();

  readonly #refreshMs: number;
  readonly #hostsFile: string | false;
  readonly #lookups: NameLookupQueue;
  #names: readonly string[] = [];
  #listed = new Set<string>();
  /** Each name's last addresses. */
  #byName = new Map<string, readonly AddressKey[]>();
  /** Names whose last lookup was slow: looked up after the others. */
  #slow = new Set<string>();
  /** The hosts file's addresses for the listed names, as of its last read. */
  #inHosts = new Map<string, ResolvedAddress[]>();
  /** The DNS client of the default resolver; its queries are cancelled by stop(). */
  readonly #dns = new Resolver({ timeout: 2000, tries: 2 });
  // IPv4 addresses as 32-bit numbers, IPv6 as their compressed text: each to the first
  // name (in rule order) that resolves to it
  #v4 = new Map<number, string>();
  #v6 = new Map<string, string>();
  #started = false;
  /** Bumped by stop(): a round of an earlier start() schedules no more rounds. */
  #epoch = 0;
  #changed = false;
  #delayMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #dirWatcher: FSWatcher | undefined;
  #fileWatcher: FSWatcher | undefined;
  #polled: ((cur: Stats, prev: Stats) => void) | undefined;
  #hostsReading: Promise<void> | undefined;
  #hostsAgain = false;

  constructor(opts: DnsNameCacheOptions = {}) {
    this.#refreshMs = opts.refreshMs ?? 10_000;
    this.#hostsFile = opts.hostsFile ?? '/etc/hosts';
    if (opts.dnsServers) this.#dns.setServers([...opts.dnsServers]);
    const resolver: NameResolver = opts.resolver ?? (async (name) => this.#inHosts.get(name) ?? dnsLookup(this.#dns, name));
    this.#lookups = new NameLookupQueue(resolver, (n, a, slow) => this.#take(n, a, slow));
  }

  /** The names to resolve (duplicates dropped, order kept); addresses of names no longer listed are forgotten. */
  setNames(names: Iterable<string>): void {
    this.#names = [...new Set([...names].filter((n) => n !== ''))];
    this.#listed = new Set(this.#names);
    this.#lookups.clear();
    for (const n of [...this.#byName.keys()]) if (!this.#listed.has(n)) this.#byName.delete(n);
    this.#rebuild();
  }

  get names(): readonly string[] { return this.#names; }

  /** The name whose addresses contain `ip` (4 or 16 bytes), or undefined. Hot path: no lookup. */
  nameOf(ip: Uint8Array | undefined): string | undefined {
    if (!ip) return undefined;
    if (ip.length === 4) {
      if (this.#v4.size === 0) return undefined;
      return this.#v4.get(v4Key(ip, 0));
    }
    if (ip.length !== 16 || this.#v6.size === 0) return undefined;
    return this.#v6.get(ipv6Text(ip));
  }

  /**
   * Resolves every name now and keeps resolving them in the background; the promise settles
   * when each name has been looked up once (one that does not resolve has no addresses).
   */
  start(): Promise<void> {
    this.stop();
    if (this.#names.length === 0) return Promise.resolve();
    this.#started = true;
    this.#delayMs = this.#refreshMs;
    if (this.#hostsFile === false) return this.#round();
    const epoch = this.#epoch;
    this.#watchHosts(this.#hostsFile);
    // the hosts file is read before the first round, which then takes its entries as they are
    return this.#hostsChanged(this.#hostsFile).then(() => (epoch === this.#epoch ? this.#round() : undefined));
  }

  /** Stops the background refreshes, the lookups under way and the hosts-file watch; the names keep their last addresses. */
  stop(): void {
    this.#lookups.clear();
    this.#dns.cancel();
    this.#started = false;
    this.#epoch++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirWatcher?.close();
    this.#dirWatcher = undefined;
    this.#fileWatcher?.close();
    this.#fileWatcher = undefined;
    if (this.#polled && this.#hostsFile !== false) unwatchFile(this.#hostsFile, this.#polled);
    this.#polled = undefined;
  }

  /**
   * Looks every name up again, `first` ahead of the others and names that were slow last;
   * settles when all are done. Lookups already waiting or under way are shared.
   */
  refresh(first: Iterable<string> = []): Promise<void> {
    const urgent = [...first].filter((n) => this.#listed.has(n));
    const done = urgent.map((n) => this.#lookups.request(n, true));
    const rest = this.#names.filter((n) => !urgent.includes(n));
    for (const n of rest) if (!this.#slow.has(n)) done.push(this.#lookups.request(n));
    for (const n of rest) if (this.#slow.has(n)) done.push(this.#lookups.request(n));
    return Promise.all(done).then(() => {});
  }

  /** A timed round; the next one comes sooner when something changed, later when nothing did. */
  #round(): Promise<void> {
    const epoch = this.#epoch;
    this.#changed = false;
    return this.refresh().then(() => {
      this.#delayMs = this.#changed ? this.#refreshMs : Math.min(this.#delayMs * 2, MAX_REFRESH_MS);
      if (!this.#started || epoch !== this.#epoch || this.#refreshMs <= 0) return;
      this.#timer = setTimeout(() => void this.#round(), this.#delayMs);
      this.#timer.unref();
    });
  }

  #take(name: string, addresses: readonly ResolvedAddress[], slow?: boolean): void {
    if (!this.#listed.has(name)) return;
    if (slow === true) this.#slow.add(name); else if (slow === false) this.#slow.delete(name);
    const keys = addressKeys(addresses);
    if (sameKeys(this.#byName.get(name), keys)) return;
    this.#byName.set(name, keys);
    this.#changed = true;
    this.#rebuild();
  }

  /** New maps, swapped whole: the hot path never sees a half-built one. */
  #rebuild(): void {
    const v4 = new Map<number, string>(), v6 = new Map<string, string>();
    for (const name of this.#names) {
      for (const k of this.#byName.get(name) ?? []) {
        if (typeof k === 'number') { if (!v4.has(k)) v4.set(k, name); } else if (!v6.has(k)) v6.set(k, name);
      }
    }
    this.#v4 = v4;
    this.#v6 = v6;
  }

  /**
   * Three watches, since no single one sees every way the file changes: the directory (tools
   * often replace the file by a rename), the file itself (a file bind-mounted into a container
   * or sandbox, as /etc/hosts often is, changes without any event on its directory), and a
   * stat poll every 2 s for when inotify is missing or out of watches.
   */
  #watchHosts(file: string): void {
    const base = basename(file);
    try {
      this.#dirWatcher = watch(dirname(file), { persistent: false }, (_ev, f) => {
        if (f !== null && f !== base) return;
        void this.#hostsChanged(file);
        this.#watchHostsFile(file);
      });
      this.#dirWatcher.on('error', () => this.#dirWatcher?.close());
    } catch {
      // no inotify for the directory: the file watch and the poll remain
    }
    this.#watchHostsFile(file);
    this.#polled = (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) void this.#hostsChanged(file);
    };
    watchFile(file, { persistent: false, interval: 2000 }, this.#polled);
  }

  /** (Re)arms the watch on the file's inode; a rename of the file means a new inode to watch. */
  #watchHostsFile(file: string): void {
    this.#fileWatcher?.close();
    this.#fileWatcher = undefined;
    try {
      const w = watch(file, { persistent: false }, (ev) => {
        void this.#hostsChanged(file);
        if (ev === 'rename' && this.#fileWatcher === w) this.#watchHostsFile(file);
      });
      w.on('error', () => w.close());
      this.#fileWatcher = w;
    } catch {
      // the file is missing just now (mid-replacement) or inotify is unavailable
    }
  }

  /**
   * The hosts file changed: read it (again). One change reaches up to three watches, so a
   * read already under way takes the others: it reads once more when it ends, and reads
   * never overlap (an older read finishing last cannot undo a newer one).
   */
  #hostsChanged(file: string): Promise<void> {
    if (this.#hostsReading) { this.#hostsAgain = true; return this.#hostsReading; }
    const reading = (async () => {
      do { this.#hostsAgain = false; await this.#readHosts(file); } while (this.#hostsAgain);
    })();
    this.#hostsReading = reading.finally(() => { this.#hostsReading = undefined; });
    return this.#hostsReading;
  }

  /**
   * The names the hosts file lists take its addresses at once, as the system resolver would
   * give them (it reads the file before asking DNS), without waiting behind lookups of other
   * names; names it no longer lists are looked up again.
   */
  async #readHosts(file: string): Promise<void> {
    const text = await readFile(file, 'utf8').catch(() => '');
    const now = new Map<string, ResolvedAddress[]>();
    for (const line of text.split('\n')) {
      const [address, ...names] = line.split('#')[0]!.trim().split(/\s+/);
      if (!address || names.length === 0) continue;
      const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
      if (family === 0) continue;
      for (const n of names) if (this.#listed.has(n)) { let l = now.get(n); if (!l) now.set(n, (l = [])); l.push({ address, family }); }
    }
    const gone = [...this.#inHosts.keys()].filter((n) => !now.has(n) && this.#listed.has(n));
    this.#inHosts = now;
    for (const [n, addresses] of now) { this.#lookups.supersede(n); this.#take(n, addresses); }
    for (const n of gone) { this.#lookups.supersede(n); this.#take(n, []); }
    await Promise.all(gone.map((n) => this.#lookups.request(n, true)));
  }
}

function addressKeys(list: readonly ResolvedAddress[]): AddressKey[] {
  const out: AddressKey[] = [];
  for (const a of list) { const k = addressKey(a.address); if (k !== undefined && !out.includes(k)) out.push(k); }
  return out;
}

function sameKeys(a: readonly AddressKey[] | undefined, b: readonly AddressKey[]): boolean {
  return a !== undefined && a.length === b.length && a.every((k) => b.includes(k));
}

/** The IPv4 address of the 4 bytes at `o` as the unsigned 32-bit number the v4 map is keyed by. */
function v4Key(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** IPv4 as a 32-bit number, IPv6 as compressed text (IPv4-mapped as IPv4), undefined for anything else. */
function addressKey(text: string): number | string | undefined {
  if (isIPv4(text)) {
    const p = text.split('.');
    return ((+p[0] << 24) | (+p[1] << 16) | (+p[2] << 8) | +p[3]) >>> 0;
  }
  if (!isIPv6(text)) return undefined;
  const b = ipv6Bytes(text);
  if (isV4Mapped(b)) return v4Key(b, 12);
  return ipv6Text(b);
}
