import type { MarketStore } from './token/market-store.js';
import type { UpstreamRegistry } from './upstreams/upstream-registry.js';

/** What every resolver of one request receives. */
export interface RequestContext {
  store: MarketStore;
  upstreams: UpstreamRegistry;
}
