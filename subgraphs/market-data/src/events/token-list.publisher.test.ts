import { describe, expect, it } from '@jest/globals';
import { Topic, topics, toTokenListSpec, type TopicPayload } from '@memegraph/contracts';
import { createLogger, createMemoryCache, createMemoryPubSub, createTwoLevelCache } from '@memegraph/infra';
import { marketRecord } from '../model/market-record.fixture.js';
import { MarketStore } from '../store/market-store.js';
import { createMemoryTokenSet } from '../tracking/token-set.js';
import { createTokenListPublisher } from './token-list.publisher.js';

const log = createLogger('test', 'silent');
const byLiquidity = (first: number) => toTokenListSpec({ sort: { field: 'LIQUIDITY' }, first });

/** A publisher over in-memory ports with tokens A, B, C listed (liquidity 3, 2, 1), and what it publishes. */
async function setup() {
  const pubsub = createMemoryPubSub(topics, log);
  const cache = createTwoLevelCache({
    l1: { maxEntries: 100, ttlSeconds: 60 },
    l2: createMemoryCache(),
    l2TtlSeconds: 600,
  });
  const store = new MarketStore({ cache, ttlSeconds: 60, staleMaxSeconds: 600 });
  const tokens = createMemoryTokenSet();
  const put = (address: string, liquidityUsd: number) =>
    store.putRecord(marketRecord({ address, liquidityUsd, updatedAt: new Date().toISOString() }));
  for (const [address, liquidity] of [
    ['A', 3],
    ['B', 2],
    ['C', 1],
  ] as const) {
    await tokens.setTracked(`SOLANA:${address}`, true);
    await put(address, liquidity);
  }
  const published: Array<TopicPayload<typeof Topic.LIST_RANKED>> = [];
  await pubsub.subscribe(Topic.LIST_RANKED, (event) => void published.push(event));
  const publisher = createTokenListPublisher({
    pubsub,
    store,
    tokens,
    cacheTtlSeconds: 60,
    demandTtlMs: 1_000,
    maxLists: 2,
    log,
  });
  const rank = async () => {
    await publisher.rankDemanded();
    await new Promise((resolve) => setImmediate(resolve)); // the memory pub/sub delivers asynchronously
  };
  return { publisher, published, put, rank };
}
const pages = (events: Array<TopicPayload<typeof Topic.LIST_RANKED>>) =>
  events.map((e) => `${e.spec.first}@v${e.version}: ${e.entries.map((entry) => entry.address).join(' ')}`);

describe('token list publisher', () => {
  it('ranks each demanded list once per call and publishes only the pages that changed', async () => {
    const { publisher, published, put, rank } = await setup();
    await rank();
    expect(publisher.stats()).toEqual({ rankings: 0, published: 0, demanded: 0 }); // nothing demanded: no work
    publisher.demand([byLiquidity(2), byLiquidity(3)]);
    publisher.demand([byLiquidity(2)]); // the same list announced again (another gateway): still one list
    await rank();
    // In order of last demand.
    expect(pages(published)).toEqual(['3@v1: A B C', '2@v1: A B']);
    await rank(); // nothing changed
    expect(publisher.stats()).toEqual({ rankings: 4, published: 2, demanded: 2 });
    await put('C', 2.5); // C passes B
    await rank();
    expect(pages(published).slice(2)).toEqual(['3@v2: A C B', '2@v2: A C']);
    await put('B', 2.4); // B's values change, below the top 2
    await rank();
    expect(pages(published).slice(4)).toEqual(['3@v3: A C B']);
    await put('A', 3); // a refresh that changed no value
    await rank();
    expect(publisher.stats()).toEqual({ rankings: 10, published: 5, demanded: 2 });
  });

  it('drops the least recently demanded list beyond maxLists', async () => {
    const { publisher, published, rank } = await setup();
    publisher.demand([byLiquidity(1), byLiquidity(2)]);
    publisher.demand([byLiquidity(1)]);
    publisher.demand([byLiquidity(3)]); // three lists, two kept: 2 was demanded least recently
    await rank();
    expect(pages(published)).toEqual(['1@v1: A', '3@v1: A B C']);
  });
});
