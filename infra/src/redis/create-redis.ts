import { Redis, type RedisOptions } from 'ioredis';
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
