/** Closing a connection never waits on a Redis that does not answer (private redis-server, SIGSTOP). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { closeRedis } from '../../src/redis/create-redis.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/harness/private-redis.js';
import { waitFor } from '../../../test/harness/wait-for.js';

let server: PrivateRedis;

beforeAll(async () => {
  server = await startPrivateRedis();
});

afterAll(async () => {
  await server.close();
});

const connect = async () => {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.ping();
  return redis;
};

describe('closeRedis', () => {
  it('quits a connection to a Redis that answers', async () => {
    const redis = await connect();
    await closeRedis(redis);
    await waitFor(() => redis.status === 'end', 1_000, 'the connection to end');
  });

  it('drops the socket of a frozen Redis after its timeout instead of waiting for QUIT', async () => {
    const redis = await connect();
    server.freeze();
    try {
      const started = performance.now();
      await closeRedis(redis, 300);
      expect(performance.now() - started).toBeLessThan(2_000);
      // ioredis ends the half-closed socket itself, destroying it after its disconnectTimeout (2 s).
      await waitFor(() => redis.status === 'end', 3_000, 'the socket to be dropped');
    } finally {
      server.thaw();
    }
  });
});
