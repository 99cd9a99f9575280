import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeTokenBucketContract } from './token-bucket.contract.js';
import { createMemoryTokenBucket, createRedisTokenBucket } from './token-bucket.js';

const runPrefix = `test:token-bucket:${randomUUID()}:`;
/** Every connection the file opens; all closed in afterAll. */
const connections: Redis[] = [];
let redis: Redis;

function connect(): Redis {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
}

/** `count` distinct connections, like `count` instances; reused across tests. */
function connectionsFor(count: number): Redis[] {
  while (connections.length < count) connect();
  return connections.slice(0, count);
}

beforeAll(() => {
  redis = connect();
});

afterAll(async () => {
  const leftovers = await redis.keys(`${runPrefix}*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await Promise.all(connections.map((connection) => connection.quit()));
});

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
    const bucket = createRedisTokenBucket(redis, runPrefix);
    const key = `shape-${randomUUID()}`;
    await bucket.tryAcquire(key, { capacity: 10, refillPerMinute: 600 }, 5); // 500 ms to refill 5
    expect(await redis.type(`${runPrefix}${key}`)).toBe('hash');
    const ttlMs = await redis.pttl(`${runPrefix}${key}`);
    expect(ttlMs).toBeGreaterThan(1_000);
    expect(ttlMs).toBeLessThanOrEqual(1_500);
  });

  it('sends the script again when the server has forgotten it', async () => {
    const bucket = createRedisTokenBucket(redis, runPrefix);
    const key = `flush-${randomUUID()}`;
    const options = { capacity: 2, refillPerMinute: 1 };
    expect((await bucket.tryAcquire(key, options)).remaining).toBe(1);
    await redis.script('FLUSH');
    expect((await bucket.tryAcquire(key, options)).remaining).toBe(0);
  });
});
