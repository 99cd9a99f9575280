/**
 * Candles partitioned by resolution and time (migration 1764500000000, history/candle-partitions.ts) on a real
 * Postgres: a database migrated as it was before, with candles in it, is converted when the service starts;
 * every row is kept; new candles land in their time windows; rows that arrived before their window are moved
 * into it; expired windows are dropped whole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createLogger } from '@memegraph/infra';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { CreateTokens1764216000000 } from '../src/db/migrations/1764216000000-create-tokens.js';
import { CreateCandles1764300000000 } from '../src/db/migrations/1764300000000-create-candles.js';
import { CandleSource1764400000000 } from '../src/db/migrations/1764400000000-candle-source.js';
import { maintainCandlePartitions, toCandlePartition, PARTITION_WIDTH_MS } from '../src/history/candle-partitions.js';
import type { Resolution } from '../src/generated/resolvers.js';
import { waitFor } from '../../../test/harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress } from '../../../test/harness/token-fixtures.js';

const DAY = 86_400_000;
const NOW = Date.now();
const retention = { M1: 2, M5: 14, M15: 31, H1: 92, H4: 0, D1: 0 };
const address = fakeSolanaAddress(1, 'Part');
const log = createLogger('candle-partitions-test', 'silent');

let db: TestDatabase;
let sql: pg.Client;
let service: TokensService;

/** The time window holding `at` for `resolution`. */
const windowOf = (resolution: Resolution, at: number) =>
  toCandlePartition(resolution, Math.floor(at / PARTITION_WIDTH_MS[resolution]!) * PARTITION_WIDTH_MS[resolution]!)
    .name;

/** A candle of the test token (any values the table's checks accept). */
async function insertCandle(resolution: Resolution, at: number): Promise<void> {
  const t = new Date(at).toISOString();
  await sql.query(
    `INSERT INTO price_candles (chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, samples)
     VALUES ('SOLANA', $1, $2, $3, 1, 2, 0.5, 1.5, $3, $3, 10, 1)`,
    [address, resolution, t],
  );
}

/** Where each candle of the test token is stored, by resolution and time. */
async function placement(): Promise<Map<string, string>> {
  const { rows } = await sql.query<{ resolution: string; t: Date; part: string }>(
    `SELECT resolution, t, tableoid::regclass::text AS part FROM price_candles WHERE address = $1`,
    [address],
  );
  return new Map(rows.map((r) => [`${r.resolution}@${r.t.getTime()}`, r.part]));
}

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'partitions');
  // A deployment before this migration: the plain table, with candles in it.
  const before = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [CreateTokens1764216000000, CreateCandles1764300000000, CandleSource1764400000000],
  });
  await before.initialize();
  await before.runMigrations();
  await before.destroy();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await insertCandle('M1', NOW);
  await insertCandle('M1', NOW - DAY);
  await insertCandle('M1', NOW - 10 * DAY);
  await insertCandle('M5', NOW);
  await insertCandle('H4', NOW - 400 * DAY);
  service = await startTokens(
    loadTokensConfig({ DATABASE_URL: db.url, TOKENS_PORT: '0', TOKENS_HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    log,
  );
});

afterAll(async () => {
  await service?.close();
  await sql?.end();
  await db?.drop();
});

describe('candles partitioned by resolution and time', () => {
  it('converts the existing table at start: current windows filled, older rows in the defaults, expired ones pruned', async () => {
    await waitFor(async () => (await placement()).get(`M1@${NOW}`) === windowOf('M1', NOW), 15_000, 'the keeper');
    await waitFor(async () => !(await placement()).has(`M1@${NOW - 10 * DAY}`), 15_000, 'the prune');
    expect(Object.fromEntries(await placement())).toEqual({
      [`M1@${NOW}`]: windowOf('M1', NOW),
      // Yesterday has no window (only the current and coming ones are created) but is within retention.
      [`M1@${NOW - DAY}`]: 'price_candles_m1_default',
      [`M5@${NOW}`]: windowOf('M5', NOW),
      [`H4@${NOW - 400 * DAY}`]: 'price_candles_h4',
    });
    const { rows } = await sql.query(
      `SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'price_candles'::regclass`,
    );
    expect(rows).toEqual([{ partstrat: 'l' }]);
  });

  it('routes new candles into their window and keeps the primary key across partitions', async () => {
    await insertCandle('M15', NOW);
    expect((await placement()).get(`M15@${NOW}`)).toBe(windowOf('M15', NOW));
    await expect(insertCandle('M15', NOW)).rejects.toThrow(/duplicate key/);
  });

  it('moves rows that arrived before their window into it, and drops expired windows whole', async () => {
    const later = NOW + 4 * DAY;
    await insertCandle('M1', later);
    expect((await placement()).get(`M1@${later}`)).toBe('price_candles_m1_default');
    const { created, dropped } = await maintainCandlePartitions(service.router, retention, later);
    expect(created).toContain(windowOf('M1', later));
    // Today's window ends at most 2 days after now, so it is past the 2-day retention 4 days later.
    expect(dropped).toContain(windowOf('M1', NOW));
    const after = await placement();
    expect(after.get(`M1@${later}`)).toBe(windowOf('M1', later));
    expect(after.has(`M1@${NOW}`)).toBe(false);
    const { rows } = await sql.query(`SELECT to_regclass($1) AS gone`, [windowOf('M1', NOW)]);
    expect(rows).toEqual([{ gone: null }]);
  });

  it('changes nothing when run again', async () => {
    const later = NOW + 4 * DAY;
    expect(await maintainCandlePartitions(service.router, retention, later)).toEqual({ created: [], dropped: [] });
  });
});
