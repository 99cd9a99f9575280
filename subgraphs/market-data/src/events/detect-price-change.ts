/**
 * Price-update derivation between two merged records of one token. Pure; the poller publishes
 * `price.updated` when this returns an update.
 */
import type { MarketRecord } from '../model/market-model.js';

/** A price update (PriceUpdate without the token, which the publisher adds). */
export interface PriceUpdateRecord {
  priceUsd: number;
  /** Null on the first price seen for the token. */
  previousPriceUsd: number | null;
  /** Percent change from the previous price; 0 when there is no previous price. */
  changePct: number;
  /** The new record's updatedAt. */
  at: string;
}

const isPrice = (p: number | null): p is number => p !== null && Number.isFinite(p) && p > 0;

/**
 * The price update from `previous` to `next`, or null when `next` has no price or the price did not
 * change. A first price (no previous record, or a previous one without a price) is an update with
 * `previousPriceUsd: null` and `changePct: 0`, so subscribers get the initial value; clients filter
 * by `minChangePct`. Equality is exact: the merge is deterministic, so the same inputs give the same float.
 */
export function toPriceUpdate(previous: MarketRecord | null, next: MarketRecord): PriceUpdateRecord | null {
  if (!isPrice(next.priceUsd)) return null;
  const before = previous?.priceUsd ?? null;
  if (!isPrice(before)) return { priceUsd: next.priceUsd, previousPriceUsd: null, changePct: 0, at: next.updatedAt };
  if (before === next.priceUsd) return null;
  return {
    priceUsd: next.priceUsd,
    previousPriceUsd: before,
    changePct: ((next.priceUsd - before) / before) * 100,
    at: next.updatedAt,
  };
}
