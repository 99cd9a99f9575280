import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeCacheContract, type CacheImplementation } from './cache.contract.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';

/** One Redis connection for the whole file; each cache gets its own prefix, so tests never see each other's keys. */
let redis: Redis;
const runPrefix = `test:cache-contract:${randomUUID()}:`;
let cacheCount = 0;

beforeAll(() => {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
  redis = new Redis(url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const leftovers = await redis.keys(`${runPrefix}*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
});

let memoryClock = Date.now();

const implementations: CacheImplementation[] = [
  {
    name: 'memory',
    create: () => createMemoryCache(10_000, () => memoryClock),
    elapse: (ms) => (memoryClock += ms),
  },
  {
    name: 'redis',
    create: () => createRedisCache(redis, `${runPrefix}${cacheCount++}:`),
    elapse: () => {},
  },
];

describeCacheContract(implementations);

describe('memory cache', () => {
  it('expires exactly at the TTL on its clock', async () => {
    let now = 1_000_000;
    const cache = createMemoryCache(10, () => now);
    await cache.set('a', 'v', 1);
    now += 999;
    expect(await cache.get('a')).toBe('v');
    now += 1;
    expect(await cache.get('a')).toBeNull();
  });

  it('evicts the oldest write beyond maxEntries', async () => {
    const cache = createMemoryCache(2);
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    await cache.set('c', '3', 60);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([null, '2', '3']);
  });

  it('counts an overwrite as the newest write, and reads do not protect an entry', async () => {
    const cache = createMemoryCache(2);
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    await cache.set('a', '1 again', 60);
    expect(await cache.get('b')).toBe('2'); // a read is not a write: b stays the oldest
    await cache.set('c', '3', 60);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual(['1 again', null, '3']);
  });

  it('is empty after close', async () => {
    const cache = createMemoryCache();
    await cache.set('a', '1', 60);
    await cache.close();
    expect(await cache.get('a')).toBeNull();
  });
});

describe('redis cache', () => {
  it('isolates caches by key prefix', async () => {
    const first = createRedisCache(redis, `${runPrefix}iso-1:`);
    const second = createRedisCache(redis, `${runPrefix}iso-2:`);
    await first.set('shared', 'first', 60);
    await second.set('shared', 'second', 60);
    expect(await first.get('shared')).toBe('first');
    expect(await second.get('shared')).toBe('second');
    await first.delete('shared');
    expect(await first.get('shared')).toBeNull();
    expect(await second.get('shared')).toBe('second');
  });

  it('stores under the prefix with a Redis expiry', async () => {
    const cache = createRedisCache(redis, `${runPrefix}raw:`);
    await cache.set('k', 'v', 30);
    expect(await redis.get(`${runPrefix}raw:k`)).toBe('v');
    const ttlMs = await redis.pttl(`${runPrefix}raw:k`);
    expect(ttlMs).toBeGreaterThan(25_000);
    expect(ttlMs).toBeLessThanOrEqual(30_000);
  });

  it('leaves the caller-owned connection open on close', async () => {
    const cache = createRedisCache(redis, `${runPrefix}close:`);
    await cache.close();
    expect(await redis.ping()).toBe('PONG');
  });
});
