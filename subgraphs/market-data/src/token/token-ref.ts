import type { Chain } from '../generated/resolvers.js';

/** A token as the market-data subgraph knows it: its key (metadata comes from the tokens subgraph). */
export interface TokenRef {
  chain: Chain;
  address: string;
}
