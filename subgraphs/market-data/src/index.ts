import { Topic, toTokenKey } from '@memegraph/contracts';
import {
  buildOrUndo,
  createLogger,
  createMetricsRegistry,
  startHttpServer,
  type Logger,
  type TwoLevelCacheStats,
} from '@memegraph/infra';
import { registerMarketDataMetrics } from './metrics/market-data-metrics.js';
import type { Source } from './model/market-model.js';
import { MarketStore } from './store/market-store.js';
import { createMarketDataPorts, createMarketDataStores, type MarketDataPorts } from './market-data.infra.js';
import type { MarketDataConfig } from './market-data.config.js';
import { createMarketDataApp } from './market-data.server.js';
import { MarketEvents } from './events/market-event.publisher.js';
import { PollScheduler } from './polling/poll-scheduler.js';
import { createTokenListPublisher, type TokenListPublisher } from './events/token-list.publisher.js';
import { startTrackingConsumer } from './tracking/tracking-consumer.js';
import { startHistoryWindowConsumer } from './store/history-window.consumer.js';
import { HistoryWindowStore } from './store/history-window.store.js';
import { ListingPageStore } from './store/listing-page.store.js';
import { createTrackedKeysSource } from './tracking/tracked-keys.client.js';
import { startTrackingReconciler } from './tracking/tracking-reconciler.js';

/** Timeout of one page of the tokens subgraph's tracked-token list. */
const TRACKED_KEYS_TIMEOUT_MS = 10_000;
import { createUpstreamClients, type UpstreamClients } from './upstreams/create-upstream-clients.js';
import { toBudgetShapes } from './upstreams/upstream-budget.js';
import { UpstreamStatusTracker } from './upstreams/upstream-status.js';
import { lookupTokenMetadata } from './upstreams/lookup-token-metadata.js';
import { startBackfill, type Backfill } from './backfill/backfill-worker.js';
import { getBackfillSteps } from './backfill/backfill-plan.js';
import { registerBackfillMetrics } from './backfill/backfill-metrics.js';

export { loadMarketDataConfig, marketDataConfigSchema, type MarketDataConfig } from './market-data.config.js';
export { DEXSCREENER_DEFAULT_BASE_URL } from './upstreams/dexscreener.client.js';
export { GECKOTERMINAL_DEFAULT_BASE_URL } from './upstreams/geckoterminal.client.js';
export { JUPITER_DEFAULT_BASE_URL } from './upstreams/jupiter.client.js';
export { createMarketDataPorts, type MarketDataPorts } from './market-data.infra.js';

/** A running market-data subgraph. */
export interface MarketDataService {
  url: string;
  scheduler: PollScheduler;
  clients: UpstreamClients;
  /** The history backfill; null when off (BACKFILL_RATE_LIMIT_PERCENT=0 or POLLING_ENABLED=false). */
  backfill: Backfill | null;
  /** Hit/miss counters of the two-level cache (benchmarks, metrics). */
  cacheStats(): TwoLevelCacheStats;
  /** The live ranked lists gateways demand, ranked after each poll batch. */
  lists: TokenListPublisher;
  /** The market records this instance serves (benches write through it, as its pollers do). */
  store: MarketStore;
  close(): Promise<void>;
}

/**
 * Composition root of the market-data subgraph: its stores on the ports, upstream clients behind the shared
 * rate limits, the store, the tracking consumer, the poll scheduler and the HTTP server. Without `ports`, it
 * creates its own (createMarketDataPorts) and closes them; given ones are the caller's to close, after this
 * service. `close` (and a start that fails half-way) closes what was built, newest first: HTTP, reconciler,
 * polling (leases released), subscriptions, tracking consumer, stores.
 */
export async function startMarketData(
  config: MarketDataConfig,
  log: Logger = createLogger('market-data', config.LOG_LEVEL),
  ports?: MarketDataPorts,
): Promise<MarketDataService> {
  return buildOrUndo(async (stack) => {
    const { pubsub, stream, redis } = ports ?? stack.own(createMarketDataPorts(config, log));
    const stores = stack.own(createMarketDataStores(config, redis, log));
    const rateLimits: Record<Source, number> = {
      DEXSCREENER: config.DEXSCREENER_RATE_LIMIT_PER_MINUTE,
      GECKOTERMINAL: config.GECKOTERMINAL_RATE_LIMIT_PER_MINUTE,
      JUPITER: config.JUPITER_RATE_LIMIT_PER_MINUTE ?? (config.JUPITER_API_KEY ? 60 : 30),
    };
    const tracker = new UpstreamStatusTracker({ rateLimitPerMinute: rateLimits });
    const clients = createUpstreamClients(config, {
      tracker,
      log,
      bucket: stores.bucket,
      backoff: stores.backoff,
      rateLimits,
    });
    // Pollers plan their rounds on what they may spend: the budget minus the shares kept for on-demand calls
    // and (GeckoTerminal) the history backfill.
    const pollRate = (perMinute: number, backfillPercent = 0) => {
      const shapes = toBudgetShapes(perMinute, config.RATE_LIMIT_ON_DEMAND_PERCENT, backfillPercent);
      return shapes.background.capacity + shapes.background.refillPerMinute;
    };
    const store = new MarketStore({
      cache: stores.cache,
      ttlSeconds: config.CACHE_TTL_SECONDS,
      staleMaxSeconds: config.STALE_MAX_SECONDS,
    });
    const listingPages = new ListingPageStore({ cache: stores.cache, ttlMs: config.LISTING_PAGE_TTL_MS });
    const lists = createTokenListPublisher({
      pubsub,
      store,
      tokens: stores.tokens,
      cacheTtlSeconds: config.CACHE_TTL_SECONDS,
      demandTtlMs: config.LIST_DEMAND_TTL_SECONDS * 1000,
      maxLists: config.LIST_MAX_DEMANDED,
      log,
    });
    const events = new MarketEvents(
      pubsub,
      stream,
      {
        minRatio: config.SPIKE_MIN_RATIO,
        minVolumeUsd: config.SPIKE_MIN_VOLUME_USD,
        minLiquidityUsd: config.SPIKE_MIN_LIQUIDITY_USD,
      },
      config.CACHE_TTL_SECONDS,
      log,
      () => lists.rankDemanded(),
    );
    const tracking = await startTrackingConsumer(stream, stores.tokens, stores.instanceId);
    stack.defer(() => tracking.stop());
    const historyWindows = new HistoryWindowStore(stores.cache, config.STALE_MAX_SECONDS);
    const windowConsumer = await startHistoryWindowConsumer(stream, historyWindows, stores.instanceId, log);
    stack.defer(() => windowConsumer.stop());
    // The tokens subgraph announces each discovered token it stored; only those may be listed.
    // Gateways announce tokens with live subscribers: they go to the front of the polling order.
    stack.defer(
      await pubsub.subscribe(Topic.DEMAND_SUBSCRIBED, ({ tokens }) => {
        const keys = tokens.filter((t) => t.includes(':')).slice(0, 10_000);
        stores.tokens
          .touch(keys, Date.now())
          .catch((error: Error) => log.warn({ err: error.message }, 'demand not recorded'));
      }),
    );
    // Gateways announce the ranked lists with live subscribers: ranked after each poll batch.
    stack.defer(await pubsub.subscribe(Topic.DEMAND_LISTS, ({ lists: specs }) => lists.demand(specs)));
    stack.defer(
      await pubsub.subscribe(Topic.TOKEN_DISCOVERED, ({ chain, address }) => {
        stores.tokens
          .markStored([toTokenKey(chain, address)])
          .catch((error: Error) => log.warn({ err: error.message }, 'stored mark lost'));
      }),
    );
    const scheduler = new PollScheduler(
      {
        instanceId: stores.instanceId,
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
            ratePerMinute: pollRate(rateLimits.GECKOTERMINAL, config.BACKFILL_RATE_LIMIT_PERCENT),
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
        stream,
        tokens: stores.tokens,
        leases: stores.leases,
        log,
        maxObservationAgeMs: config.STALE_MAX_SECONDS * 1000,
      },
    );
    if (config.POLLING_ENABLED) scheduler.start();
    stack.defer(() => scheduler.stop());
    // History from before our snapshots, for tracked tokens, on GeckoTerminal's backfill share only.
    let backfill: Backfill | null = null;
    if (config.POLLING_ENABLED && config.BACKFILL_RATE_LIMIT_PERCENT > 0) {
      const running = startBackfill({
        client: clients.GECKOTERMINAL,
        store,
        tokens: stores.tokens,
        progress: stores.backfill,
        stream,
        leases: stores.leases,
        instanceId: stores.instanceId,
        steps: getBackfillSteps({
          days: config.BACKFILL_DAYS,
          minuteHours: config.BACKFILL_MINUTE_HOURS,
          coarseDays: config.BACKFILL_COARSE_DAYS,
        }),
        intervalMs: config.BACKFILL_INTERVAL_MS,
        log,
      });
      backfill = running;
      stack.defer(() => running.stop());
    }
    const registry = createMetricsRegistry();
    registerBackfillMetrics(registry, () => backfill?.stats);
    registerMarketDataMetrics(registry, {
      cacheStats: () => stores.cache.stats(),
      tracker,
      upstreams: Object.keys(rateLimits) as Source[],
      redis: stores.redis,
      lists: () => lists.stats(),
    });
    // Postgres (through the tokens subgraph) is the source of truth for what is tracked: rebuilt from it at
    // start, periodically, and as soon as Redis is seen to have come back empty.
    if (config.TRACKING_RECONCILE_INTERVAL_MS > 0) {
      const reconciler = startTrackingReconciler(
        stores.tokens,
        createTrackedKeysSource(config.TOKENS_URL, TRACKED_KEYS_TIMEOUT_MS, config.SUBGRAPH_SECRET),
        { intervalMs: config.TRACKING_RECONCILE_INTERVAL_MS, checkMs: config.TRACKING_RESET_CHECK_MS },
        log,
        registry,
      );
      stack.defer(() => reconciler.stop());
    }

    const { app, apollo } = await createMarketDataApp(
      {
        store,
        listingPages,
        historyWindows,
        tokens: stores.tokens,
        upstreams: tracker,
        demo: config.UPSTREAM_DEMO,
        lookupToken: (chain, address, requestId) => lookupTokenMetadata(clients, chain, address, requestId),
      },
      log,
      config.NODE_ENV !== 'production',
      config.SUBGRAPH_SECRET,
      registry,
    );
    stack.defer(() => apollo.stop());
    const http = await startHttpServer(app, config.MARKET_DATA_PORT, config.MARKET_DATA_HOST);
    stack.defer(() => http.close());
    const url = `${http.url}/graphql`;
    log.info(
      {
        url,
        instanceId: stores.instanceId,
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
      backfill,
      cacheStats: () => stores.cache.stats(),
      lists,
      store,
      close: () => stack.close(),
    };
  });
}
