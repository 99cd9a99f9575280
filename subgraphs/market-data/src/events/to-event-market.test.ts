import { describe, expect, it } from '@jest/globals';
import { eventMarketSchema } from '@memegraph/contracts';
import type { MarketRecord } from '../model/market-model.js';
import { toEventMarket } from './to-event-market.js';

const record: MarketRecord = {
  chain: 'SOLANA',
  address: 'A',
  name: 'A token',
  symbol: 'A',
  imageUrl: null,
  priceUsd: 2,
  priceNative: 0.01,
  marketCapUsd: 1_000,
  fdvUsd: null,
  liquidityUsd: 500,
  priceSpreadPct: 0.5,
  volumeUsd: { M5: 1, H24: 20 },
  priceChangePct: { H1: -3 },
  txns: { H1: { buys: 1, sells: 2 } },
  suspectVolume: false,
  updatedAt: '2026-12-01T00:00:00.000Z',
  sources: [
    { source: 'JUPITER', priceUsd: 2, liquidityUsd: null, volumeUsd24h: null, fetchedAt: '2026-12-01T00:00:00.000Z' },
  ],
  pools: [],
};
const updated = Date.parse(record.updatedAt);

describe('toEventMarket', () => {
  it('carries what TokenMarket serves from the record, without sources, pools or metadata, in the contract shape', () => {
    const market = toEventMarket(record, 30, updated + 1_000);
    expect(market).toEqual({
      priceUsd: 2,
      priceNative: 0.01,
      marketCapUsd: 1_000,
      fdvUsd: null,
      liquidityUsd: 500,
      priceSpreadPct: 0.5,
      volumeUsd: { M5: 1, H24: 20 },
      priceChangePct: { H1: -3 },
      txns: { H1: { buys: 1, sells: 2 } },
      updatedAt: '2026-12-01T00:00:00.000Z',
      stale: false,
    });
    expect(eventMarketSchema.parse(market)).toEqual(market);
  });

  it.each([
    ['within the cache TTL', 30_000, false],
    ['older than the cache TTL (every source failed to refresh it)', 30_001, true],
  ])('is stale by the store rule: %s', (_name, ageMs, stale) => {
    expect(toEventMarket(record, 30, updated + ageMs).stale).toBe(stale);
  });
});
