import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks each candle with where it came from (issue #16): `SNAPSHOTS` (our own snapshots, rolled up; the
 * default, so every existing row keeps its meaning) or `GECKOTERMINAL` (backfilled from the pool's OHLCV).
 * Our own snapshots win a slot both have (see candle-source.ts).
 */
export class CandleSource1764400000000 implements MigrationInterface {
  name = 'CandleSource1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE price_candles
        ADD COLUMN source varchar(16) NOT NULL DEFAULT 'SNAPSHOTS'
        CHECK (source IN ('SNAPSHOTS', 'GECKOTERMINAL'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE price_candles DROP COLUMN source`);
  }
}
