import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Price candles per token and resolution (issue #3). The primary key (chain, address, resolution, t)
 * serves every read: a token's candles in a time range newest-first with a limit, the latest candle
 * before a time (7-day windows), and the finer candles of a bucket (roll-ups). Retention deletes by
 * (resolution, t), which gets its own index.
 */
export class CreateCandles1764300000000 implements MigrationInterface {
  name = 'CreateCandles1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE price_candles (
        chain varchar(16) NOT NULL CHECK (chain IN ('SOLANA', 'ETHEREUM', 'BASE', 'BSC')),
        address varchar(64) NOT NULL,
        resolution varchar(3) NOT NULL CHECK (resolution IN ('M1', 'M5', 'M15', 'H1', 'H4', 'D1')),
        t timestamptz NOT NULL,
        open double precision NOT NULL,
        high double precision NOT NULL,
        low double precision NOT NULL,
        close double precision NOT NULL,
        open_at timestamptz NOT NULL,
        close_at timestamptz NOT NULL,
        volume_usd double precision,
        samples integer NOT NULL CHECK (samples > 0),
        PRIMARY KEY (chain, address, resolution, t),
        CHECK (low <= high AND open_at <= close_at)
      )`);
    await q.query(`CREATE INDEX price_candles_retention_idx ON price_candles (resolution, t)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE price_candles`);
  }
}
