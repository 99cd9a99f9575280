import { hostname } from 'node:os';
import { streams, Topic, topics, type Streams, type Topics } from '@memegraph/contracts';
import {
  buildOrUndo,
  createLogger,
  createMetricsRegistry,
  createPorts,
  startHttpServer,
  type Logger,
  type Ports,
  type Registry,
} from '@memegraph/infra';
import { createAdminCheck } from './admin/admin-auth.js';
import { createDataSource, runMigrations } from './db/data-source.js';
import { createDatabaseServer } from './db/database-server.js';
import { createDbMetrics } from './db/db-telemetry.js';
import { toHostLabel, toHostUrls } from './db/postgres-hosts.js';
import { ReadRouter } from './db/read-router.js';
import { createServerProbe } from './db/server-probe.js';
import { maintainCandlePartitions } from './history/candle-partitions.js';
import { HistoryRepository, type HistoryRetention } from './history/history.repository.js';
import { startSnapshotConsumer, type SnapshotConsumer } from './history/snapshot-consumer.js';
import type { TokensConfig } from './tokens.config.js';
import { createTokensApp } from './tokens.server.js';
import { TokenRepository } from './token/token.repository.js';
import { createTrackingPublisher } from './token/tracking-events.js';
import { createMetadataLookup } from './token/upstream-metadata.client.js';

export { loadTokensConfig, tokensConfigSchema, type TokensConfig } from './tokens.config.js';
export { TOKENS_CONSUMER_GROUP, type SnapshotConsumer } from './history/snapshot-consumer.js';

/**
 * The ports the tokens subgraph uses: the durable stream market-data publishes snapshots and discovered tokens
 * on (and tracking changes go back on), and the pub/sub `token.discovered` is announced on.
 */
export type TokensPorts = Ports<'pubsub' | 'stream', Topics, Streams>;

/** Builds the tokens subgraph's ports from its config (Redis on REDIS_URL, else in-memory); the caller closes them. */
export function createTokensPorts(config: TokensConfig, log: Logger): TokensPorts {
  return createPorts(config, log, { use: ['pubsub', 'stream'], name: 'tokens', topics, streams });
}

/** A running tokens subgraph. */
export interface TokensService {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql. */
  url: string;
  router: ReadRouter;
  /** History ingestion from market-data's durable streams. */
  ingestion: SnapshotConsumer;
  close(): Promise<void>;
}

/** Connects to the primary and replicas (a server down at start is connected once its health check answers). */
function createDatabaseServers(config: TokensConfig, log: Logger, registry: Registry) {
  const pool = {
    poolSize: config.DATABASE_POOL_SIZE,
    acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS ?? config.DATABASE_STATEMENT_TIMEOUT_MS + 1000,
  };
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
  return { primaries, replicas, db };
}

/**
 * Keeps the candles' time partitions and deletes candles past their retention, every
 * HISTORY_PRUNE_INTERVAL_SECONDS; returns the timer. The first keeping of the partitions is awaited: it runs
 * before candles are written and requests served, so new candles find their window, and its DDL (seconds
 * of ATTACH PARTITION on a slow disk) does not hold a pool connection while requests wait for one.
 */
async function startPruning(
  config: TokensConfig,
  router: ReadRouter,
  history: HistoryRepository,
  log: Logger,
): Promise<NodeJS.Timeout> {
  const retention: HistoryRetention = {
    M1: config.HISTORY_RETENTION_M1_DAYS,
    M5: config.HISTORY_RETENTION_M5_DAYS,
    M15: config.HISTORY_RETENTION_M15_DAYS,
    H1: config.HISTORY_RETENTION_H1_DAYS,
    H4: config.HISTORY_RETENTION_H4_DAYS,
    D1: config.HISTORY_RETENTION_D1_DAYS,
  };
  // Time partitions first (create the coming windows, drop expired ones whole), then the DELETE of what is
  // left outside them (default partitions, H4/D1 when they have a retention). Neither ever rejects.
  const keepPartitions = () =>
    maintainCandlePartitions(router, retention).then(
      ({ created, dropped }) => {
        if (created.length + dropped.length > 0) log.info({ created, dropped }, 'candle partitions kept');
      },
      (error: unknown) => log.warn({ err: error }, 'keeping candle partitions failed'),
    );
  const pruneExpired = () =>
    history.pruneOlderThan(retention).then(
      (deleted) => deleted > 0 && log.info({ deleted }, 'pruned expired candles'),
      (error: unknown) => log.warn({ err: error }, 'pruning expired candles failed'),
    );
  await keepPartitions();
  void pruneExpired();
  const pruning = setInterval(
    () => void keepPartitions().then(pruneExpired),
    config.HISTORY_PRUNE_INTERVAL_SECONDS * 1000,
  );
  pruning.unref();
  return pruning;
}

/**
 * Composition root: connects to the primary and replicas, applies migrations, starts replica health checks,
 * history ingestion and pruning, and serves the subgraph. Without `ports`, it creates its own
 * (createTokensPorts) and closes them; given ones are the caller's to close, after this service. `close` (and a
 * start that fails half-way) closes what was built, newest first: HTTP, ingestion, health checks, pools.
 */
export async function startTokens(
  config: TokensConfig,
  log: Logger = createLogger('tokens', config.LOG_LEVEL),
  ports?: TokensPorts,
): Promise<TokensService> {
  return buildOrUndo(async (stack) => {
    const { pubsub, stream } = ports ?? stack.own(createTokensPorts(config, log));
    const registry = createMetricsRegistry();
    const { primaries, replicas, db } = createDatabaseServers(config, log, registry);
    const servers = [...primaries, ...replicas];
    stack.defer(() => Promise.allSettled(servers.map((s) => s.close())));
    // A server that is down at start does not stop the service; health checks connect it once it answers.
    await Promise.all(servers.map((s) => s.initialize()));
    const router = new ReadRouter(primaries, replicas, {
      maxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
      checkIntervalMs: config.DATABASE_REPLICA_CHECK_INTERVAL_MS,
      maxWaiting: config.DATABASE_MAX_WAITING,
      log,
    });
    stack.defer(() => router.stop());
    await router.start();
    if (config.DATABASE_MIGRATE_ON_START) {
      if (!router.primary)
        throw new Error('no DATABASE_URL host answers as a writable primary: cannot apply migrations');
      const applied = await runMigrations(router.primary.dataSource);
      if (applied.length > 0) log.info({ applied }, 'applied database migrations');
    }
    db.watchPools(() => router.status());
    const history = new HistoryRepository(router);
    const pruning = await startPruning(config, router, history, log);
    stack.defer(() => clearInterval(pruning));
    const ingestion = await startSnapshotConsumer({
      stream,
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
    stack.defer(() => ingestion.stop());

    const { app, apollo, forgetToken } = await createTokensApp({
      router,
      tokens: new TokenRepository(router),
      history,
      isAdmin: createAdminCheck(config.ADMIN_API_KEY),
      publishTracking: createTrackingPublisher(stream),
      publishChanged: (key) => pubsub.publish(Topic.TOKEN_CHANGED, key),
      lookupMetadata: createMetadataLookup(
        config.MARKET_DATA_URL,
        config.UPSTREAM_LOOKUP_TIMEOUT_MS,
        config.SUBGRAPH_SECRET,
      ),
      log,
      introspection: config.NODE_ENV !== 'production',
      subgraphSecret: config.SUBGRAPH_SECRET,
      registry,
      readCacheTtlMs: config.READ_CACHE_TTL_MS,
    });
    stack.defer(() => apollo.stop());
    // Another instance's admin write: drop what this one keeps of the token (at most READ_CACHE_TTL_MS old
    // otherwise, when an announcement is lost).
    stack.defer(await pubsub.subscribe(Topic.TOKEN_CHANGED, (ref) => forgetToken(ref)));
    const http = await startHttpServer(app, config.TOKENS_PORT, config.TOKENS_HOST);
    stack.defer(() => http.close());
    const url = `${http.url}/graphql`;
    log.info(
      { url, replicas: replicas.length, admin: Boolean(config.ADMIN_API_KEY) },
      `tokens subgraph ready at ${url}`,
    );
    return { url, router, ingestion, close: () => stack.close() };
  });
}
