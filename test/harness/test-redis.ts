import { randomUUID } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { Redis } from 'ioredis';

/**
 * Redis connections for one test file on TEST_REDIS_URL: a unique key prefix, as many connections as
 * "instances" a test needs, and an afterAll that deletes the file's keys and closes every connection
 * (a leaked ioredis connection keeps jest alive).
 */
export function useTestRedis(name: string) {
  const prefix = `test:${name}:${randomUUID()}:`;
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
    const connection = new Redis(url, { maxRetriesPerRequest: 1 });
    connections.push(connection);
    return connection;
  };
  afterAll(async () => {
    const cleaner = connections[0] ?? connect();
    const leftovers = await cleaner.keys(`${prefix}*`);
    if (leftovers.length > 0) await cleaner.del(...leftovers);
    await Promise.all(connections.map((connection) => connection.quit()));
  });
  return {
    prefix,
    /** `count` distinct connections, like `count` instances; reused across tests. */
    connectionsFor(count: number): Redis[] {
      while (connections.length < count) connect();
      return connections.slice(0, count);
    },
  };
}
