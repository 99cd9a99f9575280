import { z } from 'zod';
import {
  commonConfigSchema,
  envBoolean,
  envHttpUrl,
  envList,
  envNonNegativeInt,
  envPort,
  envPositiveInt,
  envPostgresUrl,
  loadConfig,
  requireSubgraphSecretInProduction,
  subgraphSecretConfigShape,
  withLocalServiceUrls,
} from '@memegraph/infra';
import { toHostUrls } from './db/postgres-hosts.js';

/** A postgres:// URL naming one host, or several in libpq's form (`postgres://u@h1:5432,h2:5432/db`). */
const envPostgresHosts = z
  .string()
  .trim()
  .min(1, 'is required')
  .superRefine((url, ctx) => {
    try {
      toHostUrls(url);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/** Environment of the tokens subgraph; every variable is documented in .env.example. */
export const tokensConfigSchema = commonConfigSchema
  .extend({
    ...subgraphSecretConfigShape,
    /** HTTP port of the subgraph. */
    TOKENS_PORT: envPort.default(4001),
    /** Interface to bind; 127.0.0.1 keeps the subgraph private to the host. */
    TOKENS_HOST: z.string().default('0.0.0.0'),
    /**
     * Primary (read-write) Postgres. Required here; the local launcher supplies an embedded one. May name several
     * hosts in libpq's form (`postgres://user@db-a:5432,db-b:5432/tokens`): writes go to whichever is not in
     * recovery, found again when the primary fails or turns read-only (failover by promoting a standby).
     */
    DATABASE_URL: envPostgresHosts,
    /** Read replicas, comma-separated; reads go here when healthy and caught up. */
    DATABASE_REPLICA_URLS: envList.pipe(z.array(envPostgresUrl)).default([]),
    /** Connections per pool (one pool per server). */
    DATABASE_POOL_SIZE: envPositiveInt.default(10),
    /** How long a query may wait for a pooled connection before failing with SERVICE_BUSY. */
    DATABASE_ACQUIRE_TIMEOUT_MS: envPositiveInt.default(1000),
    /** Requests allowed to wait for a connection per pool; beyond it they fail at once with SERVICE_BUSY. */
    DATABASE_MAX_WAITING: envNonNegativeInt.default(50),
    /** Server-side statement_timeout for every connection (idle_in_transaction_session_timeout is twice it). */
    DATABASE_STATEMENT_TIMEOUT_MS: envPositiveInt.default(5000),
    /**
     * Client-side wait for a statement's answer, for servers that cannot enforce their own timeout (hung,
     * unreachable); the connection is then dropped. Must exceed DATABASE_STATEMENT_TIMEOUT_MS. Unset: that + 1000.
     */
    DATABASE_QUERY_TIMEOUT_MS: envPositiveInt.optional(),
    /** Timeout of each server's health check (connect and query), on its own connection. */
    DATABASE_HEALTH_CHECK_TIMEOUT_MS: envPositiveInt.default(1000),
    /** A replica further behind the primary than this is skipped. */
    DATABASE_REPLICA_MAX_LAG_MS: envPositiveInt.default(5000),
    /** How often replica health and lag are checked. */
    DATABASE_REPLICA_CHECK_INTERVAL_MS: envPositiveInt.default(1000),
    /** Apply pending migrations at start (under an advisory lock, so concurrent instances are safe). */
    DATABASE_MIGRATE_ON_START: envBoolean.default(true),
    /**
     * How long token rows and 7-day windows read by key, and search results, stay in this instance's memory
     * (0 = off). An admin write clears its token and the search results here at once; other instances serve the
     * old ones until they expire. A request carrying a read-after position (the writer's next reads) skips the cache.
     */
    READ_CACHE_TTL_MS: envNonNegativeInt.default(2000),
    /**
     * The market-data subgraph, asked for the metadata of a token trackToken gets without any (unset:
     * 127.0.0.1 at MARKET_DATA_PORT when that is set).
     */
    MARKET_DATA_URL: envHttpUrl.default('http://127.0.0.1:4002/graphql'),
    /** Timeout of that lookup (it calls the upstreams). */
    UPSTREAM_LOOKUP_TIMEOUT_MS: envPositiveInt.default(8000),
    /** Bearer key for admin mutations. Unset: mutations are refused (the local launcher generates one). */
    ADMIN_API_KEY: z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional(),
    /**
     * This instance's name in the stream consumer groups. Keep it stable across restarts of one instance, so
     * a restart re-handles what it left unacknowledged at once. Unset: the host name.
     */
    STREAM_CONSUMER_NAME: z.string().trim().min(1).optional(),
    /** Most stream messages handled per batch (one database transaction). */
    STREAM_BATCH_SIZE: envPositiveInt.default(100),
    /** How long one stream read waits for new messages. */
    STREAM_BLOCK_MS: envPositiveInt.default(5000),
    /** Messages another instance has held unacknowledged this long are taken over (that instance presumed dead). */
    STREAM_CLAIM_IDLE_MS: envPositiveInt.default(60000),
    /** Handler attempts per message before it goes to the dead-letter stream. */
    STREAM_MAX_DELIVERIES: envPositiveInt.default(5),
    /** Pause before retrying a batch that failed. */
    STREAM_RETRY_DELAY_MS: envPositiveInt.default(1000),
    /** Approximate cap of every stream this service appends to (dead-letter streams). */
    STREAM_MAX_LENGTH: envPositiveInt.default(100000),
    /** Days of one-minute candles kept (0 = forever). */
    HISTORY_RETENTION_M1_DAYS: envNonNegativeInt.default(2),
    /** Days of five-minute candles kept (0 = forever). */
    HISTORY_RETENTION_M5_DAYS: envNonNegativeInt.default(14),
    /** Days of fifteen-minute candles kept (0 = forever). */
    HISTORY_RETENTION_M15_DAYS: envNonNegativeInt.default(31),
    /** Days of hourly candles kept (0 = forever); the 7-day windows read them, so at least 8. */
    HISTORY_RETENTION_H1_DAYS: envNonNegativeInt
      .refine((days) => days === 0 || days >= 8, 'must be 0 (forever) or at least 8: 7-day windows read hourly candles')
      .default(92),
    /** Days of four-hour candles kept (0 = forever). */
    HISTORY_RETENTION_H4_DAYS: envNonNegativeInt.default(0),
    /** Days of daily candles kept (0 = forever). */
    HISTORY_RETENTION_D1_DAYS: envNonNegativeInt.default(0),
    /** How often expired candles are deleted. */
    HISTORY_PRUNE_INTERVAL_SECONDS: envPositiveInt.default(3600),
  })
  .superRefine(requireSubgraphSecretInProduction)
  .superRefine((config, ctx) => {
    const { DATABASE_QUERY_TIMEOUT_MS: query, DATABASE_STATEMENT_TIMEOUT_MS: statement } = config;
    if (query !== undefined && query <= statement) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_QUERY_TIMEOUT_MS'],
        message: 'must exceed DATABASE_STATEMENT_TIMEOUT_MS (on a live server its own timeout ends a statement first)',
      });
    }
  });

export type TokensConfig = z.output<typeof tokensConfigSchema>;

/** Parses the tokens subgraph's environment, reporting every problem at once. */
export const loadTokensConfig = (env: NodeJS.ProcessEnv = process.env): TokensConfig =>
  loadConfig(tokensConfigSchema, withLocalServiceUrls(env, [['MARKET_DATA_URL', 'MARKET_DATA_PORT']]));
