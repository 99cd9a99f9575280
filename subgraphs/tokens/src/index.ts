import { hostname } from 'node:os';
import {
  createLogger,
  createMemoryPubSub,
  createMetricsRegistry,
  createRedisDurableStream,
  createRedisPubSub,
  startHttpServer,
  type DurableStreamPort,
  type Logger,
  type PubSubPort,
} from '@memegraph/infra';
import { createAdminCheck } from './admin/admin-auth.js';
import { createDataSource, runMigrations } from './db/data-source.js';
import { createDatabaseServer } from './db/database-server.js';
import { createDbMetrics } from './db/db-telemetry.js';
import { toHostLabel, toHostUrls } from './db/postgres-hosts.js';
import { ReadRouter } from './db/read-router.js';
import { createServerProbe } from './db/server-probe.js';
import { HistoryRepository, type HistoryRetention } from './history/history.repository.js';
import { startSnapshotConsumer, type SnapshotConsumer } from './history/snapshot-consumer.js';
import type { TokensConfig } from './tokens.config.js';
import { createTokensApp } from './tokens.server.js';
import { TokenRepository } from './token/token.repository.js';
import { createTrackingPublisher } from './token/tracking-events.js';
import { createMetadataLookup } from './token/upstream-metadata.client.js';

export { loadTokensConfig, tokensConfigSchema, type TokensConfig } from './tokens.config.js';
export { DISCOVERED_STREAM, SNAPSHOTS_STREAM } from './history/snapshot.schema.js';
export { TOKEN_DISCOVERED_TOPIC, TOKENS_CONSUMER_GROUP, type SnapshotConsumer } from './history/snapshot-consumer.js';

/** Ports a caller may share with the service; the caller then owns them (closes them after `close`). */
export interface TokensServiceDeps {
  /**
   * Where market-data publishes snapshots and discovered tokens. Given, or created on REDIS_URL when unset:
   * history ingestion runs. Neither: no history is ingested (the single-process launcher passes the
   * in-memory stream it shares with market-data).
   */
  durableStream?: DurableStreamPort;
  /** Where `token.discovered` is announced. Default: Redis pub/sub on REDIS_URL, else in-memory. */
  pubsub?: PubSubPort;
}

/** A running tokens subgraph. */
export interface TokensService {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql. */
  url: string;
  router: ReadRouter;
  /** History ingestion from market-data's durable streams; null without a durable stream. */
  ingestion: SnapshotConsumer | null;
  close(): Promise<void>;
}

/**
 * Composition root: connects to the primary and replicas, applies migrations, starts replica
 * health checks, history ingestion and pruning, and serves the subgraph. `close` finishes the
 * in-flight ingestion batch, drains HTTP, then closes what it opened.
 */
export async function startTokensService(
  config: TokensConfig,
  log: Logger = createLogger('tokens', config.LOG_LEVEL),
  deps: TokensServiceDeps = {},
): Promise<TokensService> {
  const pool = {
    poolSize: config.DATABASE_POOL_SIZE,
    acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS ?? config.DATABASE_STATEMENT_TIMEOUT_MS + 1000,
  };
  const registry = createMetricsRegistry();
  const db = createDbMetrics(registry);
  const server = (name: string, url: string) =>
    createDatabaseServer(
      name,
      createDataSource(url, 'memegraph-tokens', pool, { server: name, observe: db.observeQuery }),
      createServerProbe(url, 'memegraph-tokens', config.DATABASE_HEALTH_CHECK_TIMEOUT_MS, log),
      log,
    );
  const primaryUrls = toHostUrls(config.DATABASE_URL);
  const primaries = primaryUrls.map((url) =>
    server(primaryUrls.length === 1 ? 'primary' : `primary ${toHostLabel(url)}`, url),
  );
  const replicas = config.DATABASE_REPLICA_URLS.map((url, i) => server(`replica-${i + 1}`, url));
  // A server that is down at start does not stop the service; health checks connect it once it answers.
  await Promise.all([...primaries, ...replicas].map((s) => s.initialize()));
  const router = new ReadRouter(primaries, replicas, {
    maxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    checkIntervalMs: config.DATABASE_REPLICA_CHECK_INTERVAL_MS,
    maxWaiting: config.DATABASE_MAX_WAITING,
    log,
  });
  await router.start();
  const closeServers = () => Promise.allSettled([...primaries, ...replicas].map((s) => s.close()));
  if (config.DATABASE_MIGRATE_ON_START) {
    if (!router.primary) {
      router.stop();
      await closeServers();
      throw new Error('no DATABASE_URL host answers as a writable primary: cannot apply migrations');
    }
    const applied = await runMigrations(router.primary.dataSource);
    if (applied.length > 0) log.info({ applied }, 'applied database migrations');
  }
  db.watchPools(() => router.status());
  const history = new HistoryRepository(router);

  const owned: Array<{ close(): Promise<void> }> = [];
  const own = <T extends { close(): Promise<void> }>(port: T): T => (owned.push(port), port);
  const redisUrl = config.REDIS_URL;
  const durableStream =
    deps.durableStream ??
    (redisUrl
      ? own(
          createRedisDurableStream({
            url: redisUrl,
            log,
            keyPrefix: config.REDIS_KEY_PREFIX,
            maxLength: config.STREAM_MAX_LENGTH,
            // trackToken appends on a request's path: it must not hang on a frozen Redis.
            commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
          }),
        )
      : undefined);
  let ingestion: SnapshotConsumer | null = null;
  if (durableStream) {
    const pubsub =
      deps.pubsub ??
      own(
        redisUrl
          ? createRedisPubSub({
              url: redisUrl,
              channelPrefix: config.REDIS_KEY_PREFIX,
              log,
              commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
            })
          : createMemoryPubSub(log),
      );
    ingestion = await startSnapshotConsumer({
      stream: durableStream,
      pubsub,
      history,
      consumerName: config.STREAM_CONSUMER_NAME ?? hostname(),
      options: {
        batchSize: config.STREAM_BATCH_SIZE,
        blockMs: config.STREAM_BLOCK_MS,
        claimIdleMs: config.STREAM_CLAIM_IDLE_MS,
        maxDeliveries: config.STREAM_MAX_DELIVERIES,
        retryDelayMs: config.STREAM_RETRY_DELAY_MS,
      },
      log,
    });
  } else log.warn('no durable stream (REDIS_URL unset and none given): price history is not ingested');
  const retention: HistoryRetention = {
    M1: config.HISTORY_RETENTION_M1_DAYS,
    M5: config.HISTORY_RETENTION_M5_DAYS,
    M15: config.HISTORY_RETENTION_M15_DAYS,
    H1: config.HISTORY_RETENTION_H1_DAYS,
    H4: config.HISTORY_RETENTION_H4_DAYS,
    D1: config.HISTORY_RETENTION_D1_DAYS,
  };
  const pruning = setInterval(() => {
    history.pruneOlderThan(retention).then(
      (deleted) => deleted > 0 && log.info({ deleted }, 'pruned expired candles'),
      (error: unknown) => log.warn({ err: error }, 'pruning expired candles failed'),
    );
  }, config.HISTORY_PRUNE_INTERVAL_SECONDS * 1000);
  pruning.unref();

  const { app, apollo } = await createTokensApp({
    router,
    tokens: new TokenRepository(router),
    history,
    isAdmin: createAdminCheck(config.ADMIN_API_KEY),
    publishTracking: createTrackingPublisher(durableStream),
    lookupMetadata: createMetadataLookup(
      config.MARKET_DATA_URL,
      config.UPSTREAM_LOOKUP_TIMEOUT_MS,
      config.SUBGRAPH_SECRET,
    ),
    log,
    introspection: config.NODE_ENV !== 'production',
    subgraphSecret: config.SUBGRAPH_SECRET,
    registry,
  });
  const http = await startHttpServer(app, config.TOKENS_PORT, config.TOKENS_HOST);
  const url = `${http.url}/graphql`;
  log.info({ url, replicas: replicas.length, admin: Boolean(config.ADMIN_API_KEY) }, `tokens subgraph ready at ${url}`);

  return {
    url,
    router,
    ingestion,
    async close() {
      await ingestion?.stop();
      clearInterval(pruning);
      router.stop();
      await http.close();
      await apollo.stop();
      await Promise.allSettled(owned.map((port) => port.close()));
      await closeServers();
    },
  };
}
