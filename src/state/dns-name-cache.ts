// Domain names for fd.cip.name, fd.sip.name, fd.lip.name and fd.rip.name. Falco resolves
// the names that conditions compare these fields with and gives a socket address the name
// whose addresses contain it. tercel learns those names from the loaded rules at start-up
// and resolves them in the background (at start, on a timer, and when /etc/hosts changes),
// so the fields only read two maps on the hot path and never wait for a lookup.
import { lookup } from 'node:dns/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isIPv4, isIPv6 } from 'node:net';
import { ipv6Text, isV4Mapped } from '../events/ip-text.js';
import { ipv6Bytes } from './host-info-reader.js';

/** One address a name resolves to, as node:dns lookup({ all: true }) gives it. */
export interface ResolvedAddress { readonly address: string; readonly family: number }

/** Resolves one name to all its addresses; rejects (or gives none) when it does not resolve. */
export type NameResolver = (name: string) => Promise<readonly ResolvedAddress[]>;

export interface DnsNameCacheOptions {
  /** Default: the system resolver (getaddrinfo, so /etc/hosts counts), every address family. */
  resolver?: NameResolver;
  /** How often every name is resolved again, in ms (default 10 s, as Falco's first refresh); 0 for never. */
  refreshMs?: number;
  /** A file whose changes trigger a refresh (default /etc/hosts); false for none. */
  hostsFile?: string | false;
}

const systemResolver: NameResolver = (name) => lookup(name, { all: true, verbatim: true });

/**
 * Lookups at once: the system resolver runs on libuv's small thread pool, which file I/O
 * shares, so a slow DNS server must not take all of it.
 */
const LOOKUPS_AT_ONCE = 2;
/** Unchanged results double the wait before the next round, up to this (Falco's limit too). */
const MAX_REFRESH_MS = 320_000;

type AddressKey = number | string;

export class DnsNameCache {
  /**
   * The process-wide cache that states use unless given another (libsinsp also has one DNS
   * manager per process); the app fills it from the loaded rules.
   */
  static readonly shared = new DnsNameCache();

  readonly #resolver: NameResolver;
  readonly #refreshMs: number;
  readonly #hostsFile: string | false;
  #names: readonly string[] = [];
  /** Each name's last addresses. */
  #byName = new Map<string, readonly AddressKey[]>();
  // IPv4 addresses as 32-bit numbers, IPv6 as their compressed text: each to the first
  // name (in rule order) that resolves to it
  #v4 = new Map<number, string>();
  #v6 = new Map<string, string>();
  #started = false;
  #delayMs = 0;
  #timer: NodeJS.Timeout | undefined;
  #watcher: FSWatcher | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #generation = 0;

  constructor(opts: DnsNameCacheOptions = {}) {
    this.#resolver = opts.resolver ?? systemResolver;
    this.#refreshMs = opts.refreshMs ?? 10_000;
    this.#hostsFile = opts.hostsFile ?? '/etc/hosts';
  }

  /** The names to resolve (duplicates dropped, order kept); addresses of names no longer listed are forgotten. */
  setNames(names: Iterable<string>): void {
    this.#names = [...new Set([...names].filter((n) => n !== ''))];
    this.#generation++;
    const keep = new Set(this.#names);
    for (const n of [...this.#byName.keys()]) if (!keep.has(n)) this.#byName.delete(n);
    this.#rebuild();
  }

  get names(): readonly string[] { return this.#names; }

  /** The name whose addresses contain `ip` (4 or 16 bytes), or undefined. Hot path: no lookup. */
  nameOf(ip: Uint8Array | undefined): string | undefined {
    if (!ip) return undefined;
    if (ip.length === 4) {
      if (this.#v4.size === 0) return undefined;
      return this.#v4.get(((ip[0] << 24) | (ip[1] << 16) | (ip[2] << 8) | ip[3]) >>> 0);
    }
    if (ip.length !== 16 || this.#v6.size === 0) return undefined;
    return this.#v6.get(ipv6Text(ip));
  }

  /**
   * Resolves every name now and keeps resolving them in the background; the promise settles
   * when the first round is done (a name that does not resolve has no addresses).
   */
  start(): Promise<void> {
    this.stop();
    if (this.#names.length === 0) return Promise.resolve();
    this.#started = true;
    this.#delayMs = this.#refreshMs;
    if (this.#hostsFile !== false) this.#watchHosts(this.#hostsFile);
    return this.refresh();
  }

  /** Stops the background refreshes and the hosts-file watch; the names keep their last addresses. */
  stop(): void {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  /** Resolves every name again; asked for while a round runs, it runs once that round ends. */
  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      // settles with the round that follows (started by the running round's end)
      return this.#running.then(() => this.#running);
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#resolveAll().then((changed) => {
      this.#running = undefined;
      if (this.#again) { this.#again = false; void this.refresh(); return; }
      this.#delayMs = changed ? this.#refreshMs : Math.min(this.#delayMs * 2, MAX_REFRESH_MS);
      if (this.#started && this.#refreshMs > 0) {
        this.#timer = setTimeout(() => void this.refresh(), this.#delayMs);
        this.#timer.unref();
      }
    });
    return this.#running;
  }

  /** One round; each name's addresses count as soon as they arrive. True when any changed. */
  async #resolveAll(): Promise<boolean> {
    const generation = this.#generation;
    const names = this.#names;
    let next = 0, changed = false;
    const worker = async (): Promise<void> => {
      while (next < names.length && generation === this.#generation) {
        const name = names[next++]!;
        const keys = await this.#resolver(name).then(addressKeys, () => []);
        // the list changed meanwhile: this result is for a name that may be gone
        if (generation !== this.#generation) return;
        if (sameKeys(this.#byName.get(name), keys)) continue;
        this.#byName.set(name, keys);
        this.#rebuild();
        changed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, names.length) }, worker));
    return changed;
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

  #watchHosts(file: string): void {
    // the directory is watched, since tools often replace the file by a rename
    try {
      const name = basename(file);
      this.#watcher = watch(dirname(file), { persistent: false }, (_ev, f) => {
        if (f !== null && f !== name) return;
        this.#delayMs = this.#refreshMs;
        void this.refresh();
      });
      this.#watcher.on('error', () => this.#watcher?.close());
    } catch {
      // no inotify here: the timer alone keeps the names fresh
    }
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

/** IPv4 as a 32-bit number, IPv6 as compressed text (IPv4-mapped as IPv4), undefined for anything else. */
function addressKey(text: string): number | string | undefined {
  if (isIPv4(text)) {
    const p = text.split('.');
    return ((+p[0] << 24) | (+p[1] << 16) | (+p[2] << 8) | +p[3]) >>> 0;
  }
  if (!isIPv6(text)) return undefined;
  const b = ipv6Bytes(text);
  if (isV4Mapped(b)) return ((b[12] << 24) | (b[13] << 16) | (b[14] << 8) | b[15]) >>> 0;
  return ipv6Text(b);
}
