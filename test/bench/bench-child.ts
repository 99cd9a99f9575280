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

/** What a client child does for each message of its parent (see {@link serveBenchClients}). */
export interface BenchClientHandlers<M> {
  /** Opens the subscriptions `message` assigns (see {@link inBatches}). */
  connect(message: M): Promise<void>;
  /** Forgets what was measured so far (the warm-up). */
  reset(): void;
  /** What was measured since the reset. */
  report(): object;
}

/**
 * The client child's side of a bench: answers the parent's `connect`, `reset` and `report` messages (each
 * acknowledged with a message of the same type, `report` carrying the figures), disposes `clients` and exits
 * when the parent disconnects, and says `ready` first.
 */
export function serveBenchClients<M extends { type: string }>(
  clients: Array<{ dispose(): void | Promise<void> }>,
  handlers: BenchClientHandlers<M>,
): void {
  process.on('message', (message: M) => {
    void (async () => {
      if (message.type === 'connect') {
        await handlers.connect(message);
        process.send!({ type: 'connect' });
      } else if (message.type === 'reset') {
        handlers.reset();
        process.send!({ type: 'reset' });
      } else if (message.type === 'report') {
        process.send!({ type: 'report', ...handlers.report() });
      }
    })();
  });
  process.once('disconnect', () => {
    void Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
  });
  process.send!({ type: 'ready' });
}

/** Runs `open` over `items`, `size` at a time (so thousands of sockets do not connect at once). */
export async function inBatches<T>(items: T[], size: number, open: (item: T, index: number) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map((item, j) => open(item, i + j)));
  }
}

/** Sends `type` to a child and resolves with its answer of the same type; rejects if the child exits first. */
export function ask<T>(child: ChildProcess, type: string, body: Record<string, unknown> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number) => reject(new Error(`child exited (${code}) while answering ${type}`));
    child.on('message', onMessage).once('exit', onExit);
    child.send({ type, ...body });
  });
}
