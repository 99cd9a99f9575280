import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * Forks `file` with `args` (a bench re-running itself as a gateway or client child) and waits for its first
 * message, `{ url }`; rejects if the child exits first. NODE_ENV=production in the child's process
 * environment, as the images run (graphql-js reads it there); `execArgv` adds Node flags (e.g. --cpu-prof).
 */
export async function forkBenchChild(
  file: string,
  args: string[],
  execArgv: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(file, args, {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...execArgv],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${args[0]} child exited (${code})`))),
  ])) as [{ url: string }];
  return { child, url: message.url };
}
