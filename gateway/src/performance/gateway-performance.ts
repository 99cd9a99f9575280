import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayConfig } from '../gateway.config.js';
import type { GatewayContext } from '../gateway.context.js';
import type { HttpGuard } from '../security/http-body-guard.js';
import { createFetchFetcher, createUndiciFetcher, type Fetcher } from '../federation/undici-fetcher.js';
import { withInflightDedup } from './inflight-dedup.js';
import { createResponseCache } from './response-cache.js';

/** The gateway's throughput options, built from its configuration; each one is switched by its own variable. */
export interface GatewayPerformance {
  /** Fetcher of every subgraph data source. */
  fetcher: Fetcher;
  /** ApolloGateway options. */
  gatewayOptions: { experimental_approximateQueryPlanStoreMiB: number };
  /** Extra Apollo plugins and the middleware that goes in front of Apollo on /graphql. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  middleware: HttpGuard[];
  /** Counters for /metrics and benchmarks. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * SUBGRAPH_FETCHER (undici pool or global fetch), SUBGRAPH_DEDUP (share identical in-flight subgraph
 * fetches), RESPONSE_CACHE_TTL_MS (0: off) and QUERY_PLAN_CACHE_MIB, as the pieces the composition root wires.
 */
export function createGatewayPerformance(config: GatewayConfig): GatewayPerformance {
  const pool =
    config.SUBGRAPH_FETCHER === 'undici'
      ? createUndiciFetcher({ connections: config.SUBGRAPH_CONNECTIONS, timeoutMs: config.SUBGRAPH_TIMEOUT_MS })
      : undefined;
  const base = pool?.fetcher ?? createFetchFetcher(config.SUBGRAPH_TIMEOUT_MS);
  const dedup = config.SUBGRAPH_DEDUP ? withInflightDedup(base) : undefined;
  const responseCache =
    config.RESPONSE_CACHE_TTL_MS > 0
      ? createResponseCache({ ttlMs: config.RESPONSE_CACHE_TTL_MS, maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES })
      : undefined;
  return {
    fetcher: dedup?.fetcher ?? base,
    gatewayOptions: { experimental_approximateQueryPlanStoreMiB: config.QUERY_PLAN_CACHE_MIB },
    plugins: responseCache ? [responseCache.plugin] : [],
    middleware: responseCache ? [responseCache.middleware] : [],
    stats: () => ({
      subgraph_fetches_shared_total: dedup?.stats().shared ?? 0,
      ...Object.fromEntries(
        Object.entries(responseCache?.stats() ?? {}).map(([name, value]) => [`response_cache_${name}_total`, value]),
      ),
    }),
    close: async () => pool?.close(),
  };
}
