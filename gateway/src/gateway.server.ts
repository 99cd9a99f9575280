import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import {
  createErrorMasker,
  createMemoryPubSub,
  createRedis,
  createRedisAvailability,
  createRedisPubSub,
  createRequestMiddleware,
  getRequestContext,
  type PubSubPort,
  startHttpServer,
  type Logger,
  type Redis,
  type RedisAvailability,
  type RunningHttpServer,
} from '@memegraph/infra';
import type { GatewayConfig } from './gateway.config.js';
import { READ_AFTER_HEADER, type GatewayContext } from './gateway.context.js';
import { SubgraphDataSource } from './federation/subgraph-data-source.js';
import { subscriptionOnlyDataSource } from './federation/subscription-only-data-source.js';
import { createGatewayMetrics } from './metrics/gateway-metrics.js';
import { createGatewayPerformance } from './performance/gateway-performance.js';
import { loadGraphiqlAssets } from './graphiql/graphiql.assets.js';
import { createGraphiqlRouter } from './graphiql/graphiql.routes.js';
import { startDependencyMonitor } from './health/dependency-monitor.js';
import { httpReadyProbe, redisProbe, type Probe } from './health/dependency-probes.js';
import { createHealthRouter, type GatewayState } from './health/health.routes.js';
import { createGatewaySecurity } from './security/gateway-security.js';
import { createConnectionRegistry } from './subscriptions/connection-registry.js';
import { startDemandAnnouncer } from './subscriptions/demand-announcer.js';
import { createSharedPayloads } from './subscriptions/shared-payload.js';
import { createSubscriptionExecutor, type SubscriptionExecutor } from './subscriptions/subscription-executor.js';
import { startSubscriptionServer, type SubscriptionServer } from './subscriptions/subscription-server.js';
import { TokenHydrator, type RunQuery } from './subscriptions/token-hydrator.js';

/** A running gateway. */
export interface RunningGateway {
  url: string;
  http: RunningHttpServer;
  /** graphql-ws on the same /graphql path. */
  subscriptions: SubscriptionServer;
  /** Subscription executor (open subscriptions) and hydrator (queries run for subscriptions) of this instance. */
  executor: SubscriptionExecutor;
  hydrator: TokenHydrator;
  close(): Promise<void>;
}

/** Services the single-process launcher shares with the gateway instead of letting it open its own. */
export interface GatewayShared {
  /** Pub/sub the subgraphs publish on (the in-memory one when everything runs in one process). */
  pubsub?: PubSubPort;
}

/**
 * Errors from subgraphs were already masked there and carry their service's stable codes, so they
 * pass through (tagged with serviceName by @apollo/gateway); the gateway's own unexpected errors are masked.
 */
function createGatewayErrorFormatter(log: Logger, moreCodes: string[]) {
  const mask = createErrorMasker(log, ['SUBGRAPH_UNAVAILABLE', 'SUBSCRIPTION_OVER_HTTP', ...moreCodes]);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.serviceName) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    return mask(formatted, error);
  };
}

/** A Redis connection and the tracking of whether it answers. */
const withAvailability = (connection: Redis, log: Logger) => ({
  connection,
  availability: createRedisAvailability({ redis: connection, log }),
});

/**
 * Starts the public gateway: federated queries on the static supergraph, subscriptions over graphql-ws,
 * GraphiQL (unless GRAPHIQL_ENABLED is false), /health, /ready, /metrics (the last three for the
 * operator's network only: the load balancer passes /graphql alone).
 */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  shared: GatewayShared = {},
): Promise<RunningGateway> {
  const introspection = config.GATEWAY_INTROSPECTION ?? config.NODE_ENV !== 'production';
  const graphiql = config.GRAPHIQL_ENABLED ?? introspection;
  // Independent of everything below: read GraphiQL while Apollo starts (bundling it first only outside
  // production; a production gateway serves the bundle `npm run build` made, or fails to start).
  const graphiqlAssets = graphiql
    ? loadGraphiqlAssets({ log: (msg) => log.info(msg), bundle: config.NODE_ENV !== 'production' })
    : undefined;
  graphiqlAssets?.catch(() => undefined); // awaited below; no unhandled rejection if start-up fails first
  let state: GatewayState = 'starting';
  const subgraphUrls: Record<string, string> = { tokens: config.TOKENS_URL, 'market-data': config.MARKET_DATA_URL };
  // Read at scrape time: the WebSocket server below starts in the same tick the HTTP server listens.
  const connections = () => subscriptions.connections;
  const performance = createGatewayPerformance(config);
  const metrics = createGatewayMetrics(
    {
      connections,
      globalConnections: async () => (connectionRegistry ? connectionRegistry.global() : connections()),
      performanceCounters: () => performance.stats(),
      hydrationCounters: () => hydrator.stats(),
      redis: () => redis?.availability,
      dependencies: () => dependencies.statuses(),
      socketsClosed: () => ({
        slow_consumer: subscriptions.slowConsumersClosed,
        over_total_buffer: subscriptions.overTotalBufferDropped,
      }),
    },
    log,
  );
  const gateway = new ApolloGateway({
    ...performance.gatewayOptions,
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) =>
      name === 'gateway'
        ? subscriptionOnlyDataSource
        : new SubgraphDataSource(
            name,
            subgraphUrls[name] ?? url ?? '',
            log,
            config.SUBGRAPH_SECRET,
            metrics.observeSubgraphFetch,
            performance.fetcher,
          ),
    logger: log,
  });
  // The API schema the gateway plans against; subscriptions are validated and executed on the same one.
  let apiSchema: GraphQLSchema | undefined;
  const stopSchemaListener = gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => (apiSchema = loaded));
  const security = createGatewaySecurity(config, { redis: () => redis, log });
  const formatError = createGatewayErrorFormatter(log, security.errorCodes);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    ...security.apolloOptions,
    formatError: (formatted, error) => formatError(security.formatError(formatted), error),
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown order; Apollo would otherwise re-raise SIGTERM mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ...security.plugins,
      ApolloServerPluginLandingPageDisabled(),
      ...metrics.plugins,
      ...performance.plugins,
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (contextValue.readAfter) response.http.headers.set(READ_AFTER_HEADER, contextValue.readAfter);
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  if (!apiSchema) throw new Error('the gateway loaded no API schema');

  // Subscriptions hydrate tokens through the same server, so they get the same query planning as clients.
  const runQuery: RunQuery = async (query, variables, operationName) => {
    const started = process.hrtime.bigint();
    try {
      const response = await apollo.executeOperation(
        { query, variables, operationName },
        { contextValue: { headers: {} } },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by subscriptions');
      return response.body.singleResult;
    } finally {
      metrics.observeHydrationQuery(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
  const ownPubsub = shared.pubsub
    ? undefined
    : config.REDIS_URL
      ? createRedisPubSub({
          url: config.REDIS_URL,
          channelPrefix: config.REDIS_KEY_PREFIX,
          log,
          commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
        })
      : createMemoryPubSub(log);
  const hydrator = new TokenHydrator(runQuery, config.SUBSCRIPTION_BATCH_WINDOW_MS, log, {
    ttlMs: config.SUBSCRIPTION_METADATA_TTL_MS,
    maxEntries: config.SUBSCRIPTION_METADATA_CACHE_SIZE,
  });
  const sharedPayloads = createSharedPayloads();
  const executor = await createSubscriptionExecutor({
    pubsub: shared.pubsub ?? ownPubsub!,
    hydrator,
    sharedPayloads,
    log,
    onDelivered: metrics.observeSubscriptionDelivery,
  });
  const demand = startDemandAnnouncer(
    shared.pubsub ?? ownPubsub!,
    () => executor.subscribedTokens(),
    config.SUBSCRIPTION_DEMAND_INTERVAL_MS,
    log,
  );

  // Rate limits, APQ and the shared connection count: each command waits REDIS_COMMAND_TIMEOUT_MS at most,
  // then its use falls back (see createGatewaySecurity, createConnectionRegistry).
  const redis: { connection: Redis; availability: RedisAvailability } | undefined = config.REDIS_URL
    ? withAvailability(
        createRedis(config.REDIS_URL, log, 'gateway', { commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS }),
        log,
      )
    : undefined;
  const connectionRegistry = redis
    ? createConnectionRegistry({
        redis: redis.connection,
        availability: redis.availability,
        keyPrefix: config.REDIS_KEY_PREFIX,
        instanceId: config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
        heartbeatMs: config.WS_CONNECTIONS_HEARTBEAT_MS,
        ttlMs: config.WS_CONNECTIONS_TTL_MS,
        log,
      })
    : undefined;
  const probes: Probe[] = [
    httpReadyProbe('tokens', config.TOKENS_URL, config.READY_TIMEOUT_MS),
    httpReadyProbe('market-data', config.MARKET_DATA_URL, config.READY_TIMEOUT_MS),
    ...(redis ? [redisProbe(redis.connection, config.READY_TIMEOUT_MS)] : []),
  ];
  const dependencies = startDependencyMonitor(probes, config.DEPENDENCY_CHECK_INTERVAL_MS, log);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.use('/graphql', security.cors);
  app.use(createHealthRouter({ state: () => state, dependencies: () => dependencies.statuses() }));
  app.get('/metrics', metrics.handler);
  if (graphiqlAssets) app.use(createGraphiqlRouter(await graphiqlAssets));
  app.use(
    '/graphql',
    createRequestMiddleware(),
    ...security.httpGuards,
    ...performance.middleware,
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        readAfter: typeof req.headers[READ_AFTER_HEADER] === 'string' ? req.headers[READ_AFTER_HEADER] : undefined,
        headers: {
          authorization: req.headers.authorization,
          'x-request-id': getRequestContext()?.requestId,
        },
      }),
    }),
    security.httpErrorHandler,
  );

  const http = await startHttpServer(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
  const url = `${http.url}/graphql`;
  const subscriptions = startSubscriptionServer({
    server: http.server,
    path: '/graphql',
    schema: () => apiSchema!,
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
    onConnectionsChange: (count) => connectionRegistry?.update(count),
    onMessageSent: metrics.countWsMessage,
  });
  state = 'ready';
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
    async close() {
      // First, so /ready says so while WebSockets and requests in flight drain.
      state = 'draining';
      dependencies.close();
      demand.stop();
      await subscriptions.close();
      await connectionRegistry?.close();
      await executor.close();
      await ownPubsub?.close();
      await http.close();
      stopSchemaListener();
      await apollo.stop();
      await performance.close();
      redis?.availability.close();
      await redis?.connection.quit().catch(() => undefined);
    },
  };
}
