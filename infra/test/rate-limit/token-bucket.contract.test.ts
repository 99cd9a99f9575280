import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { useTestRedis } from '../../../test/harness/test-redis.js';
import { describeTokenBucketContract } from './token-bucket.contract.js';
import { createMemoryTokenBucket, createRedisTokenBucket } from '../../src/rate-limit/token-bucket.js';

const { prefix: runPrefix, connectionsFor } = useTestRedis('token-bucket');
const redisOf = () => connectionsFor(1)[0]!;

describeTokenBucketContract([
  {
    name: 'memory',
    create: (count) => Array(count).fill(createMemoryTokenBucket()),
  },
  {
    name: 'redis',
    create: (count) => connectionsFor(count).map((connection) => createRedisTokenBucket(connection, runPrefix)),
  },
]);

describe('memory token bucket', () => {
  it('refills exactly on its clock', async () => {
    let now = 5_000;
    const bucket = createMemoryTokenBucket(() => now);
    const options = { capacity: 3, refillPerMinute: 60 }; // one a second
    expect((await bucket.tryAcquire('k', options, 3)).remaining).toBe(0);
    expect(await bucket.tryAcquire('k', options)).toEqual({ allowed: false, waitMs: 1_000, remaining: 0 });
    now += 999;
    expect(await bucket.tryAcquire('k', options)).toEqual({ allowed: false, waitMs: 1, remaining: 0 });
    now += 1;
    expect(await bucket.tryAcquire('k', options)).toEqual({ allowed: true, waitMs: 0, remaining: 0 });
    now += 60_000;
    expect((await bucket.tryAcquire('k', options)).remaining).toBe(2); // capped at capacity
  });

  it('forgets full buckets beyond maxBuckets without losing the state of others', async () => {
    let now = 0;
    const bucket = createMemoryTokenBucket(() => now, 2);
    const options = { capacity: 2, refillPerMinute: 60 };
    await bucket.tryAcquire('drained', options, 2);
    await bucket.tryAcquire('a', options);
    now += 1_000; // a is full again, drained holds 1
    await bucket.tryAcquire('b', options);
    expect((await bucket.tryAcquire('drained', options)).remaining).toBe(0);
    expect((await bucket.tryAcquire('drained', options)).allowed).toBe(false);
  });
});

describe('redis token bucket', () => {
  it('keeps one hash under the prefix that expires once the bucket would be full again', async () => {
    const bucket = createRedisTokenBucket(redisOf(), runPrefix);
    const key = `shape-${randomUUID()}`;
    await bucket.tryAcquire(key, { capacity: 10, refillPerMinute: 600 }, 5); // 500 ms to refill 5
    expect(await redisOf().type(`${runPrefix}${key}`)).toBe('hash');
    const ttlMs = await redisOf().pttl(`${runPrefix}${key}`);
    expect(ttlMs).toBeGreaterThan(1_000);
    expect(ttlMs).toBeLessThanOrEqual(1_500);
  });

  it('sends the script again when the server has forgotten it', async () => {
    const bucket = createRedisTokenBucket(redisOf(), runPrefix);
    const key = `flush-${randomUUID()}`;
    const options = { capacity: 2, refillPerMinute: 1 };
    expect((await bucket.tryAcquire(key, options)).remaining).toBe(1);
    await redisOf().script('FLUSH');
    expect((await bucket.tryAcquire(key, options)).remaining).toBe(0);
  });
});
