import { spawn, type ChildProcess } from 'node:child_process';
import { getFreePort } from './free-port.js';

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
async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  return child;
}

/** Starts a private redis-server on a free port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await getFreePort();
  let child: ChildProcess | undefined = await startServer(port);
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  };
  const signal = (name: NodeJS.Signals) => {
    if (!running()) throw new Error(`redis-server on ${port} is not running`);
    child!.kill(name);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    kill,
    async restart() {
      if (running()) throw new Error(`redis-server on ${port} is still running`);
      child = await startServer(port);
    },
    close: kill,
  };
}
