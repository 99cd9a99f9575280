import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/create-logger.js';
import { traceRedisCommands } from '../observability/redis-tracing.js';

export { Redis };

/**
 * Opens a Redis connection that fails commands fast while disconnected instead of queueing
 * them without bound (`maxRetriesPerRequest`), and reconnects with capped backoff. With tracing on, its
 * commands on behalf of a request get spans.
 *
 * A connection that requests or subscriptions wait on must also get `commandTimeout`
 * (REDIS_COMMAND_TIMEOUT_MS): a frozen Redis keeps the socket open and answers nothing, and a command
 * queued while reconnecting waits for the reconnect. Its timer starts when the command is issued, queued
 * or not. Never give it to a connection that runs blocking commands (XREADGROUP BLOCK): they would time out.
 */
export function createRedis(url: string, log: Logger, name: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
  redis.on('error', (error: Error) => log.warn({ err: error.message, redis: name }, 'redis connection error'));
  return traceRedisCommands(redis);
}

/** How long a closing connection waits for QUIT's answer before it drops the socket. */
const QUIT_TIMEOUT_MS = 1_000;

/**
 * Closes a connection politely (QUIT, so Redis finishes what it was sent) but never waits on a Redis that
 * does not answer: past `timeoutMs` (or when QUIT fails) the socket is dropped. A frozen Redis otherwise held
 * every shutdown until its deadline.
 */
export async function closeRedis(connection: Redis | Cluster, timeoutMs = QUIT_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const answer = await Promise.race([
    connection.quit().then(
      () => 'quit' as const,
      () => 'failed' as const,
    ),
    deadline,
  ]);
  clearTimeout(timer);
  if (answer !== 'quit') connection.disconnect();
}
