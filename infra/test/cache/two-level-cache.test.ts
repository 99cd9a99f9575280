import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { CachePort } from '../../src/cache/cache.port.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createTwoLevelCache } from '../../src/cache/two-level-cache.js';

/** A shared L2 on a settable clock, and two instances' caches over it. */
function setup(l1 = { maxEntries: 100, ttlSeconds: 5 }, lastKnownSeconds?: number) {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  const calls = { get: 0, getMany: 0 };
  const memory = createMemoryCache(1_000, now);
  // Counts the round trips to L2; every call goes to the real memory cache unless L2 is set `down`.
  const l2State = { down: false };
  const unavailable = () => Promise.reject(new Error('L2 unavailable'));
  const l2: CachePort = {
    ...memory,
    get: (key) => (calls.get++, l2State.down ? unavailable() : memory.get(key)),
    getMany: (keys) => (calls.getMany++, l2State.down ? unavailable() : memory.getMany(keys)),
  };
  const options = { l1, l2, l2TtlSeconds: 60, lastKnownSeconds, now };
  return { clock, l2, l2State, calls, cache: createTwoLevelCache(options), other: createTwoLevelCache(options) };
}

describe('two-level cache', () => {
  it('answers from L1 after a write, from nowhere before it', async () => {
    const { cache, l2 } = setup();
    expect(await cache.get('a')).toEqual({ value: null, level: null });
    await cache.set('a', '1');
    expect(await cache.get('a')).toEqual({ value: '1', level: 'l1' });
    expect(await l2.get('a')).toBe('1');
  });

  it('answers from L2 what another instance wrote, then from L1', async () => {
    const { cache, other } = setup();
    await other.set('a', '1');
    expect(await cache.get('a')).toEqual({ value: '1', level: 'l2' });
    expect(await cache.get('a')).toEqual({ value: '1', level: 'l1' });
  });

  it("serves another instance's overwritten value until the L1 TTL passes, never longer", async () => {
    const { cache, other, clock } = setup({ maxEntries: 100, ttlSeconds: 2 });
    await cache.set('a', 'old');
    await other.set('a', 'new');
    clock.now += 1_999;
    expect(await cache.get('a')).toEqual({ value: 'old', level: 'l1' });
    clock.now += 1;
    expect(await cache.get('a')).toEqual({ value: 'new', level: 'l2' });
  });

  it('keeps an L1 entry no longer than the TTL it was written with', async () => {
    const { cache, clock } = setup({ maxEntries: 100, ttlSeconds: 10 });
    await cache.set('a', '1', 1);
    clock.now += 1_000;
    expect(await cache.get('a')).toEqual({ value: null, level: null });
  });

  it('delete removes a key from both levels', async () => {
    const { cache, l2 } = setup();
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.delete('a', 'b');
    expect(await cache.getMany(['a', 'b'])).toEqual([
      { value: null, level: null },
      { value: null, level: null },
    ]);
    expect(await l2.get('a')).toBeNull();
  });

  it('does not let an L2 read that a delete overtook refill L1', async () => {
    const { l2 } = setup();
    let releaseRead: () => void = () => {};
    const gate = new Promise<void>((resolve) => (releaseRead = resolve));
    // An L2 whose reads answer with what was there when they started, but only once the gate opens.
    const slowL2: CachePort = {
      ...l2,
      async getMany(keys) {
        const values = await (l2.getMany?.(keys) ?? Promise.resolve([]));
        await gate;
        return values;
      },
    };
    const cache = createTwoLevelCache({ l1: { maxEntries: 10, ttlSeconds: 5 }, l2: slowL2, l2TtlSeconds: 60 });
    await l2.set('a', 'stale', 60);
    const reading = cache.get('a'); // misses L1; its L2 read has the value but waits at the gate
    await cache.delete('a');
    releaseRead();
    expect(await reading).toEqual({ value: 'stale', level: 'l2' }); // it started before the delete
    expect(await cache.get('a')).toEqual({ value: null, level: null });
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { cache } = setup({ maxEntries: 2, ttlSeconds: 5 });
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.get('a'); // a is now more recent than b
    await cache.set('c', '3');
    expect((await cache.getMany(['a', 'b', 'c'])).map((hit) => hit.level)).toEqual(['l1', 'l2', 'l1']);
  });

  it('getMany answers in key order with one L2 round trip for all L1 misses', async () => {
    const { cache, other, calls } = setup();
    await cache.set('in-l1', '1');
    await other.set('in-l2', '2');
    await other.set('also-in-l2', '3');
    const hits = await cache.getMany(['in-l2', 'in-l1', 'nowhere', 'also-in-l2', 'in-l2']);
    expect(hits).toEqual([
      { value: '2', level: 'l2' },
      { value: '1', level: 'l1' },
      { value: null, level: null },
      { value: '3', level: 'l2' },
      { value: '2', level: 'l2' },
    ]);
    expect(calls).toEqual({ get: 0, getMany: 1 });
    expect(await cache.getMany(['in-l1'])).toEqual([{ value: '1', level: 'l1' }]);
    expect(calls.getMany).toBe(1); // all in L1: no round trip
  });

  it('counts hits and misses per level, each L1 miss becoming one L2 hit or miss', async () => {
    const { cache, other } = setup();
    await cache.set('a', '1');
    await other.set('b', '2');
    await cache.getMany(['a', 'b', 'c']);
    await cache.get('b');
    expect(cache.stats()).toEqual({ l1Hits: 2, l1Misses: 2, l2Hits: 1, l2Misses: 1, l2Failures: 0, lastKnownHits: 0 });
  });

  it("without lastKnownSeconds, a failed L2 read is the caller's", async () => {
    const { cache, l2State, clock } = setup({ maxEntries: 100, ttlSeconds: 2 });
    await cache.set('a', '1');
    clock.now += 2_000;
    l2State.down = true;
    await expect(cache.get('a')).rejects.toThrow('L2 unavailable');
  });

  it('with lastKnownSeconds, answers a failed L2 read from the last value read or written, past the L1 TTL', async () => {
    const { cache, other, l2State, clock } = setup({ maxEntries: 100, ttlSeconds: 2 }, 900);
    await cache.set('written', '1', 900);
    await other.set('read', '2', 900);
    expect(await cache.get('read')).toEqual({ value: '2', level: 'l2' });
    clock.now += 600_000;
    l2State.down = true;
    expect(await cache.getMany(['written', 'read', 'never-seen'])).toEqual([
      { value: '1', level: 'last-known' },
      { value: '2', level: 'last-known' },
      { value: null, level: null },
    ]);
    expect(cache.stats()).toMatchObject({ l2Failures: 1, lastKnownHits: 2 });
    // Back up: L2 answers again, and its value wins over the last known one.
    l2State.down = false;
    await other.set('written', '3');
    expect(await cache.get('written')).toEqual({ value: '3', level: 'l2' });
  });

  it('keeps a last known value no longer than lastKnownSeconds, nor than the TTL it was written with', async () => {
    const { cache, l2State, clock } = setup({ maxEntries: 100, ttlSeconds: 2 }, 900);
    await cache.set('long', '1');
    await cache.set('short', '2', 10);
    clock.now += 10_000;
    l2State.down = true;
    expect(await cache.getMany(['long', 'short'])).toEqual([
      { value: '1', level: 'last-known' },
      { value: null, level: null },
    ]);
    clock.now += 890_000;
    expect(await cache.get('long')).toEqual({ value: null, level: null });
  });

  it('forgets the last known value of a key that L2 no longer has (deleted by another instance)', async () => {
    const { cache, other, l2State, clock } = setup({ maxEntries: 100, ttlSeconds: 2 }, 900);
    await cache.set('a', '1');
    await other.delete('a');
    clock.now += 2_000;
    expect(await cache.get('a')).toEqual({ value: null, level: null });
    l2State.down = true;
    expect(await cache.get('a')).toEqual({ value: null, level: null });
  });

  it('empties L1 on close and leaves L2 to its owner', async () => {
    const { cache, l2 } = setup();
    await cache.set('a', '1');
    await cache.close();
    expect(await cache.get('a')).toEqual({ value: '1', level: 'l2' });
    expect(await l2.get('a')).toBe('1');
  });
});

describe('two-level cache over Redis', () => {
  let redis: Redis;
  const prefix = `test:two-level:${randomUUID()}:`;

  beforeAll(() => {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
    redis = new Redis(url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    const leftovers = await redis.keys(`${prefix}*`);
    if (leftovers.length > 0) await redis.del(...leftovers);
    await redis.quit();
  });

  it('shares values between instances through Redis and deletes from both levels', async () => {
    const options = { l1: { maxEntries: 10, ttlSeconds: 5 }, l2: createRedisCache(redis, prefix), l2TtlSeconds: 60 };
    const [first, second] = [createTwoLevelCache(options), createTwoLevelCache(options)];
    await first.set('a', '1');
    expect(await second.getMany(['a', 'b'])).toEqual([
      { value: '1', level: 'l2' },
      { value: null, level: null },
    ]);
    await second.delete('a');
    expect(await redis.get(`${prefix}a`)).toBeNull();
    expect(await second.get('a')).toEqual({ value: null, level: null });
  });
});
