/**
 * Makes sure the Redis the tests use answers, starting the local default one when it does not.
 * Imports no sibling file (see postgres-cluster.ts for why).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const execFileAsync = promisify(execFile);
const START_TIMEOUT_MS = 10_000;
/** A throwaway server: no persistence, loopback only. */
const REDIS_SERVER_ARGS = [
  ...'--daemonize yes --bind 127.0.0.1 -::1 --port 6379 --appendonly no'.split(' '),
  ...['--save', ''],
];

/** Resolves once `url` answers PING; starts `redis-server` on 127.0.0.1:6379 if that is the one down. */
export async function ensureRedis(url: string): Promise<void> {
  const firstError = await ping(url);
  if (firstError === undefined) return;
  if (!isDefaultLocal(url)) throw new Error(`Redis at ${url} is unreachable: ${firstError.message}`);
  await execFileAsync('redis-server', REDIS_SERVER_ARGS);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const error = await ping(url);
    if (error === undefined) return;
    if (Date.now() > deadline) throw new Error(`started redis-server but ${url} still fails: ${error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One connection attempt, no retries; returns the failure instead of throwing. */
async function ping(url: string): Promise<Error | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let socketError: Error | undefined; // more telling than the "Connection is closed." that connect() rejects with
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return socketError ?? (error as Error);
  } finally {
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }
}

function isDefaultLocal(url: string): boolean {
  const { hostname, port } = new URL(url);
  return ['127.0.0.1', 'localhost'].includes(hostname) && (port === '' || port === '6379');
}
