/**
 * The market-data subgraph end to end: real Redis, real HTTP, the fake upstream serving the recorded
 * fixtures. Tracking events in, merged records, ranked lists, live events and durable snapshots out.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stream, Topic, streams, topics, type Streams, type Topics } from '@memegraph/contracts';
import {
  createLogger,
  createRedisDurableStream,
  createRedisPubSub,
  type DurableStreamPort,
  type PubSubPort,
} from '@memegraph/infra';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { testEnv } from '../../../test/harness/test-database.js';

const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
const PEPSOL = 'PEPSExamp1e1MJgpjKdMjehMxJ5kyuL967cYy33Fpump';
const CATX = 'CATXExamp1e6X83f8kKQnRrzpXGcA6RHoCJ5L3ZTpump';
const log = createLogger('test', 'silent');

let fake: FakeUpstream;
let service: MarketDataService;
let stream: DurableStreamPort<Streams>;
let pubsub: PubSubPort<Topics>;
let prefix: string;

const configFor = (extra: Record<string, string> = {}) =>
  loadMarketDataConfig({
    LOG_LEVEL: 'silent',
    ...marketDataTestEnv(fake),
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: prefix,
    DISCOVERY_INTERVAL_MS: '600000',
    UPSTREAM_TIMEOUT_MS: '1000',
    // No tokens subgraph here: the test tracks through the stream alone.
    TRACKING_RECONCILE_INTERVAL_MS: '0',
    ...extra,
  });

const marketQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token {
  address market { priceUsd priceSpreadPct liquidityUsd stale volumeUsd(window: H24) d7: volumeUsd(window: D7) sources { source priceUsd } }
  pools(first: 2) { address dex liquidityUsd } } } }`;
const market = async (address: string) => {
  const result = await postGraphql(service.url, marketQuery, {
    r: [{ __typename: 'Token', chain: 'SOLANA', address }],
  });
  expect(result.body.errors).toBeUndefined();
  return (result.body.data?._entities as Array<{ market: Record<string, any> | null; pools: unknown[] }>)[0]!;
};

beforeAll(async () => {
  prefix = `test:${randomBytes(4).toString('hex')}:`;
  fake = await startFakeUpstream();
  stream = createRedisDurableStream({ events: streams, url: testEnv('TEST_REDIS_URL'), log, keyPrefix: prefix });
  pubsub = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  service = await startMarketData(configFor(), log);
  for (const address of [BONKX, WIFX, PEPSOL])
    await stream.append(Stream.TOKENS_TRACKING, { chain: 'SOLANA', address, tracked: true });
});

afterAll(async () => {
  await service?.close();
  await stream?.close();
  await pubsub?.close();
  await fake?.close();
});

describe('market-data subgraph', () => {
  it('polls tracked tokens and serves merged records with per-source quotes', async () => {
    await waitFor(async () => (await market(WIFX)).market?.sources?.length === 3, 15_000, 'WIFX from three sources');
    const wifx = await market(WIFX);
    expect(wifx.market).toMatchObject({ stale: false, d7: null });
    expect(wifx.market!.priceSpreadPct).toBeGreaterThan(5);
    expect(wifx.market!.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'DEXSCREENER',
      'GECKOTERMINAL',
      'JUPITER',
    ]);
    await waitFor(async () => (await market(BONKX)).market !== null, 15_000, 'BONKX merged');
    expect((await market(BONKX)).market!.priceSpreadPct).toBeLessThan(1);
  });

  it('answers Query.tokens from the cache, ranked, with keyset pages that visit each token once', async () => {
    await waitFor(async () => (await market(PEPSOL)).market !== null, 15_000, 'PEPSOL merged');
    const query = `query($after: String) { tokens(sort: { field: LIQUIDITY }, first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { address market { liquidityUsd } } } } }`;
    const seen: string[] = [];
    const liquidity: number[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 20; page++) {
      const result = await postGraphql(service.url, query, { after });
      expect(result.body.errors).toBeUndefined();
      const tokens = result.body.data?.tokens as any;
      totalCount = tokens.totalCount;
      for (const edge of tokens.edges) {
        seen.push(edge.node.address);
        liquidity.push(edge.node.market.liquidityUsd ?? -1);
      }
      if (!tokens.pageInfo.hasNextPage) break;
      after = tokens.pageInfo.endCursor;
    }
    // The tracked tokens plus those discovery found in the trending/new pools and boosts.
    expect(seen).toEqual(expect.arrayContaining([BONKX, WIFX, PEPSOL]));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(totalCount);
    const known = liquidity.filter((l) => l >= 0);
    expect(known).toEqual([...known].sort((a, b) => b - a));
  });

  it('serves D7 from the window the tokens subgraph hands over (history.windows), null without one', async () => {
    await waitFor(async () => (await market(WIFX)).market !== null, 15_000, 'a WIFX record');
    expect((await market(WIFX)).market?.d7).toBeNull();
    await stream.append(Stream.HISTORY_WINDOWS, [
      {
        chain: 'SOLANA',
        address: WIFX,
        from: new Date(Date.now() - 7 * 86_400_000).toISOString(),
        volumeUsd: 1234.5,
        priceChangePct: -12,
      },
    ]);
    await waitFor(async () => (await market(WIFX)).market?.d7 === 1234.5, 10_000, 'WIFX D7 from history.windows');
  });

  it('publishes price updates live and price snapshots durably', async () => {
    const received: unknown[] = [];
    const unsubscribe = await pubsub.subscribe(Topic.PRICE_UPDATED, (payload) => received.push(payload));
    const snapshots: unknown[] = [];
    const consumer = await stream.consume(Stream.MARKET_SNAPSHOTS, `test-${prefix}`, 'c1', async (messages) => {
      for (const m of messages) snapshots.push(...m.payload.items);
    });
    try {
      // Tracking a token no one polled yet (CATX: Jupiter only, never discovered) makes its first price an update.
      await stream.append(Stream.TOKENS_TRACKING, { chain: 'SOLANA', address: CATX, tracked: true });
      await waitFor(() => received.some((p: any) => p.token.address === CATX), 15_000, 'price.updated for CATX');
      const update = received.find((p: any) => p.token.address === CATX) as any;
      expect(update).toMatchObject({
        priceUsd: expect.any(Number),
        previousPriceUsd: null,
        at: expect.any(String),
      });
      // The event carries the new served market record, so gateways answer market fields from it.
      expect(update.market).toMatchObject({ priceUsd: update.priceUsd, updatedAt: update.at, stale: false });
      await waitFor(() => snapshots.some((s: any) => s.address === CATX), 15_000, 'a CATX snapshot');
      expect(snapshots[0]).toMatchObject({ chain: 'SOLANA', priceUsd: expect.any(Number), at: expect.any(String) });
    } finally {
      await unsubscribe();
      await consumer.stop();
      fake.reset();
    }
  });

  it('puts tokens that gateways announce as subscribed at the front of the polling order', async () => {
    // CATX was tracked by the previous test and never queried here, so nothing has put it in demand yet.
    expect((await service.scheduler.candidates()).hot).not.toContain(`SOLANA:${CATX}`);
    await pubsub.publish(Topic.DEMAND_SUBSCRIBED, { tokens: [`SOLANA:${CATX}`] });
    await waitFor(async () => (await service.scheduler.candidates()).hot.includes(`SOLANA:${CATX}`), 5_000, 'CATX hot');
  });

  it('reports each upstream with its budget', async () => {
    const result = await postGraphql(
      service.url,
      `{ upstreams { source healthy circuit requestsLastMinute rateLimitPerMinute lastSuccessAt } }`,
    );
    const upstreams = result.body.data?.upstreams as Array<Record<string, unknown>>;
    expect(upstreams.map((u) => [u.source, u.rateLimitPerMinute])).toEqual([
      ['DEXSCREENER', 300],
      ['GECKOTERMINAL', 30],
      ['JUPITER', 30],
    ]);
    expect(upstreams.every((u) => (u.requestsLastMinute as number) > 0 && u.lastSuccessAt)).toBe(true);
  });

  it('serves the last value flagged stale when every source fails past the TTL', async () => {
    const staleService = await startMarketData(
      configFor({ CACHE_TTL_SECONDS: '1', POLL_INTERVAL_MS: '100', POLL_COLD_INTERVAL_MS: '100' }),
      log,
    );
    try {
      await waitFor(
        async () => {
          const r = await postGraphql(staleService.url, marketQuery, {
            r: [{ __typename: 'Token', chain: 'SOLANA', address: BONKX }],
          });
          return (r.body.data?._entities as any)[0].market?.stale === false;
        },
        15_000,
        'fresh BONKX',
      );
      fake.fail(/./, { status: 503 });
      await waitFor(
        async () => {
          const r = await postGraphql(staleService.url, marketQuery, {
            r: [{ __typename: 'Token', chain: 'SOLANA', address: BONKX }],
          });
          const m = (r.body.data?._entities as any)[0].market;
          return m?.stale === true && typeof m.priceUsd === 'number';
        },
        15_000,
        'stale BONKX with its last price',
      );
    } finally {
      fake.reset();
      await staleService.close();
    }
  });
});
