import { getFreePort } from './free-port.js';
import { spawnProcess, type SpawnedProcess } from './process.js';
import { waitFor } from './wait-for.js';

/** A throwaway `redis-server` of one test file (never the shared one), to freeze, kill and start again. */
export interface PrivateRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** SIGSTOP: the socket stays open and nothing answers (a fork stall, a failover pause). */
  freeze(): void;
  /** SIGCONT after {@link freeze}. */
  thaw(): void;
  /** SIGKILL; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts a new, empty server on the same port (after {@link kill}). */
  restart(): Promise<void>;
  /** Kills it if running (afterAll). */
  close(): Promise<void>;
}

/** Starts redis-server on `port` (no persistence, loopback) and resolves once it accepts connections. */
async function startServer(port: number): Promise<SpawnedProcess> {
  const server = spawnProcess('redis-server', [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
  ]);
  await waitFor(
    () => {
      if (server.exited()) throw new Error(`redis-server exited with ${server.child.exitCode}: ${server.output()}`);
      return server.output().includes('Ready to accept connections');
    },
    30_000,
    `redis-server on ${port} to accept connections`,
  );
  return server;
}

/** Starts a private redis-server on a free port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await getFreePort();
  let server: SpawnedProcess | undefined = await startServer(port);
  const running = () => server !== undefined && !server.exited();
  const kill = async () => {
    const current = server;
    server = undefined;
    await current?.stop('SIGKILL');
  };
  const signal = (name: NodeJS.Signals) => {
    if (!running()) throw new Error(`redis-server on ${port} is not running`);
    server!.child.kill(name);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    kill,
    async restart() {
      if (running()) throw new Error(`redis-server on ${port} is still running`);
      server = await startServer(port);
    },
    close: kill,
  };
}
