/**
 * The market store keeps served records parsed, on real Redis shared by two stores (two instances): a record
 * is parsed once per stored value, and a newer record is served exactly when the cache returns it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedisCache, createTwoLevelCache } from '@memegraph/infra';
import { MarketStore } from '../src/store/market-store.js';
import { marketRecord } from '../src/model/market-record.fixture.js';
import { toTokenKey } from '../src/model/market-model.js';
import { testEnv } from '../../../test/harness/test-database.js';

const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
const prefix = `test:store:${randomBytes(4).toString('hex')}:`;
const t0 = Date.parse('2025-06-15T12:00:00.000Z');

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** One instance's store: its own L1 (1 s) over the shared Redis, on a clock the test moves. */
function createInstance(clock: { ms: number }, maxParsed?: number) {
  const now = () => clock.ms;
  const cache = createTwoLevelCache({
    l1: { maxEntries: 100, ttlSeconds: 1 },
    l2: createRedisCache(redis, prefix),
    l2TtlSeconds: 600,
    lastKnownSeconds: 600,
    now,
  });
  return new MarketStore({ cache, ttlSeconds: 60, staleMaxSeconds: 600, maxParsed, now });
}

const at = (ms: number) => new Date(ms).toISOString();

describe('MarketStore parsed records', () => {
  it('serves the same parsed record for every read of one stored value, from L1 and from Redis', async () => {
    const clock = { ms: t0 };
    const store = createInstance(clock);
    const record = marketRecord({ address: 'SameValue1111', priceUsd: 1, updatedAt: at(t0) });
    await store.putRecord(record);
    const [first] = await store.getMany([toTokenKey(record)]);
    const [again] = await store.getMany([toTokenKey(record)]);
    clock.ms += 1_500; // past L1: read from Redis again, an equal string
    const [fromRedis] = await store.getMany([toTokenKey(record)]);
    expect(first).toEqual({ record, stale: false });
    expect(again).toBe(first);
    expect(fromRedis).toBe(first);
  });

  it('serves its own newer write at once, and another instance sees it once its L1 entry expires', async () => {
    const clock = { ms: t0 };
    const writer = createInstance(clock);
    const reader = createInstance(clock);
    const key = toTokenKey(marketRecord({ address: 'NewerValue111' }));
    await writer.putRecord(marketRecord({ address: 'NewerValue111', priceUsd: 1, updatedAt: at(t0) }));
    expect((await writer.getMany([key]))[0]?.record.priceUsd).toBe(1);
    expect((await reader.getMany([key]))[0]?.record.priceUsd).toBe(1);

    clock.ms += 500;
    await writer.putRecord(marketRecord({ address: 'NewerValue111', priceUsd: 2, updatedAt: at(clock.ms) }));
    expect((await writer.getMany([key]))[0]?.record.priceUsd).toBe(2);
    // The reader's L1 still holds the older value (as before records were kept parsed) until it expires.
    expect((await reader.getMany([key]))[0]?.record.priceUsd).toBe(1);
    clock.ms += 1_000;
    const [newer] = await reader.getMany([key]);
    expect(newer).toEqual({
      record: marketRecord({ address: 'NewerValue111', priceUsd: 2, updatedAt: at(t0 + 500) }),
      stale: false,
    });
  });

  it('turns a kept record stale past the cache TTL and drops it past STALE_MAX_SECONDS', async () => {
    const clock = { ms: t0 };
    const store = createInstance(clock);
    const record = marketRecord({ address: 'AgingValue111', priceUsd: 3, updatedAt: at(t0) });
    await store.putRecord(record);
    const [fresh] = await store.getMany([toTokenKey(record)]);
    clock.ms = t0 + 61_000;
    const [stale] = await store.getMany([toTokenKey(record)]);
    const [staleAgain] = await store.getMany([toTokenKey(record)]);
    clock.ms = t0 + 601_000;
    const [gone] = await store.getMany([toTokenKey(record)]);
    expect(fresh).toEqual({ record, stale: false });
    expect(stale).toEqual({ record, stale: true });
    expect(stale?.record).toBe(fresh?.record);
    expect(staleAgain).toBe(stale);
    expect(gone).toBeNull();
  });

  it('re-parses a key beyond maxParsed and still serves the stored value', async () => {
    const store = createInstance({ ms: t0 }, 1);
    const a = marketRecord({ address: 'EvictedA11111', priceUsd: 4, updatedAt: at(t0) });
    const b = marketRecord({ address: 'EvictedB11111', priceUsd: 5, updatedAt: at(t0) });
    await Promise.all([store.putRecord(a), store.putRecord(b)]);
    const [firstA] = await store.getMany([toTokenKey(a)]);
    await store.getMany([toTokenKey(b)]);
    const [againA] = await store.getMany([toTokenKey(a)]);
    expect(againA).toEqual({ record: a, stale: false });
    expect(againA).not.toBe(firstA);
  });
});
