import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { streams, Topic, topics, type Streams, type Topics } from '@memegraph/contracts';
import {
  buildOrUndo,
  createLogger,
  createPorts,
  startHttpServer,
  type Logger,
  type Ports,
  type RunningHttpServer,
} from '@memegraph/infra';
import type { GatewayConfig } from './gateway.config.js';
import { createGatewayApp } from './gateway.app.js';
import { startGatewayApollo } from './federation/gateway-apollo.js';
import { loadBoardAssets } from './board/board.assets.js';
import { loadGraphiqlAssets } from './graphiql/graphiql.assets.js';
import { createDependencyMonitor } from './health/dependency-monitor.js';
import { createDependencyProbes } from './health/dependency-probes.js';
import type { GatewayState } from './health/health.routes.js';
import { createGatewayMetrics } from './metrics/gateway-metrics.js';
import { createGatewayPerformance } from './performance/gateway-performance.js';
import { createGatewaySecurity } from './security/gateway-security.js';
import { createConnectionRegistry } from './subscriptions/connection-registry.js';
import { startDemandAnnouncer } from './subscriptions/demand-announcer.js';
import { createRunQuery } from './subscriptions/run-query.js';
import { createSharedPayloads } from './subscriptions/shared-payload.js';
import { createSubscriptionExecutor, type SubscriptionExecutor } from './subscriptions/subscription-executor.js';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions/subscription-server.js';
import { TokenHydrator } from './subscriptions/token-hydrator.js';
import { createTokenListHub, type TokenListHub } from './token-lists/token-list-hub.js';

export { loadGatewayConfig, gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';

/**
 * The gateway's ports: the pub/sub subscription events arrive on (and demand is announced on), and the Redis
 * data connection rate limits, APQ and the shared WebSocket count use (undefined without Redis: this
 * instance's memory). The gateway takes no REDIS_CLUSTER_NODES: its data connection is one Redis server.
 */
export type GatewayPorts = Ports<'pubsub' | 'redis', Topics, Streams>;

/** Builds the gateway's ports from its config (Redis on REDIS_URL, else in-memory); the caller closes them. */
export function createGatewayPorts(config: GatewayConfig, log: Logger): GatewayPorts {
  return createPorts(config, log, { use: ['pubsub', 'redis'], name: 'gateway', topics, streams });
}

/** A running gateway. */
export interface RunningGateway {
  url: string;
  http: RunningHttpServer;
  /** graphql-ws on the same /graphql path. */
  subscriptions: SubscriptionServer;
  /** Subscription executor (open subscriptions) and hydrator (queries run for subscriptions) of this instance. */
  executor: SubscriptionExecutor;
  hydrator: TokenHydrator;
  /** The live ranked lists (tokenListUpdated) of this instance. */
  lists: TokenListHub;
  close(): Promise<void>;
}

/**
 * Composition root of the public gateway: federated queries on the static supergraph, subscriptions over
 * graphql-ws, GraphiQL (unless GRAPHIQL_ENABLED is false), /health, /ready, /metrics (the last three for the
 * operator's network only: the load balancer passes /graphql alone). Each part is built from the ones before
 * it; it listens once everything is built. Without `ports`, it creates its own (createGatewayPorts) and closes
 * them; given ones are the caller's to close, after the gateway. `close` (and a start that fails half-way)
 * closes what was built, newest first, after /ready has turned to draining.
 */
export async function startGateway(
  config: GatewayConfig,
  log: Logger = createLogger('gateway', config.LOG_LEVEL),
  ports?: GatewayPorts,
): Promise<RunningGateway> {
  const introspection = config.GATEWAY_INTROSPECTION ?? config.NODE_ENV !== 'production';
  const graphiql = config.GRAPHIQL_ENABLED ?? introspection;
  // Independent of everything below: read GraphiQL while Apollo starts (bundling it first only outside
  // production; a production gateway serves the bundle `npm run build` made, or fails to start).
  const graphiqlAssets = graphiql
    ? loadGraphiqlAssets({ log: (msg) => log.info(msg), bundle: config.NODE_ENV !== 'production' })
    : undefined;
  graphiqlAssets?.catch(() => undefined); // awaited below; no unhandled rejection if start-up fails first
  // The live token board (/board) goes with GraphiQL: both are the gateway's pages for people.
  const boardAssets = graphiql
    ? loadBoardAssets({ log: (msg) => log.info(msg), bundle: config.NODE_ENV !== 'production' })
    : undefined;
  boardAssets?.catch(() => undefined);
  return buildOrUndo(async (stack) => {
    const { pubsub, redis } = ports ?? stack.own(createGatewayPorts(config, log));
    const security = createGatewaySecurity(config, { redis, log });
    const performance = stack.own(createGatewayPerformance(config));
    const metrics = createGatewayMetrics(log);
    const subgraphUrls = { tokens: config.TOKENS_URL, 'market-data': config.MARKET_DATA_URL };
    const apollo = await startGatewayApollo(config, log, {
      subgraphUrls,
      introspection,
      performance,
      metrics,
      security,
    });
    stack.defer(() => apollo.stop());

    const runQuery = createRunQuery(apollo.server, metrics.observeHydrationQuery);
    const hydrator = new TokenHydrator(runQuery, config.SUBSCRIPTION_BATCH_WINDOW_MS, log, {
      ttlMs: config.SUBSCRIPTION_METADATA_TTL_MS,
      maxEntries: config.SUBSCRIPTION_METADATA_CACHE_SIZE,
    });
    // An admin write to a token (announced by the tokens subgraph): its kept metadata goes at once, so
    // SUBSCRIPTION_METADATA_TTL_MS only bounds how long a lost announcement leaves the old values.
    stack.defer(await pubsub.subscribe(Topic.TOKEN_CHANGED, (ref) => void hydrator.forget(ref)));
    const sharedPayloads = createSharedPayloads();
    // Closed by the executor, which hands it tokenListUpdated.
    const lists = await createTokenListHub({
      pubsub,
      runQuery,
      hydrator,
      sharedPayloads,
      windowMs: config.SUBSCRIPTION_LIST_WINDOW_MS,
      maxQueued: config.SUBSCRIPTION_LIST_MAX_QUEUED,
      log,
      onDelivered: metrics.observeSubscriptionDelivery,
    });
    const executor = stack.own(
      await createSubscriptionExecutor({
        pubsub,
        hydrator,
        sharedPayloads,
        lists,
        onDelivered: metrics.observeSubscriptionDelivery,
      }),
    );

    let state: GatewayState = 'ready';
    const dependencies = createDependencyMonitor(
      createDependencyProbes(config, redis),
      config.DEPENDENCY_CHECK_INTERVAL_MS,
      log,
    );
    const app = createGatewayApp(config, {
      apollo,
      security,
      performance,
      metrics,
      dependencies,
      state: () => state,
      graphiql: await graphiqlAssets,
      board: await boardAssets,
    });
    const http = await startHttpServer(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
    stack.defer(() => http.close());
    // From here to `return`, nothing awaits: the instance is whole before anything can reach it.
    // Rate limits, APQ and the shared connection count: each command waits REDIS_COMMAND_TIMEOUT_MS at
    // most, then its use falls back (see createGatewaySecurity, createConnectionRegistry).
    const registry =
      redis &&
      stack.own(
        createConnectionRegistry({
          redis: redis.connection,
          availability: redis.availability,
          keyPrefix: config.REDIS_KEY_PREFIX,
          instanceId: config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
          heartbeatMs: config.WS_CONNECTIONS_HEARTBEAT_MS,
          ttlMs: config.WS_CONNECTIONS_TTL_MS,
          log,
        }),
      );
    const subscriptions = stack.own(
      startSubscriptionServer({
        server: http.server,
        path: '/graphql',
        schema: apollo.schema,
        executor,
        sharedPayloads,
        runQuery,
        guard: security.subscriptionGuard,
        limits: {
          initTimeoutMs: config.WS_INIT_TIMEOUT_MS,
          pingIntervalMs: config.WS_PING_INTERVAL_MS,
          maxConnections: config.WS_MAX_CONNECTIONS,
          maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
          ...security.webSocketLimits,
          maxMessageBytes: config.WS_MAX_MESSAGE_BYTES,
          operationCacheSize: config.WS_OPERATION_CACHE_SIZE,
          authToken: config.WS_AUTH_TOKEN,
        },
        log,
        onConnectionsChange: (count) => registry?.update(count),
        onMessageSent: metrics.countWsMessage,
      }),
    );
    const demand = startDemandAnnouncer(
      pubsub,
      () => executor.subscribedTokens(),
      config.SUBSCRIPTION_DEMAND_INTERVAL_MS,
      log,
      () => lists.demandedLists(),
    );
    stack.defer(() => demand.stop());
    dependencies.start();
    stack.own(dependencies);
    metrics.watch({
      connections: () => subscriptions.connections,
      globalConnections: async () => (registry ? registry.global() : subscriptions.connections),
      performanceCounters: () => performance.stats(),
      hydrationCounters: () => hydrator.stats(),
      listCounters: () => lists.stats(),
      redis: () => redis?.availability,
      dependencies: () => dependencies.statuses(),
      socketsClosed: () => ({
        slow_consumer: subscriptions.slowConsumersClosed,
        over_total_buffer: subscriptions.overTotalBufferDropped,
      }),
    });

    const url = `${http.url}/graphql`;
    log.info(
      { url, introspection, graphiql, subgraphs: subgraphUrls, ...security.summary },
      `gateway ready at ${url}${graphiql ? ' (GraphiQL in a browser at the same URL)' : ''}`,
    );
    return {
      url,
      http,
      subscriptions,
      executor,
      hydrator,
      lists,
      async close() {
        // First, so /ready says so while WebSockets and requests in flight drain.
        state = 'draining';
        await stack.close();
      },
    };
  });
}
