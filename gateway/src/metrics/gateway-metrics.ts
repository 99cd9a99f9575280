import type { ApolloServerPlugin } from '@apollo/server';
import {
  Counter,
  createMetricsHandler,
  createMetricsRegistry,
  createObservabilityPlugins,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  METRIC_PREFIX,
  registerRedisAvailabilityMetrics,
  type Registry,
  type Logger,
  type RedisAvailability,
} from '@memegraph/infra';
import type { SubgraphFetchOutcome } from '../federation/subgraph-data-source.js';
import type { DependencyStatus } from '../health/dependency-monitor.js';

/** What the gauges read at scrape time: the parts of a running gateway they report on. */
export interface GatewayMetricSources {
  /** Open WebSockets on this instance. */
  connections(): number;
  /**
   * Open WebSockets on every live instance (this one's count when there is no shared registry); undefined
   * while the shared registry cannot answer (it falls back to that rather than rejecting).
   */
  globalConnections(): Promise<number | undefined>;
  /** Counters of the throughput options (shared subgraph fetches, response cache hits…), by name. */
  performanceCounters(): Record<string, number>;
  /** Counters of subscription hydration (queries run, metadata reused…), by name. */
  hydrationCounters(): Record<string, number>;
  /** Counters of the live ranked lists (rankings received, change messages, resyncs…), by name. */
  listCounters(): Record<string, number>;
  /** The gateway's Redis and its fallbacks (memegraph_redis_available, memegraph_redis_fallbacks_total). */
  redis(): RedisAvailability | undefined;
  /** Last known status of each dependency (memegraph_dependency_up), as GET /ready shows it. */
  dependencies(): DependencyStatus[];
  /** Sockets this instance closed to protect its memory, by reason (slow_consumer, over_total_buffer). */
  socketsClosed(): Record<string, number>;
}

/** The gateway's metrics and what feeds them. */
export interface GatewayMetrics {
  /** `GET /metrics`. */
  handler: ReturnType<typeof createMetricsHandler>;
  /** Request count, latency and errors by code of client GraphQL requests, and their access-log lines. */
  plugins: ApolloServerPlugin[];
  /** One subgraph fetch finished after `seconds`, answered or not. */
  observeSubgraphFetch(subgraph: string, seconds: number, outcome: SubgraphFetchOutcome): void;
  /** A graphql-ws `next` message was sent to a subscriber. */
  countWsMessage(): void;
  /** A subscription result was handed to its socket `seconds` after its event arrived from Redis. */
  observeSubscriptionDelivery(seconds: number): void;
  /** A hydration query for subscriptions (planning, subgraph fetches, execution) took `seconds`. */
  observeHydrationQuery(seconds: number): void;
  /**
   * Registers the gauges read from the running gateway (connections, hydration, Redis, dependencies, sockets
   * closed). Called once by the composition root when those parts exist, before anything can scrape.
   */
  watch(sources: GatewayMetricSources): void;
}

/**
 * The gateway's Prometheus metrics: the shared GraphQL request metrics, subgraph fetch latency per subgraph,
 * WebSocket connections (`memegraph_ws_connections{scope="instance"|"global"}`) and messages sent. The
 * recorders exist from the start (the parts being built record into them); the gauges read from those parts
 * once they are built ({@link GatewayMetrics.watch}).
 */
export function createGatewayMetrics(log: Logger): GatewayMetrics {
  const registry = createMetricsRegistry();
  const fetches = new Histogram({
    name: `${METRIC_PREFIX}subgraph_fetch_duration_seconds`,
    help: 'Duration of subgraph fetches, by subgraph and outcome (ok; unavailable when it could not be reached; timeout when SUBGRAPH_TIMEOUT_MS passed).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const wsMessages = new Counter({
    name: `${METRIC_PREFIX}ws_messages_sent_total`,
    help: 'graphql-ws next messages (subscription events and query results) sent by this instance.',
    registers: [registry],
  });
  const deliveries = new Histogram({
    name: `${METRIC_PREFIX}subscription_delivery_seconds`,
    help: 'From a pub/sub event arriving at this gateway (or a subscribe, for a snapshot) to its result being handed to the socket: hydration, execution and queueing.',
    buckets: [0.001, 0.0025, ...LATENCY_BUCKETS],
    registers: [registry],
  });
  const hydrationQueries = new Histogram({
    name: `${METRIC_PREFIX}subscription_hydration_query_seconds`,
    help: 'Duration of the queries the gateway runs to hydrate subscription events (planning, subgraph fetches, execution).',
    buckets: [0.001, 0.0025, ...LATENCY_BUCKETS],
    registers: [registry],
  });
  return {
    handler: createMetricsHandler(registry),
    plugins: createObservabilityPlugins(registry, log),
    observeSubgraphFetch: (subgraph, seconds, outcome) => fetches.observe({ subgraph, outcome }, seconds),
    countWsMessage: () => void wsMessages.inc(),
    observeSubscriptionDelivery: (seconds) => deliveries.observe(seconds),
    observeHydrationQuery: (seconds) => hydrationQueries.observe(seconds),
    watch: (sources) => registerSourceGauges(registry, sources),
  };
}

/** The gauges that read from the running gateway at scrape time. */
function registerSourceGauges(registry: Registry, sources: GatewayMetricSources): void {
  new Gauge({
    name: `${METRIC_PREFIX}ws_connections`,
    help: 'Open graphql-ws connections, on this instance and on all live instances.',
    labelNames: ['scope'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ scope: 'instance' }, sources.connections());
      // Missing, not wrong, while the shared registry cannot answer.
      const global = await sources.globalConnections();
      if (global !== undefined) this.set({ scope: 'global' }, global);
    },
  });
  const countersGauge = (name: string, help: string, read: () => Record<string, number>) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames: ['event'] as const,
      registers: [registry],
      collect() {
        for (const [event, value] of Object.entries(read())) this.set({ event }, value);
      },
    });
  registerRedisAvailabilityMetrics(registry, () => sources.redis());
  new Gauge({
    name: `${METRIC_PREFIX}dependency_up`,
    help: 'Whether each dependency (subgraph, Redis) answered its last check (1) or not (0); absent until checked. This instance serves without them (partial data, fallbacks).',
    labelNames: ['dependency'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { name, up, checkedAt } of sources.dependencies())
        if (checkedAt) this.set({ dependency: name }, up ? 1 : 0);
    },
  });
  countersGauge(
    'gateway_performance_events',
    'Counts of the throughput options since start: subgraph fetches shared by in-flight dedup, response cache hits/misses/stores.',
    sources.performanceCounters,
  );
  countersGauge(
    'ws_sockets_closed',
    'WebSockets closed to protect memory since start: slow_consumer (past WS_MAX_BUFFERED_BYTES, 4008), over_total_buffer (the largest holder when all sockets together pass WS_MAX_TOTAL_BUFFERED_BYTES).',
    sources.socketsClosed,
  );
  countersGauge(
    'subscription_hydration_events',
    'Subscription hydration since start: queries run through the gateway, token metadata reused without a query, metadata entries kept.',
    sources.hydrationCounters,
  );
  countersGauge(
    'subscription_list_events',
    'Live ranked lists (tokenListUpdated) since start: rankings_received from market-data, snapshot_queries (one Query.tokens per list new here), messages (change messages, one per list and window), resyncs (subscribers sent a snapshot after their queue overflowed); lists: open now.',
    sources.listCounters,
  );
}
