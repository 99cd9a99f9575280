import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for.js';

/** A child process with its output captured: the harness's one way to start a real process. */
export interface SpawnedProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited(): boolean;
  /** Resolves with the exit code once it exited (null when ended by a signal). */
  exitCode: Promise<number | null>;
  /** Sends `signal` (default SIGTERM) if it is still running and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL if still running (also ends a stopped process); for afterAll. */
  kill(): void;
}

/** Spawns `command` with `args`, capturing its output. */
export function spawnProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): SpawnedProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A missing binary: 'error' then 'exit'; without a listener the error would crash the test process.
  child.once('error', (error) => (output += `\n${command}: ${error.message}`));
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => output,
    exited,
    exitCode,
    stop: (signal = 'SIGTERM') => {
      if (!exited()) child.kill(signal);
      return exitCode;
    },
    kill: () => void (exited() || child.kill('SIGKILL')),
  };
}

/** Resolves once `url` answers 200; throws with the process's output if it exits first. */
export async function waitUntilHealthy(spawned: SpawnedProcess, name: string, url: string, timeoutMs: number) {
  await waitFor(
    async () => {
      if (spawned.exited()) throw new Error(`${name} exited with ${spawned.child.exitCode}:\n${spawned.output()}`);
      return fetch(url).then(
        (response) => response.ok,
        () => false,
      );
    },
    timeoutMs,
    `${name} to answer ${url}`,
  );
}
