import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Token metadata with indexes for exact, prefix and fuzzy (pg_trgm) search. */
export class CreateTokens1764216000000 implements MigrationInterface {
  name = 'CreateTokens1764216000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE tokens (
        chain varchar(16) NOT NULL CHECK (chain IN ('SOLANA', 'ETHEREUM', 'BASE', 'BSC')),
        address varchar(64) NOT NULL,
        name text NOT NULL,
        symbol text NOT NULL,
        decimals smallint CHECK (decimals BETWEEN 0 AND 36),
        image_url text,
        links jsonb NOT NULL DEFAULT '[]'::jsonb,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        tracked boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain, address),
        CHECK (chain = 'SOLANA' OR address = lower(address))
      )`);
    await q.query(`CREATE INDEX tokens_tracked_idx ON tokens (tracked) WHERE tracked`);
    await q.query(`CREATE INDEX tokens_symbol_lower_idx ON tokens (lower(symbol) text_pattern_ops)`);
    await q.query(`CREATE INDEX tokens_name_lower_idx ON tokens (lower(name) text_pattern_ops)`);
    await q.query(`CREATE INDEX tokens_address_prefix_idx ON tokens (address text_pattern_ops)`);
    await q.query(`CREATE INDEX tokens_symbol_trgm_idx ON tokens USING gin (lower(symbol) gin_trgm_ops)`);
    await q.query(`CREATE INDEX tokens_name_trgm_idx ON tokens USING gin (lower(name) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tokens`);
  }
}
