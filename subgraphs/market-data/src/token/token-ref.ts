import type { Chain } from '../generated/resolvers.js';

/** Stored 7-day values the gateway fetched from the tokens subgraph (`@requires` on Token.market). */
export interface History7d {
  volumeUsd: number | null;
  priceChangePct: number | null;
}

/** A token as the market-data subgraph knows it: its key (metadata comes from the tokens subgraph). */
export interface TokenRef {
  chain: Chain;
  address: string;
  history7d?: History7d | null;
}
