import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './graphql-http.js';

/** A child process with its output captured, for tests that need real processes (to kill them, say). */
export interface SpawnedProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited(): boolean;
  /** Sends `signal` (default SIGTERM) if it is still running and resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `command` with `args`, capturing its output. */
export function spawnProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const spawned: SpawnedProcess = {
    child,
    output: () => output,
    exited,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (exited()) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
  return spawned;
}

/** Resolves once `url` answers 200; throws with the process's output if it exits first. */
export async function waitUntilHealthy(spawned: SpawnedProcess, name: string, url: string, timeoutMs: number) {
  await waitFor(
    async () => {
      if (spawned.exited()) throw new Error(`${name} exited:\n${spawned.output()}`);
      return fetch(url).then(
        (response) => response.ok,
        () => false,
      );
    },
    timeoutMs,
    `${name} to answer ${url}`,
  );
}
