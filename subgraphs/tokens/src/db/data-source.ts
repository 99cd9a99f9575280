import 'reflect-metadata';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { Pool } from 'pg';
import { createObservedClient, type QueryObserver } from './db-telemetry.js';
import { createTimeoutDroppingClient } from './pg-client.js';
import { CandleEntity } from '../history/candle.entity.js';
import { TokenEntity } from '../token/token.entity.js';
import { CreateTokens1764216000000 } from './migrations/1764216000000-create-tokens.js';
import { CreateCandles1764300000000 } from './migrations/1764300000000-create-candles.js';
import { CandleSource1764400000000 } from './migrations/1764400000000-candle-source.js';
import { PartitionCandles1764500000000 } from './migrations/1764500000000-partition-candles.js';

/** Pool settings applied to every server's pool (primary candidates and replicas alike). */
export interface PoolSettings {
  poolSize: number;
  /** Longest wait for a pooled connection, opening a new one (TCP + startup) included. */
  acquireTimeoutMs: number;
  /** Server-side statement_timeout; idle_in_transaction_session_timeout is twice it. */
  statementTimeoutMs: number;
  /**
   * Client-side wait for a statement's answer, longer than the statement timeout: it ends statements on a
   * server that cannot enforce its own timeout because it is hung or unreachable.
   */
  queryTimeoutMs: number;
}

/** Every entity and migration of the tokens subgraph. */
export const entities = [TokenEntity, CandleEntity];
export const migrations = [
  CreateTokens1764216000000,
  CreateCandles1764300000000,
  CandleSource1764400000000,
  PartitionCandles1764500000000,
];

/**
 * One TypeORM DataSource per Postgres server. TypeORM's own `replication` option is not used:
 * it picks a random replica with no health check or fallback (typeorm#4262) and cannot give
 * read-your-writes (typeorm#9427); ReadRouter does both.
 */
export function createDataSource(
  url: string,
  applicationName: string,
  pool: PoolSettings,
  /** Times (and traces) every statement of this pool under the server's name. */
  observed?: { server: string; observe: QueryObserver },
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: pool.poolSize,
      // node-postgres waits forever for a pooled connection by default; bound it.
      connectionTimeoutMillis: pool.acquireTimeoutMs,
      statement_timeout: pool.statementTimeoutMs,
      idle_in_transaction_session_timeout: pool.statementTimeoutMs * 2,
      query_timeout: pool.queryTimeoutMs,
      application_name: applicationName,
      keepAlive: true,
      Client: observed
        ? createObservedClient(observed.server, observed.observe, createTimeoutDroppingClient())
        : createTimeoutDroppingClient(),
    },
  });
}

/** The node-postgres pool behind a DataSource (for backpressure checks and metrics). */
export function getPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Applies pending migrations under a Postgres advisory lock, so instances starting together
 * do not race each other.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext('memegraph.tokens.migrations'))`);
    try {
      // The executor shares the lock's connection, so a pool of one connection cannot deadlock here.
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('memegraph.tokens.migrations'))`);
    }
  } finally {
    await runner.release();
  }
}
