import type { TokenMarket, Pool } from '../generated/resolvers.js';
import type { TokenRef } from './token-ref.js';

/**
 * Where merged market records live. This issue ships the in-process store, which starts empty;
 * the market-data issue (#3) fills it from the upstream pollers and puts the two-level cache behind it.
 */
export interface MarketStore {
  /** Merged market record of a token; null when no upstream knows it. */
  getMarket(token: TokenRef): Promise<TokenMarket | null>;
  /** Pools of a token, most liquid first. */
  getPools(token: TokenRef, first: number): Promise<Pool[]>;
  /** Every token with a market record. */
  listTokens(): Promise<TokenRef[]>;
}

/** A store over an in-process map, keyed by chain and exact-case address. */
export function createMemoryMarketStore(): MarketStore & {
  put(token: TokenRef, market: TokenMarket, pools: Pool[]): void;
} {
  const records = new Map<string, { token: TokenRef; market: TokenMarket; pools: Pool[] }>();
  const key = (t: TokenRef) => `${t.chain}:${t.address}`;
  return {
    put: (token, market, pools) => void records.set(key(token), { token, market, pools }),
    getMarket: async (token) => records.get(key(token))?.market ?? null,
    getPools: async (token, first) => (records.get(key(token))?.pools ?? []).slice(0, first),
    listTokens: async () => [...records.values()].map((r) => r.token),
  };
}
