import { fileURLToPath } from 'node:url';
import { spawnProcess, waitUntilHealthy, type SpawnedProcess } from './process.js';

/** A service workspace that has a `src/main.ts`. */
export type ServiceWorkspace = 'gateway' | 'subgraphs/tokens' | 'subgraphs/market-data';

/**
 * How a service runs: `source` runs its TypeScript through tsx with the workspaces' sources
 * (`node --conditions=@memegraph/source --import tsx src/main.ts`, no build needed); `built` runs what
 * `npm run build` emitted, exactly as production does (`node dist/main.js`, workspaces from their dist/).
 */
export type ServiceMode = 'source' | 'built';

const COMMANDS: Record<ServiceMode, string[]> = {
  source: ['--conditions=@memegraph/source', '--import', 'tsx', 'src/main.ts'],
  built: ['dist/main.js'],
};

/** One service running as its own process, as in production. */
export interface ServiceProcess {
  child: SpawnedProcess['child'];
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

/** A service process just launched: its output so far, and the service once `GET /health` answers. */
export interface LaunchedService {
  output(): string;
  healthy: Promise<ServiceProcess>;
  /** SIGKILL if still running (afterAll). */
  kill(): void;
}

/**
 * Starts a service's real entry point (in `mode`, default `source`) with only `env` (plus PATH and HOME)
 * and waits until `GET /health` answers on `port`. `env` must set the service's port variable to `port`.
 * `nodeArgs` go to node before the entry point (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow).
 */
export async function spawnService(
  workspace: ServiceWorkspace,
  port: number,
  env: Record<string, string>,
  mode: ServiceMode = 'source',
  nodeArgs: string[] = [],
): Promise<ServiceProcess> {
  return launchService(workspace, port, env, mode, nodeArgs).healthy;
}

/** {@link spawnService}, with the output readable before the service is healthy (to act on what it prints). */
export function launchService(
  workspace: ServiceWorkspace,
  port: number,
  env: Record<string, string>,
  mode: ServiceMode = 'source',
  nodeArgs: string[] = [],
): LaunchedService {
  const cwd = fileURLToPath(new URL(`../../${workspace}/`, import.meta.url));
  const spawned = spawnProcess(process.execPath, [...nodeArgs, ...COMMANDS[mode]], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  const healthy = whenHealthy(spawned, workspace, port);
  // Handled here too: a caller may still be watching the output when a start fails; awaiting it rethrows.
  healthy.catch(() => undefined);
  return { output: spawned.output, healthy, kill: spawned.kill };
}

async function whenHealthy(
  spawned: SpawnedProcess,
  workspace: ServiceWorkspace,
  port: number,
): Promise<ServiceProcess> {
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(spawned, workspace, `${baseUrl}/health`, 60_000);
  } catch (error) {
    spawned.kill();
    throw spawned.exited() ? error : new Error(`${(error as Error).message}\n${spawned.output()}`);
  }
  return {
    child: spawned.child,
    baseUrl,
    output: spawned.output,
    logs: () =>
      spawned
        .output()
        .split('\n')
        .flatMap((line) => {
          if (!line.startsWith('{')) return [];
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    exited: spawned.exitCode,
    stop: spawned.stop,
    kill: spawned.kill,
  };
}
