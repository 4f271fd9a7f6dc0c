import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP(S) forward proxy that refuses everything and remembers the hosts asked for. The clients
 * get it as HTTP(S)_PROXY (with NO_PROXY=loopback), so a call to a vendor host fails at once with a
 * name we can report, instead of hanging on a network that is not there.
 */
export class NetTrap {
  readonly hosts: string[] = [];
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<NetTrap> {
    let self!: NetTrap;
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      self.hosts.push(hostOf(req.url ?? '', req.headers.host));
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('blocked by the client test net trap: no internet in tests');
    });
    server.on('connect', (req, socket: Socket) => {
      self.hosts.push(req.url ?? '?');
      socket.on('error', () => {});
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self = new NetTrap(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Environment that routes every non-loopback request of a client here. */
  env(): Record<string, string> {
    const noProxy = '127.0.0.1,localhost,::1';
    return { HTTP_PROXY: this.url, HTTPS_PROXY: this.url, http_proxy: this.url, https_proxy: this.url, ALL_PROXY: this.url, all_proxy: this.url, NO_PROXY: noProxy, no_proxy: noProxy };
  }

  take(): string[] {
    return this.hosts.splice(0);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

function hostOf(url: string, host?: string): string {
  try {
    return new URL(url).host;
  } catch {
    return host ?? url;
  }
}
