/**
 * Query.tokens' kept pages (store/listing-page.store.ts through token/list-tokens.ts), on real Redis shared
 * by two instances: a page computed by one is served by both for LISTING_PAGE_TTL_MS without reading every
 * listed record; the records on it are read at request time; past the TTL, or when a token on it lost its
 * record, the listing is ranked again and equals rankTokens over the current records.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createLogger, createRedisCache, createTwoLevelCache } from '@memegraph/infra';
import type { RequestContext } from '../src/context.js';
import { marketRecord } from '../src/model/market-record.fixture.js';
import { toTokenKey, type MarketRecord } from '../src/model/market-model.js';
import { rankTokens, type RankTokensArgs } from '../src/ranking/rank-tokens.js';
import { createTokenRanking } from '../src/ranking/token-ranking.js';
import { HistoryWindowStore } from '../src/store/history-window.store.js';
import { ListingPageStore } from '../src/store/listing-page.store.js';
import { createMarketLoaders } from '../src/store/market.loaders.js';
import { MarketStore } from '../src/store/market-store.js';
import { listTokens } from '../src/token/list-tokens.js';
import { createMemoryTokenSet, type TokenSetPort } from '../src/tracking/token-set.js';
import { testEnv } from '../../../test/harness/test-database.js';

const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
const t0 = Date.parse('2025-06-15T12:00:00.000Z');
const TTL_MS = 1_000;
const log = createLogger('test', 'silent');

afterAll(async () => {
  await redis.quit();
});

/** A fresh Redis namespace, its listed tokens, and a clock the test moves. */
function createWorld() {
  const prefix = `test:listing:${randomBytes(4).toString('hex')}:`;
  const tokens = createMemoryTokenSet();
  let listableCalls = 0;
  const counted: TokenSetPort = {
    ...tokens,
    listable: () => ((listableCalls += 1), tokens.listable()),
  };
  return { prefix, tokens: counted, clock: { ms: t0 }, listableCalls: () => listableCalls };
}

/** One instance: its own L1 (2 s, as by default) over the shared Redis, its own ranking. */
function createInstance(world: ReturnType<typeof createWorld>, ttlMs = TTL_MS) {
  const now = () => world.clock.ms;
  const cache = createTwoLevelCache({
    l1: { maxEntries: 1000, ttlSeconds: 2 },
    l2: createRedisCache(redis, world.prefix),
    l2TtlSeconds: 600,
    lastKnownSeconds: 600,
    now,
  });
  const store = new MarketStore({ cache, ttlSeconds: 3600, staleMaxSeconds: 7200, now });
  const historyWindows = new HistoryWindowStore(cache, 600);
  const listingPages = new ListingPageStore({ cache, ttlMs, now });
  const ranking = createTokenRanking();
  /** A request's context, as the app makes one. */
  const context = () =>
    ({
      store,
      listingPages,
      historyWindows,
      tokens: world.tokens,
      ranking,
      loaders: createMarketLoaders(store, world.tokens, historyWindows, log),
    }) as unknown as RequestContext;
  return { store, cache, list: (args: RankTokensArgs) => listTokens(context(), args) };
}

const record = (i: number, volume: number, price = i): MarketRecord =>
  marketRecord({
    address: `Listed${String(i).padStart(4, '0')}1111111111111111111111111111111111`,
    priceUsd: price,
    volumeUsd: { H24: volume },
    updatedAt: new Date(t0).toISOString(),
  });

async function seed(world: ReturnType<typeof createWorld>, store: MarketStore, records: MarketRecord[]) {
  for (const r of records) {
    await store.putRecord(r);
    await world.tokens.setTracked(toTokenKey(r), true);
  }
}

/** What a client sees of a page: the tokens in order, their prices, cursors and the connection's counts. */
const view = (page: Awaited<ReturnType<ReturnType<typeof createInstance>['list']>>) => ({
  edges: page.edges.map((edge) => ({ cursor: edge.cursor, address: edge.record.address, price: edge.record.priceUsd })),
  pageInfo: page.pageInfo,
  totalCount: page.totalCount,
});

/** Flushes the fire-and-forget write of a computed page. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('Query.tokens kept pages', () => {
  it('serves a page computed by one instance to another within the TTL, without reading the listed tokens', async () => {
    const world = createWorld();
    const [a, b] = [createInstance(world), createInstance(world)];
    const records = Array.from({ length: 30 }, (_, i) => record(i, 1000 + i * 10));
    await seed(world, a.store, records);
    const args = { first: 5 };
    const computed = await a.list(args);
    expect(view(computed)).toEqual(view(rankTokens(records, args)));
    await settle();
    expect(world.listableCalls()).toBe(1);

    world.clock.ms += TTL_MS - 1;
    expect(view(await b.list(args))).toEqual(view(computed));
    expect(view(await a.list(args))).toEqual(view(computed));
    expect(world.listableCalls()).toBe(1);
  });

  it("shows the records' current values on a kept page, the order at most the TTL old", async () => {
    const world = createWorld();
    const instance = createInstance(world);
    const records = Array.from({ length: 10 }, (_, i) => record(i, 1000 + i * 10));
    await seed(world, instance.store, records);
    const args = { first: 3 };
    const before = await instance.list(args);
    await settle();
    // The last token jumps to the top by volume and changes its price; the first listed changes its price.
    const top = before.edges[0]!.record;
    const changed = [
      { ...records[0]!, volumeUsd: { H24: 1_000_000 }, priceUsd: 99 },
      { ...top, priceUsd: 42 },
    ];
    for (const r of changed) await instance.store.putRecord(r);
    const current = records.map((r) => changed.find((c) => c.address === r.address) ?? r);

    world.clock.ms += TTL_MS;
    const kept = await instance.list(args);
    expect(kept.edges.map((e) => e.record.address)).toEqual(before.edges.map((e) => e.record.address));
    expect(kept.edges[0]!.record.priceUsd).toBe(42);

    world.clock.ms += 1;
    expect(view(await instance.list(args))).toEqual(view(rankTokens(current, args)));
    expect(world.listableCalls()).toBe(2);
  });

  it('continues from a kept page with its cursor as from a ranked one', async () => {
    const world = createWorld();
    const [a, b] = [createInstance(world), createInstance(world)];
    const records = Array.from({ length: 12 }, (_, i) => record(i, 500 + (i % 4) * 100));
    await seed(world, a.store, records);
    const sort = { field: 'VOLUME' as const, direction: 'ASC' as const };
    const first = await a.list({ first: 5, sort });
    await settle();
    const keptFirst = await b.list({ first: 5, sort });
    const second = await b.list({ first: 5, sort, after: keptFirst.pageInfo.endCursor });
    expect(view(second)).toEqual(view(rankTokens(records, { first: 5, sort, after: first.pageInfo.endCursor })));
  });

  it('ranks again when a token on the kept page lost its record', async () => {
    const world = createWorld();
    const instance = createInstance(world);
    const records = Array.from({ length: 8 }, (_, i) => record(i, 100 + i));
    await seed(world, instance.store, records);
    const before = await instance.list({ first: 3 });
    await settle();
    const gone = before.edges[1]!.record;
    await instance.cache.delete(`md:rec:{${toTokenKey(gone)}}`);
    const after = await instance.list({ first: 3 });
    const remaining = records.filter((r) => r.address !== gone.address);
    expect(view(after)).toEqual(view(rankTokens(remaining, { first: 3 })));
    expect(world.listableCalls()).toBe(2);
  });

  it('with LISTING_PAGE_TTL_MS=0 ranks every listing', async () => {
    const world = createWorld();
    const instance = createInstance(world, 0);
    const records = Array.from({ length: 6 }, (_, i) => record(i, 10 + i));
    await seed(world, instance.store, records);
    for (let i = 0; i < 3; i++)
      expect(view(await instance.list({ first: 2 }))).toEqual(view(rankTokens(records, { first: 2 })));
    await settle();
    expect(world.listableCalls()).toBe(3);
    expect(await redis.keys(`${world.prefix}md:page:*`)).toEqual([]);
  });

  it('refuses invalid arguments before reading anything', async () => {
    const world = createWorld();
    const instance = createInstance(world);
    await expect(instance.list({ first: 0 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(world.listableCalls()).toBe(0);
  });
});
