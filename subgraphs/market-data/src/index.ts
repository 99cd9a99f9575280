import {
  createLogger,
  createMetricsRegistry,
  startHttpServer,
  type Logger,
  type TwoLevelCacheStats,
} from '@memegraph/infra';
import { registerMarketDataMetrics } from './metrics/market-data-metrics.js';
import type { Source } from './market/market-model.js';
import { MarketStore } from './market/market-store.js';
import { createMarketDataInfra, type SharedPorts } from './market-data.infra.js';
import type { MarketDataConfig } from './market-data.config.js';
import { createMarketDataApp } from './market-data.server.js';
import { MarketEvents } from './polling/market-events.js';
import { PollScheduler } from './polling/poll-scheduler.js';
import type { UpstreamClients } from './polling/refresh-source.js';
import { startTrackingConsumer } from './tracking/tracking-consumer.js';
import { createTrackedKeysSource } from './tracking/tracked-keys.client.js';
import { startTrackingReconciler } from './tracking/tracking-reconciler.js';

/** Pub/sub topic on which the tokens subgraph announces a newly stored token. */
const TOKEN_STORED_TOPIC = 'token.discovered';
/** Pub/sub topic on which gateways announce tokens with live subscribers. */
const SUBSCRIBER_DEMAND_TOPIC = 'demand.subscribed';
/** Timeout of one page of the tokens subgraph's tracked-token list. */
const TRACKED_KEYS_TIMEOUT_MS = 10_000;
import { createUpstreamClients } from './upstreams/create-upstream-clients.js';
import { toBudgetShapes } from './upstreams/upstream-budget.js';
import { UpstreamStatusTracker } from './upstreams/upstream-status.js';
import { lookupTokenMetadata } from './upstreams/lookup-token-metadata.js';

export { loadMarketDataConfig, marketDataConfigSchema, type MarketDataConfig } from './market-data.config.js';

/** A running market-data subgraph. */
export interface MarketDataService {
  url: string;
  scheduler: PollScheduler;
  clients: UpstreamClients;
  /** Hit/miss counters of the two-level cache (benchmarks, metrics). */
  cacheStats(): TwoLevelCacheStats;
  close(): Promise<void>;
}

/**
 * Composition root of the market-data subgraph: ports, upstream clients behind the shared rate limits,
 * the store, the tracking consumer, the poll scheduler and the HTTP server. `close` stops polling first,
 * then HTTP, then the ports.
 */
export async function startMarketDataService(
  config: MarketDataConfig,
  log: Logger = createLogger('market-data', config.LOG_LEVEL),
  shared: SharedPorts = {},
): Promise<MarketDataService> {
  const infra = createMarketDataInfra(config, log, shared);
  const rateLimits: Record<Source, number> = {
    DEXSCREENER: config.DEXSCREENER_RATE_LIMIT_PER_MINUTE,
    GECKOTERMINAL: config.GECKOTERMINAL_RATE_LIMIT_PER_MINUTE,
    JUPITER: config.JUPITER_RATE_LIMIT_PER_MINUTE ?? (config.JUPITER_API_KEY ? 60 : 30),
  };
  const tracker = new UpstreamStatusTracker({ rateLimitPerMinute: rateLimits });
  const clients = createUpstreamClients(config, {
    tracker,
    log,
    bucket: infra.bucket,
    backoff: infra.backoff,
    rateLimits,
  });
  // Pollers plan their rounds on what they may spend: the budget minus the share kept for on-demand calls.
  const pollRate = (perMinute: number) => {
    const { capacity, refillPerMinute } = toBudgetShapes(perMinute, config.RATE_LIMIT_ON_DEMAND_PERCENT).background;
    return capacity + refillPerMinute;
  };
  const store = new MarketStore({
    cache: infra.cache,
    ttlSeconds: config.CACHE_TTL_SECONDS,
    staleMaxSeconds: config.STALE_MAX_SECONDS,
  });
  const events = new MarketEvents(
    infra.pubsub,
    infra.stream,
    {
      minRatio: config.SPIKE_MIN_RATIO,
      minVolumeUsd: config.SPIKE_MIN_VOLUME_USD,
      minLiquidityUsd: config.SPIKE_MIN_LIQUIDITY_USD,
    },
    log,
  );
  const tracking = await startTrackingConsumer(infra.stream, infra.tokens, infra.instanceId, log);
  // The tokens subgraph announces each discovered token it stored; only those may be listed.
  // Gateways announce tokens with live subscribers: they go to the front of the polling order.
  const stopDemand = await infra.pubsub.subscribe(SUBSCRIBER_DEMAND_TOPIC, (payload) => {
    const tokens = (payload as { tokens?: unknown }).tokens;
    if (Array.isArray(tokens)) {
      const keys = tokens.filter((t): t is string => typeof t === 'string' && t.includes(':')).slice(0, 10_000);
      infra.tokens
        .touch(keys, Date.now())
        .catch((error: Error) => log.warn({ err: error.message }, 'demand not recorded'));
    }
  });
  const stopStored = await infra.pubsub.subscribe(TOKEN_STORED_TOPIC, (payload) => {
    const token = payload as { chain?: string; address?: string };
    if (token.chain && token.address) {
      infra.tokens
        .markStored([`${token.chain}:${token.address}`])
        .catch((error: Error) => log.warn({ err: error.message }, 'stored mark lost'));
    }
  });
  const scheduler = new PollScheduler(
    {
      instanceId: infra.instanceId,
      cadences: [
        {
          source: 'DEXSCREENER',
          intervalMs: config.POLL_INTERVAL_MS,
          ratePerMinute: pollRate(rateLimits.DEXSCREENER),
          chunkSize: 30,
        },
        {
          source: 'JUPITER',
          intervalMs: config.POLL_INTERVAL_MS,
          ratePerMinute: pollRate(rateLimits.JUPITER),
          chunkSize: 50,
        },
        {
          source: 'GECKOTERMINAL',
          intervalMs: config.GECKOTERMINAL_POLL_INTERVAL_MS,
          ratePerMinute: pollRate(rateLimits.GECKOTERMINAL),
          chunkSize: 30,
        },
      ],
      hotIntervalMs: config.POLL_INTERVAL_MS,
      coldIntervalMs: config.POLL_COLD_INTERVAL_MS,
      demandWindowMs: config.DEMAND_WINDOW_SECONDS * 1000,
      discoveryIntervalMs: config.DISCOVERY_INTERVAL_MS,
      discoveryChains: ['SOLANA'],
    },
    {
      clients,
      store,
      events,
      stream: infra.stream,
      tokens: infra.tokens,
      leases: infra.leases,
      log,
      maxObservationAgeMs: config.STALE_MAX_SECONDS * 1000,
    },
  );
  if (config.POLLING_ENABLED) scheduler.start();
  const registry = createMetricsRegistry();
  registerMarketDataMetrics(registry, {
    cacheStats: () => infra.cache.stats(),
    tracker,
    upstreams: Object.keys(rateLimits) as Source[],
    redis: infra.redis,
  });
  // Postgres (through the tokens subgraph) is the source of truth for what is tracked: rebuilt from it at
  // start, periodically, and as soon as Redis is seen to have come back empty.
  const reconciler =
    config.TRACKING_RECONCILE_INTERVAL_MS > 0
      ? startTrackingReconciler(
          infra.tokens,
          createTrackedKeysSource(config.TOKENS_URL, TRACKED_KEYS_TIMEOUT_MS, config.SUBGRAPH_SECRET),
          { intervalMs: config.TRACKING_RECONCILE_INTERVAL_MS, checkMs: config.TRACKING_RESET_CHECK_MS },
          log,
          registry,
        )
      : undefined;

  const { app, apollo } = await createMarketDataApp(
    {
      store,
      tokens: infra.tokens,
      upstreams: tracker,
      demo: config.UPSTREAM_DEMO,
      lookupToken: (chain, address) => lookupTokenMetadata(clients, chain, address),
    },
    log,
    config.NODE_ENV !== 'production',
    config.SUBGRAPH_SECRET,
    registry,
  );
  const http = await startHttpServer(app, config.MARKET_DATA_PORT, config.MARKET_DATA_HOST);
  const url = `${http.url}/graphql`;
  log.info(
    {
      url,
      instanceId: infra.instanceId,
      polling: config.POLLING_ENABLED,
      demo: config.UPSTREAM_DEMO,
      upstreams: {
        dexscreener: config.DEXSCREENER_BASE_URL,
        geckoterminal: config.GECKOTERMINAL_BASE_URL,
        jupiter: config.JUPITER_BASE_URL,
      },
    },
    `market-data subgraph ready at ${url}`,
  );
  return {
    url,
    scheduler,
    clients,
    cacheStats: () => infra.cache.stats(),
    async close() {
      await scheduler.stop();
      await reconciler?.stop();
      await tracking.stop();
      await stopStored();
      await stopDemand();
      await http.close();
      await apollo.stop();
      await infra.close();
    },
  };
}
