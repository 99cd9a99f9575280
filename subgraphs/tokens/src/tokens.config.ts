import { z } from 'zod';
import {
  commonConfigSchema,
  envBoolean,
  envList,
  envNonNegativeInt,
  envPort,
  envPositiveInt,
  envPostgresUrl,
  loadConfig,
} from '@memegraph/infra';

/** Environment of the tokens subgraph; every variable is documented in .env.example. */
export const tokensConfigSchema = commonConfigSchema.extend({
  /** HTTP port of the subgraph. */
  TOKENS_PORT: envPort.default(4001),
  /** Interface to bind; 127.0.0.1 keeps the subgraph private to the host. */
  TOKENS_HOST: z.string().default('0.0.0.0'),
  /** Primary (read-write) Postgres. Required here; the local launcher supplies an embedded one. */
  DATABASE_URL: envPostgresUrl,
  /** Read replicas, comma-separated; reads go here when healthy and caught up. */
  DATABASE_REPLICA_URLS: envList.pipe(z.array(envPostgresUrl)).default([]),
  /** Connections per pool (one pool per server). */
  DATABASE_POOL_SIZE: envPositiveInt.default(10),
  /** How long a query may wait for a pooled connection before failing with SERVICE_BUSY. */
  DATABASE_ACQUIRE_TIMEOUT_MS: envPositiveInt.default(1000),
  /** Requests allowed to wait for a connection per pool; beyond it they fail at once with SERVICE_BUSY. */
  DATABASE_MAX_WAITING: envNonNegativeInt.default(50),
  /** Server-side statement_timeout for every connection. */
  DATABASE_STATEMENT_TIMEOUT_MS: envPositiveInt.default(5000),
  /** A replica further behind the primary than this is skipped. */
  DATABASE_REPLICA_MAX_LAG_MS: envPositiveInt.default(5000),
  /** How often replica health and lag are checked. */
  DATABASE_REPLICA_CHECK_INTERVAL_MS: envPositiveInt.default(1000),
  /** Apply pending migrations at start (under an advisory lock, so concurrent instances are safe). */
  DATABASE_MIGRATE_ON_START: envBoolean.default(true),
  /** Bearer key for admin mutations. Unset: mutations are refused (the local launcher generates one). */
  ADMIN_API_KEY: z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional(),
});

export type TokensConfig = z.output<typeof tokensConfigSchema>;

/** Parses the tokens subgraph's environment, reporting every problem at once. */
export const loadTokensConfig = (env: NodeJS.ProcessEnv = process.env): TokensConfig =>
  loadConfig(tokensConfigSchema, env);
