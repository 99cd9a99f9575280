import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening HTTP server and how to stop it. */
export interface RunningHttpServer {
  server: Server;
  /** Base URL, e.g. http://127.0.0.1:4001 (the real port when 0 was asked for). */
  url: string;
  port: number;
  /**
   * Stops accepting, closes idle keep-alive sockets, lets requests in flight finish (their sockets close
   * once they have answered), and force-closes what is left after `graceMs`.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts an HTTP server for `handler` on host:port (port 0 picks a free one). */
export async function startHttpServer(
  handler: RequestListener,
  port: number,
  host = '0.0.0.0',
): Promise<RunningHttpServer> {
  const server = createServer(handler);
  // Responses in flight, so that a drain can close their keep-alive sockets as soon as they answered.
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  // Keep-alive longer than typical load balancer idle timeouts, so proxies never reuse a socket we closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    port: actualPort,
    url: `http://${shownHost}:${actualPort}`,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
