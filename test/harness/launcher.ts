import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort } from './free-port.js';
import { spawnProcess } from './process.js';
import { waitFor } from './wait-for.js';

/** `npm start`'s launcher (local/, as `npm run build` compiled it: jest's globalSetup builds) running as a child process on free ports. */
export interface RunningLauncher {
  child: ReturnType<typeof spawnProcess>['child'];
  gatewayUrl: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  terminate(): Promise<number | null>;
  /** Kills it if still running and removes its embedded Postgres data. */
  cleanup(): void;
}

/**
 * Starts the launcher (`node local/dist/main.js`, what `npm start` runs after building) on embedded
 * defaults (no DATABASE_URL, no REDIS_URL) with a fresh embedded Postgres in a temp dir, and waits until
 * it says it is up. `env` adds to or overrides the defaults.
 */
export async function startLauncher(name: string, env: Record<string, string>): Promise<RunningLauncher> {
  const dataDir = mkdtempSync(join(tmpdir(), `memegraph-${name}-`));
  chmodSync(dataDir, 0o755); // the embedded server runs as user postgres and must reach its data dir
  const [gateway, tokens, marketData, postgres] = await Promise.all(Array.from({ length: 4 }, getFreePort));
  const launcher = spawnProcess(process.execPath, ['dist/main.js'], {
    cwd: fileURLToPath(new URL('../../local/', import.meta.url)),
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
  });
  const cleanup = () => {
    launcher.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const up = () => launcher.output().includes('memegraph is up');
  await waitFor(() => up() || launcher.exited(), 60_000, 'the stack to start');
  if (!up()) {
    cleanup();
    throw new Error(`launcher failed:\n${launcher.output()}`);
  }
  return {
    child: launcher.child,
    gatewayUrl: `http://127.0.0.1:${gateway}/graphql`,
    output: launcher.output,
    terminate: () => launcher.stop('SIGTERM'),
    cleanup,
  };
}
