import type { MarketLoaders } from './market/market.loaders.js';
import type { MarketStore } from './market/market-store.js';
import type { TokenSetPort } from './tracking/token-set.js';
import type { UpstreamRegistry } from './upstreams/upstream-registry.js';

/** Services shared by every request. */
export interface MarketDataServices {
  store: MarketStore;
  tokens: TokenSetPort;
  upstreams: UpstreamRegistry;
}

/** What every resolver of one request receives. */
export interface RequestContext extends MarketDataServices {
  loaders: MarketLoaders;
}
