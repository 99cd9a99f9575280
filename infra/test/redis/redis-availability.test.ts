import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logging/create-logger.js';
import { createRedisAvailability } from '../../src/redis/redis-availability.js';

const log = createLogger('test', 'silent');
const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const key = `test:availability:${process.pid}`;

afterAll(async () => {
  await redis.del(key);
  await redis.quit();
});

describe('RedisAvailability', () => {
  it("falls back for a command's own error (WRONGTYPE) without calling Redis down", async () => {
    const availability = createRedisAvailability({ redis, log });
    await redis.set(key, 'a string');
    const answer = await availability.run(
      'test',
      () => redis.lpush(key, 'x'),
      () => -1,
    );
    expect(answer).toBe(-1);
    expect(availability.available).toBe(true);
    expect(availability.fallbacks()).toEqual({ test: 1 });
    availability.close();
  });

  it('calls Redis down when a call cannot reach it, and answers later calls from the fallback at once', async () => {
    const unreachable = new Redis('redis://127.0.0.1:9', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const availability = createRedisAvailability({ redis: unreachable, log });
    let calls = 0;
    const call = async () => {
      calls += 1;
      return unreachable.get(key);
    };
    expect(await availability.run('test', call, () => 'fallback')).toBe('fallback');
    expect(availability.available).toBe(false);
    expect(await availability.run('test', call, () => 'fallback')).toBe('fallback');
    expect(calls).toBe(1);
    availability.close();
    unreachable.disconnect();
  });
});
