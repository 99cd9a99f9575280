import type { Chain } from '../generated/resolvers.js';

/** The token key an event carries; the rest of Token is resolved through the supergraph. */
export interface TokenRef {
  chain: Chain;
  address: string;
}
