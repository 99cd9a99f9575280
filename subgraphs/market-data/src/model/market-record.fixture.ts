import type { MarketRecord } from './market-model.js';

/**
 * A market record for unit tables: every value absent (null / empty) unless `overrides` sets it, on
 * SOLANA at a fixed time, so a row states only what it is about.
 */
export const marketRecord = (overrides: Partial<MarketRecord> = {}): MarketRecord => ({
  chain: 'SOLANA',
  address: 'Examp1eMarketRecordAddress1111111111111111111',
  name: null,
  symbol: null,
  imageUrl: null,
  priceUsd: null,
  priceNative: null,
  marketCapUsd: null,
  fdvUsd: null,
  liquidityUsd: null,
  priceSpreadPct: null,
  volumeUsd: {},
  priceChangePct: {},
  txns: {},
  suspectVolume: false,
  updatedAt: '2025-06-15T12:00:00.000Z',
  sources: [],
  pools: [],
  ...overrides,
});
