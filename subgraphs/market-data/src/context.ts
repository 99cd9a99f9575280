import type { TokenRanking } from './ranking/token-ranking.js';
import type { MarketLoaders } from './store/market.loaders.js';
import type { HistoryWindowStore } from './store/history-window.store.js';
import type { ListingPageStore } from './store/listing-page.store.js';
import type { MarketStore } from './store/market-store.js';
import type { TokenSetPort } from './tracking/token-set.js';
import type { Chain } from './generated/resolvers.js';
import type { UpstreamTokenMetadata } from './upstreams/lookup-token-metadata.js';
import type { UpstreamRegistry } from './upstreams/upstream-registry.js';

/** Services shared by every request. */
export interface MarketDataServices {
  store: MarketStore;
  /** Query.tokens' ranked pages, shared by every instance for LISTING_PAGE_TTL_MS. */
  listingPages: ListingPageStore;
  /** TokenMarket's D7 windows, handed over by the tokens subgraph. */
  historyWindows: HistoryWindowStore;
  tokens: TokenSetPort;
  upstreams: UpstreamRegistry;
  /**
   * Live metadata lookup (trackToken of a token nobody stored yet); `requestId`: the request it is made for,
   * sent on to the upstreams as `x-request-id`.
   */
  lookupToken: (chain: Chain, address: string, requestId?: string) => Promise<UpstreamTokenMetadata | null>;
  /** UPSTREAM_DEMO: the upstreams are the demo replay of recorded fixtures, so every value is synthetic. */
  demo: boolean;
}

/** What every resolver of one request receives. */
export interface RequestContext extends MarketDataServices {
  loaders: MarketLoaders;
  /** Query.tokens' ranking, with the orders of recent sorts and filters kept by the app across requests. */
  ranking: TokenRanking;
}
