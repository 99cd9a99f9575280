import { createLogger, startHttpServer, type Logger } from '@memegraph/infra';
import type { MarketDataConfig } from './market-data.config.js';
import { createMarketDataApp } from './market-data.server.js';
import { createMemoryMarketStore } from './token/market-store.js';
import { createUpstreamRegistry } from './upstreams/upstream-registry.js';

export { loadMarketDataConfig, marketDataConfigSchema, type MarketDataConfig } from './market-data.config.js';

/** A running market-data subgraph. */
export interface MarketDataService {
  url: string;
  close(): Promise<void>;
}

/** Composition root of the market-data subgraph. */
export async function startMarketDataService(
  config: MarketDataConfig,
  log: Logger = createLogger('market-data', config.LOG_LEVEL),
): Promise<MarketDataService> {
  const upstreams = createUpstreamRegistry({
    DEXSCREENER: config.DEXSCREENER_RATE_LIMIT_PER_MINUTE,
    GECKOTERMINAL: config.GECKOTERMINAL_RATE_LIMIT_PER_MINUTE,
    JUPITER: config.JUPITER_RATE_LIMIT_PER_MINUTE ?? (config.JUPITER_API_KEY ? 60 : 30),
  });
  const { app, apollo } = await createMarketDataApp(
    { store: createMemoryMarketStore(), upstreams },
    log,
    config.NODE_ENV !== 'production',
  );
  const http = await startHttpServer(app, config.MARKET_DATA_PORT, config.MARKET_DATA_HOST);
  const url = `${http.url}/graphql`;
  log.info({ url }, `market-data subgraph ready at ${url}`);
  return {
    url,
    async close() {
      await http.close();
      await apollo.stop();
    },
  };
}
