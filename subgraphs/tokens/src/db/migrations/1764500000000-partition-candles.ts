import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Resolutions partitioned by time (see history/candle-partitions.ts), and those kept in one partition. */
const BY_TIME = ['M1', 'M5', 'M15', 'H1'];
const WHOLE = ['H4', 'D1'];

/**
 * Candles partitioned by resolution, then by time (issue #18, docs/scaling.md "Sharding plan"): at ~22,000
 * tokens the table outgrows a server's memory, and retention's DELETE of tens of millions of rows a day
 * becomes a DROP of whole partitions. `price_candles` becomes LIST-partitioned by resolution; M1, M5, M15
 * and H1 are RANGE-partitioned by `t` (the windows are created and dropped by the partition keeper, rows
 * outside them go to each resolution's DEFAULT partition); H4 and D1, kept forever, are one partition each.
 * The primary key keeps (chain, address, resolution, t) — both partition keys are in it — so every upsert's
 * ON CONFLICT and every read stay as they are. Columns and checks are copied from the table as it is
 * (LIKE), whatever earlier migrations added (`source`). Existing rows are copied once (into the default
 * partitions; the keeper moves the current windows' rows out at start).
 */
export class PartitionCandles1764500000000 implements MigrationInterface {
  name = 'PartitionCandles1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE price_candles RENAME TO price_candles_unpartitioned`);
    await q.query(
      `ALTER TABLE price_candles_unpartitioned RENAME CONSTRAINT price_candles_pkey TO price_candles_unpartitioned_pkey`,
    );
    await q.query(`ALTER INDEX price_candles_retention_idx RENAME TO price_candles_unpartitioned_retention_idx`);
    await q.query(`
      CREATE TABLE price_candles (LIKE price_candles_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      PARTITION BY LIST (resolution)`);
    await q.query(
      `ALTER TABLE price_candles ADD CONSTRAINT price_candles_pkey PRIMARY KEY (chain, address, resolution, t)`,
    );
    await q.query(`CREATE INDEX price_candles_retention_idx ON price_candles (resolution, t)`);
    for (const resolution of WHOLE) {
      await q.query(
        `CREATE TABLE price_candles_${resolution.toLowerCase()} PARTITION OF price_candles FOR VALUES IN ('${resolution}')`,
      );
    }
    for (const resolution of BY_TIME) {
      const table = `price_candles_${resolution.toLowerCase()}`;
      await q.query(
        `CREATE TABLE ${table} PARTITION OF price_candles FOR VALUES IN ('${resolution}') PARTITION BY RANGE (t)`,
      );
      await q.query(`CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`);
    }
    await q.query(`INSERT INTO price_candles SELECT * FROM price_candles_unpartitioned`);
    await q.query(`DROP TABLE price_candles_unpartitioned`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE price_candles RENAME TO price_candles_partitioned`);
    await q.query(
      `ALTER TABLE price_candles_partitioned RENAME CONSTRAINT price_candles_pkey TO price_candles_partitioned_pkey`,
    );
    await q.query(`ALTER INDEX price_candles_retention_idx RENAME TO price_candles_partitioned_retention_idx`);
    await q.query(
      `CREATE TABLE price_candles (LIKE price_candles_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    await q.query(
      `ALTER TABLE price_candles ADD CONSTRAINT price_candles_pkey PRIMARY KEY (chain, address, resolution, t)`,
    );
    await q.query(`CREATE INDEX price_candles_retention_idx ON price_candles (resolution, t)`);
    await q.query(`INSERT INTO price_candles SELECT * FROM price_candles_partitioned`);
    await q.query(`DROP TABLE price_candles_partitioned`);
  }
}
