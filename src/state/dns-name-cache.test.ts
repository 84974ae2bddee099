// DnsNameCache with an injected resolver that reads a hosts-style file, as getaddrinfo reads
// /etc/hosts: names resolve in the background, the fields read the results, a change of the
// file is picked up without waiting for the timer, and a socket's server address is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isIPv4 } from 'node:net';
import { newThreadRecord } from '../capture/scap-header-records.js';
import { createDefaultRegistry } from '../fields/index.js';
import { syscallBinders } from '../fields/syscall/binders.js';
import { DnsNameCache, type NameResolver } from './dns-name-cache.js';
import type { EvalContext } from './eval-context.js';
import { SyscallState } from './syscall-state.js';
import { testEvent } from './test-event-builder.js';

/** A resolver over a hosts-style file (`address name...` lines), read at each lookup. */
function hostsResolver(file: string): NameResolver {
  return async (name) => {
    const out = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [address, ...names] = line.split('#')[0]!.trim().split(/\s+/);
      if (address && names.includes(name)) out.push({ address, family: isIPv4(address) ? 4 : 6 });
    }
    if (out.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return out;
  };
}

function tempHosts(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tercel-dns-'));
  const file = join(dir, 'hosts');
  writeFileSync(file, text);
  return { dir, file };
}

const ip = (...b: number[]) => Uint8Array.from(b);
const v6 = (...g: number[]) => Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff]));

test('names resolve to IPv4 and IPv6 addresses; the first name in order owns a shared address', async () => {
  const { dir, file } = tempHosts('127.0.0.1 localhost\n10.9.8.7 pool.example mirror.example\n2001:db8::7 pool.example\n10.9.8.6 other.example\n');
  try {
    const c = new DnsNameCache({ resolver: hostsResolver(file), refreshMs: 0, hostsFile: false });
    c.setNames(['pool.example', 'mirror.example', 'missing.example', 'pool.example']);
    assert.deepEqual(c.names, ['pool.example', 'mirror.example', 'missing.example']);
    assert.equal(c.nameOf(ip(10, 9, 8, 7)), undefined, 'nothing before the first round');
    await c.start();
    assert.equal(c.nameOf(ip(10, 9, 8, 7)), 'pool.example');
    assert.equal(c.nameOf(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 7)), 'pool.example');
    assert.equal(c.nameOf(ip(10, 9, 8, 6)), undefined, 'names the rules do not compare are not resolved');
    assert.equal(c.nameOf(undefined), undefined);
    c.setNames(['mirror.example']);
    assert.equal(c.nameOf(ip(10, 9, 8, 7)), 'mirror.example', 'a name no longer listed is forgotten at once');
    c.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a change of the hosts file is picked up in the background; a name that stops resolving loses its addresses', async () => {
  const { dir, file } = tempHosts('# empty\n');
  const c = new DnsNameCache({ resolver: hostsResolver(file), refreshMs: 60_000, hostsFile: file });
  try {
    c.setNames(['pool.example']);
    await c.start();
    assert.equal(c.nameOf(ip(127, 0, 0, 1)), undefined);
    writeFileSync(file, '127.0.0.1 pool.example\n');
    const deadline = Date.now() + 5000;
    while (c.nameOf(ip(127, 0, 0, 1)) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(c.nameOf(ip(127, 0, 0, 1)), 'pool.example', 'the watch on the hosts file refreshed the names');
    writeFileSync(file, '# gone\n');
    await c.refresh();
    assert.equal(c.nameOf(ip(127, 0, 0, 1)), undefined);
  } finally {
    c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hosts-file names take effect at once, even while lookups of other names hang', async () => {
  const { dir, file } = tempHosts('# empty\n');
  const c = new DnsNameCache({ resolver: () => new Promise(() => {}), refreshMs: 0, hostsFile: file });
  try {
    c.setNames(['slow1.example', 'slow2.example', 'pool.example']);
    void c.start();
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, '127.0.0.1 localhost\n127.0.0.9 pool.example # test\n');
    const deadline = Date.now() + 5000;
    while (c.nameOf(ip(127, 0, 0, 9)) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(c.nameOf(ip(127, 0, 0, 9)), 'pool.example');
    assert.equal(c.nameOf(ip(127, 0, 0, 1)), undefined);
    writeFileSync(file, '# gone\n');
    while (c.nameOf(ip(127, 0, 0, 9)) !== undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(c.nameOf(ip(127, 0, 0, 9)), undefined, 'a name the file no longer lists loses its addresses');
  } finally {
    c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

const canBindMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

test('a bind-mounted hosts file (as in containers and sandboxes) is watched too: a change shows within 300 ms', { skip: canBindMount ? false : 'needs root and mount(8) for a bind mount' }, async (t) => {
  // The change reaches the file's inode, but its directory sees no event: only the watch on
  // the file itself catches it promptly (the 2 s poll would come too late for this test).
  const { dir, file: source } = tempHosts('# empty\n');
  const target = join(dir, 'mounted', 'hosts');
  mkdirSync(dirname(target));
  writeFileSync(target, '');
  const mounted = spawnSync('mount', ['--bind', source, target]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(`bind mount not permitted here: ${String(mounted.stderr).trim()}`);
    return;
  }
  const c = new DnsNameCache({ resolver: () => new Promise(() => {}), refreshMs: 0, hostsFile: target });
  try {
    c.setNames(['pool.example']);
    void c.start();
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(target, '127.0.0.19 pool.example\n');
    const deadline = Date.now() + 300;
    while (c.nameOf(ip(127, 0, 0, 19)) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(c.nameOf(ip(127, 0, 0, 19)), 'pool.example');
  } finally {
    c.stop();
    spawnSync('umount', [target]);
    rmSync(dir, { recursive: true, force: true });
  }
});

const registry = createDefaultRegistry(syscallBinders);
function field(ctx: EvalContext, name: string): unknown {
  const r = registry.resolve('syscall', name)!;
  return r.decl.bind!(r.arg)(ctx);
}

test('fd.sip.name / fd.cip.name / fd.lip.name / fd.rip.name name the socket ends from the cache', async () => {
  const { dir, file } = tempHosts('10.9.8.7 pool.example\n192.168.1.5 me.example\n');
  try {
    const dns = new DnsNameCache({ resolver: hostsResolver(file), refreshMs: 0, hostsFile: false });
    dns.setNames(['pool.example', 'me.example']);
    await dns.start();
    const s = new SyscallState({ hostname: 'h', dnsNames: dns });
    const t = { ...newThreadRecord(), tid: 70, pid: 70, ptid: 1, comm: 'worker', exe: 'worker', cwd: '/', vpid: 70, vtid: 70 };
    s.loadHeader({ threads: [t], fds: [], users: [], groups: [] });
    s.interfaces = [{ name: 'eth0', family: 4, addr: ip(192, 168, 1, 5), netmask: ip(255, 255, 255, 0), bcast: ip(0, 0, 0, 0), linkspeed: 0n }];
    s.process(testEvent('SOCKET_SOCKET_X', 70, { fd: 3, domain: 2, type: 1, proto: 0, flags: 0 }));
    const addr = Uint8Array.of(2, 10, 9, 8, 7, 0x0b, 0x0d);
    const tuple = Uint8Array.of(2, 192, 168, 1, 5, 0x40, 0x9c, 10, 9, 8, 7, 0x0b, 0x0d);
    s.process(testEvent('SOCKET_CONNECT_E', 70, { fd: 3, addr }));
    const ctx = s.process(testEvent('SOCKET_CONNECT_X', 70, { res: 0, tuple, fd: 3, addr }));
    assert.equal(field(ctx, 'fd.sip.name'), 'pool.example');
    assert.equal(field(ctx, 'fd.cip.name'), 'me.example');
    assert.equal(field(ctx, 'fd.rip.name'), 'pool.example');
    assert.equal(field(ctx, 'fd.lip.name'), 'me.example');
    // a socket without a role (a refused connect) has no names, as in libsinsp
    s.process(testEvent('SOCKET_SOCKET_X', 70, { fd: 4, domain: 2, type: 1, proto: 0, flags: 0 }));
    s.process(testEvent('SOCKET_CONNECT_E', 70, { fd: 4, addr }));
    const refused = s.process(testEvent('SOCKET_CONNECT_X', 70, { res: -111, fd: 4, addr }));
    assert.equal(field(refused, 'fd.sip.name'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the default resolver answers hosts-file names without DNS, and stop() cancels lookups a dead name server holds', async () => {
  // A child process: with getaddrinfo, lookups that a silent server holds would keep it
  // alive for their whole timeout (libuv joins its threads at exit); c-ares queries are cancelled.
  const { dir, file } = tempHosts('127.0.0.31 pool.example\n');
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
  const port = silent.address().port;
  const script = `
    const { DnsNameCache } = await import(${JSON.stringify(new URL('./dns-name-cache.js', import.meta.url).href)});
    const c = new DnsNameCache({ refreshMs: 0, hostsFile: ${JSON.stringify(file)}, dnsServers: ['127.0.0.1:${port}'] });
    c.setNames(['slow1.example', 'pool.example', 'slow2.example', 'slow3.example']);
    void c.start();
    await new Promise((r) => setTimeout(r, 300));
    const name = c.nameOf(Uint8Array.from([127, 0, 0, 31]));
    c.stop();
    const t0 = Date.now();
    process.on('exit', () => console.log(JSON.stringify({ name, exitMs: Date.now() - t0 })));`;
  try {
    const t0 = Date.now();
    const r = await new Promise<{ out: string; ms: number }>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (err, out) => (err ? reject(err) : resolve({ out, ms: Date.now() - t0 })));
    });
    const res = JSON.parse(r.out.trim()) as { name?: string; exitMs: number };
    assert.equal(res.name, 'pool.example', 'the hosts-file name resolved while DNS stayed silent');
    assert.ok(res.exitMs < 500, `exited ${res.exitMs} ms after stop() (each silent lookup waits 2 s × 2 tries)`);
    assert.ok(r.ms < 3000, `whole child took ${r.ms} ms`);
  } finally {
    silent.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
