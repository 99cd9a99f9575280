import type { EventMarket } from '@memegraph/contracts';
import type { MarketRecord } from '../model/market-model.js';

/**
 * The market record a `price.updated` event carries: the fields TokenMarket serves from the merged record,
 * `stale` by the store's rule (older than the cache TTL). D7, sources and pools stay out: a subscriber that
 * selects them is hydrated through the supergraph.
 */
export function toEventMarket(record: MarketRecord, cacheTtlSeconds: number, now = Date.now()): EventMarket {
  return {
    priceUsd: record.priceUsd,
    priceNative: record.priceNative,
    marketCapUsd: record.marketCapUsd,
    fdvUsd: record.fdvUsd,
    liquidityUsd: record.liquidityUsd,
    priceSpreadPct: record.priceSpreadPct,
    volumeUsd: record.volumeUsd,
    priceChangePct: record.priceChangePct,
    txns: record.txns,
    updatedAt: record.updatedAt,
    stale: now - Date.parse(record.updatedAt) > cacheTtlSeconds * 1000,
  };
}
