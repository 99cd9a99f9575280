import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort } from './free-port.js';
import { waitFor } from './graphql-http.js';

/** `npm start` (test/harness/start-local.ts) running as a child process on free ports. */
export interface RunningLauncher {
  child: ChildProcess;
  gatewayUrl: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  terminate(): Promise<number | null>;
  /** Kills it if still running and removes its embedded Postgres data. */
  cleanup(): void;
}

/**
 * Starts the launcher on embedded defaults (no DATABASE_URL, no REDIS_URL) with a fresh embedded
 * Postgres in a temp dir, and waits until it says it is up. `env` adds to or overrides the defaults.
 */
export async function startLauncher(name: string, env: Record<string, string>): Promise<RunningLauncher> {
  const dataDir = mkdtempSync(join(tmpdir(), `memegraph-${name}-`));
  chmodSync(dataDir, 0o755); // the embedded server runs as user postgres and must reach its data dir
  const [gateway, tokens, marketData, postgres] = await Promise.all(Array.from({ length: 4 }, getFreePort));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/start-local.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(gateway),
      TOKENS_PORT: String(tokens),
      MARKET_DATA_PORT: String(marketData),
      EMBEDDED_POSTGRES_PORT: String(postgres),
      EMBEDDED_POSTGRES_DIR: join(dataDir, 'pg'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const cleanup = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  await waitFor(() => output.includes('memegraph is up') || child.exitCode !== null, 60_000, 'the stack to start');
  if (!output.includes('memegraph is up')) {
    cleanup();
    throw new Error(`launcher failed:\n${output}`);
  }
  return {
    child,
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    output: () => output,
    terminate: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    cleanup,
  };
}
