// Listeners the runner opens for a case: `connect` actions that expect someone to answer
// (explicit `listen: true`, or loopback by default) and `stdio: socket` entries. Accepted
// connections are held open and drained until the case ends.
import { createServer, isIP, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import type { TestAction } from './test-case.js';

const isLoopback = (host: string): boolean => host === 'localhost' || host.startsWith('127.') || host === '::1';

export class CaseListeners {
  private servers: Server[] = [];
  private udp: UdpSocket[] = [];
  private sockets: Socket[] = [];

  private listenTcp(host: string, port: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const server = createServer((s) => {
        this.sockets.push(s);
        s.on('data', () => {});
        s.on('error', () => {});
      });
      server.once('error', () => resolve(undefined));
      server.listen({ host, port }, () => {
        this.servers.push(server);
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  }

  private listenUdp(host: string, port: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const s = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      s.once('error', () => resolve(undefined));
      s.bind(port, host, () => {
        this.udp.push(s);
        resolve(s.address().port);
      });
    });
  }

  /**
   * Opens the listeners `actions` need and returns the actions with `port: auto` replaced
   * by the port chosen. A port already in use is left as it is (someone answers anyway).
   */
  async forActions(actions: readonly TestAction[]): Promise<TestAction[]> {
    const out: TestAction[] = [];
    for (const a of actions) {
      if (a.op !== 'connect') {
        out.push(a);
        continue;
      }
      const host = String(a.params.host);
      const auto = a.params.port === 'auto';
      // A name is looked up as the helper will (getaddrinfo, so /etc/hosts entries of the
      // setup count); a name of a loopback address is a loopback destination.
      const address = isIP(host) !== 0 ? host : await lookup(host).then((r) => r.address, () => undefined);
      const listen = a.params.listen === undefined ? address !== undefined && isLoopback(address) : a.params.listen === true;
      let port = auto ? 0 : Number(a.params.port);
      if (listen && address !== undefined) {
        const got = a.params.proto === 'udp' ? await this.listenUdp(address, port) : await this.listenTcp(address, port);
        if (got !== undefined) port = got;
      }
      if (auto && port === 0) port = 9; // nothing listening: the discard port, refused
      out.push({ ...a, params: { ...a.params, port } });
    }
    return out;
  }

  /** A loopback listener for `stdio: socket`; returns `127.0.0.1:<port>`. */
  async forStdio(): Promise<string> {
    const port = await this.listenTcp('127.0.0.1', 0);
    return `127.0.0.1:${port ?? 9}`;
  }

  static needsHostNetwork(actions: readonly TestAction[], stdioSocket: boolean): boolean {
    return stdioSocket || actions.some((a) => a.op === 'connect' && (a.params.listen === true || (a.params.listen === undefined && isLoopback(String(a.params.host)))));
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    for (const s of this.servers) s.close();
    for (const s of this.udp) s.close();
    this.sockets = [];
    this.servers = [];
    this.udp = [];
  }
}
