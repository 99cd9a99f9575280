import type { MarketRecord } from '../model/market-model.js';
import {
  rankTokens,
  toRankedOrder,
  toRankedPage,
  toRankQuery,
  type RankedEntry,
  type RankedPage,
  type RankTokensArgs,
} from './rank-tokens.js';

/** {@link rankTokens} with the orders of recent sorts and filters kept between requests. */
export interface TokenRanking {
  /** Exactly `rankTokens(records, args)`. */
  rank(records: readonly MarketRecord[], args?: RankTokensArgs): RankedPage;
}

/**
 * Keeps the rank order of up to `maxOrders` sorts and filters. An order is reused while the records it was
 * computed from are the very same objects in the same positions (the market store serves one parsed object
 * per stored value, so any changed, added or vanished record recomputes it): the page is always
 * `rankTokens` over the current records. Calls with outside values (`firstSeenAt`, `d7`) are not kept.
 */
export function createTokenRanking(maxOrders = 64): TokenRanking {
  const orders = new Map<string, { records: readonly MarketRecord[]; ranked: RankedEntry[] }>();
  return {
    rank(records, args = {}) {
      if (args.firstSeenAt || args.d7) return rankTokens(records, args);
      const query = toRankQuery(args);
      const kept = orders.get(query.hash);
      if (kept && isSameList(kept.records, records)) return toRankedPage(kept.ranked, query);
      const ranked = toRankedOrder(records, query);
      orders.delete(query.hash);
      orders.set(query.hash, { records: [...records], ranked });
      for (const oldest of orders.keys()) {
        if (orders.size <= maxOrders) break;
        orders.delete(oldest);
      }
      return toRankedPage(ranked, query);
    },
  };
}

/** Whether both lists hold the same objects in the same order. */
function isSameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
