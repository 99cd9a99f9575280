/**
 * A loopback TCP proxy in front of Postgres that counts what clients send, by reading the frontend
 * protocol's message types: statements (Query 'Q' in the simple protocol, one however many it holds; Execute 'E' in the extended
 * one) and round trips (Query or Sync 'S', after which the server answers). Bytes pass through unchanged.
 */
import { createConnection, createServer, type Socket } from 'node:net';

/** Counts so far. */
export interface PgCounts {
  statements: number;
  roundTrips: number;
}

/** A running counter proxy. */
export interface PgStatementCounter {
  /** Postgres URL through the proxy (the target URL with the proxy's host and port). */
  url(targetUrl: string): string;
  counts(): PgCounts;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Reads frontend messages from one client connection and counts them. */
function createFrontendReader(counts: PgCounts): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        // Start-up messages have no type byte: length, then a code (SSL/GSS requests come first).
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        started = code !== SSL_REQUEST && code !== GSSENC_REQUEST;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1) + 1;
      if (pending.length < length) return;
      const type = String.fromCharCode(pending[0]!);
      if (type === 'Q' || type === 'E') counts.statements += 1;
      if (type === 'Q' || type === 'S') counts.roundTrips += 1;
      pending = pending.subarray(length);
    }
  };
}

/** Starts the proxy on a free loopback port in front of `host:port`. */
export async function startPgStatementCounter(host: string, port: number): Promise<PgStatementCounter> {
  const counts: PgCounts = { statements: 0, roundTrips: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    const read = createFrontendReader(counts);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', read);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address ? address.port : 0;
  return {
    url(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(proxyPort);
      return url.toString();
    },
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
