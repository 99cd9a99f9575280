import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './graphql-http.js';

/** A service workspace that has a `src/main.ts`. */
export type ServiceWorkspace = 'gateway' | 'subgraphs/tokens' | 'subgraphs/market-data';

/** One service running as its own process (`node --import tsx src/main.ts`), as in production. */
export interface ServiceProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its JSON log lines so far (lines that are not JSON are skipped). */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code once it exited (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL if still running (afterAll). */
  kill(): void;
}

/**
 * Starts a service's real entry point with only `env` (plus PATH and HOME) and waits until `GET /health`
 * answers on `port`. `env` must set the service's port variable to `port`.
 */
export async function spawnService(
  workspace: ServiceWorkspace,
  port: number,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const cwd = fileURLToPath(new URL(`../../${workspace}/`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const kill = () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  try {
    await waitFor(
      async () => child.exitCode !== null || (await fetch(`${baseUrl}/health`).catch(() => undefined))?.ok === true,
      60_000,
      `${workspace} to start`,
    );
  } catch (error) {
    kill();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  if (child.exitCode !== null) throw new Error(`${workspace} exited with ${child.exitCode}:\n${output}`);
  return {
    child,
    baseUrl,
    output: () => output,
    logs: () =>
      output.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    kill,
  };
}
