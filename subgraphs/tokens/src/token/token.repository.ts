import type { EntityManager } from 'typeorm';
import type { ReadRouter, ReadSession } from '../db/read-router.js';
import type { Chain } from '../generated/resolvers.js';
import { TokenEntity, type TokenLinkValue } from './token.entity.js';
import type { TokenKey } from './token-key.js';

/** Metadata written by trackToken. */
export interface TokenMetadata {
  name: string;
  symbol: string;
  decimals: number | null;
  imageUrl: string | null;
  links: TokenLinkValue[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The columns a TokenEntity is built from (toTokenEntity). */
const TOKEN_COLUMNS =
  't.chain, t.address, t.name, t.symbol, t.decimals, t.image_url, t.links, t.first_seen_at, t.tracked, t.updated_at';

/** Token reads (routed to replicas) and writes (primary). Every method is one SQL statement. */
export class TokenRepository {
  constructor(private readonly router: ReadRouter) {}

  /**
   * The tokens with these keys, in one statement, in no particular order. Raw SQL: the query builder cost more
   * CPU than the statement (test/bench/tokens-db.bench.ts).
   */
  findByKeys(session: ReadSession, keys: readonly TokenKey[]): Promise<TokenEntity[]> {
    return this.router.read(session, async (m) => {
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT ${TOKEN_COLUMNS} FROM tokens t
         WHERE (t.chain, t.address) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
        [keys.map((k) => k.chain), keys.map((k) => k.address)],
      );
      return rows.map(toTokenEntity);
    });
  }

  /**
   * Search ranked by match class, then trigram similarity: exact symbol or address, symbol prefix, exact name,
   * name prefix, address prefix, substring, then fuzzy; substring and fuzzy need 3+ characters (a trigram index
   * cannot serve a shorter pattern). Tracked tokens and shorter symbols win ties. One statement in tiers: a tier
   * runs only when the better ones found fewer than `first` tokens, so a common word does not rank thousands of
   * fuzzy candidates (test/bench/tokens-db.bench.ts measured 52 → 11 ms for "BONK" at 100k tokens). Every tier
   * is served by an index (see the migration).
   */
  search(session: ReadSession, query: string, chain: Chain | null, first: number): Promise<TokenEntity[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const lower = param(query.toLowerCase());
    const raw = param(query);
    const prefix = param(`${escapeLike(query.toLowerCase())}%`);
    const rawPrefix = param(`${escapeLike(query)}%`);
    const limit = param(first);
    const inChain = chain ? ` AND t.chain = ${param(chain)}` : '';
    const similarity = `greatest(similarity(lower(t.symbol), ${lower}), similarity(lower(t.name), ${lower})) AS match_similarity`;
    const order = `ORDER BY match_class, match_similarity DESC, tracked DESC, length(symbol), address LIMIT ${limit}`;
    const isPrefix = `(lower(t.symbol) LIKE ${prefix} OR lower(t.name) LIKE ${prefix} OR t.address LIKE ${rawPrefix})`;
    let sql = `WITH a AS (
        SELECT t.*, CASE WHEN lower(t.symbol) = ${lower} OR t.address = ${raw} THEN 0
                         WHEN lower(t.symbol) LIKE ${prefix} THEN 1
                         WHEN lower(t.name) = ${lower} THEN 2
                         WHEN lower(t.name) LIKE ${prefix} THEN 3
                         ELSE 4 END AS match_class, ${similarity}
        FROM tokens t WHERE ${isPrefix}${inChain} ${order})`;
    let tiers = 'SELECT * FROM a';
    if (query.length >= 3) {
      const contains = param(`%${escapeLike(query.toLowerCase())}%`);
      const isContained = `(lower(t.symbol) LIKE ${contains} OR lower(t.name) LIKE ${contains})`;
      sql += `,
      b AS (
        SELECT t.*, 5 AS match_class, ${similarity} FROM tokens t
        WHERE (SELECT count(*) FROM a) < ${limit} AND ${isContained} AND NOT ${isPrefix}${inChain} ${order}),
      c AS (
        SELECT t.*, 6 AS match_class, ${similarity} FROM tokens t
        WHERE (SELECT count(*) FROM a) + (SELECT count(*) FROM b) < ${limit}
          AND (lower(t.symbol) % ${lower} OR lower(t.name) % ${lower})
          AND NOT ${isContained} AND NOT ${isPrefix}${inChain} ${order})`;
      tiers += ' UNION ALL SELECT * FROM b UNION ALL SELECT * FROM c';
    }
    sql += ` SELECT * FROM (${tiers}) r ${order}`;
    return this.router.read(session, async (m) => {
      const rows: Record<string, unknown>[] = await m.query(sql, params);
      return rows.map(toTokenEntity);
    });
  }

  /**
   * Keys of tracked tokens after `after` in (chain, address) order, at most `first` (keyset paging: a page
   * costs the same however deep, and tokens tracked meanwhile are not skipped or repeated).
   */
  trackedKeys(session: ReadSession, first: number, after: TokenKey | null): Promise<TokenKey[]> {
    const where = after ? 'AND (chain, address) > ($2, $3)' : '';
    const params = after ? [first, after.chain, after.address] : [first];
    return this.router.read(session, async (m) => {
      const rows: Array<{ chain: Chain; address: string }> = await m.query(
        `SELECT chain, address FROM tokens WHERE tracked ${where} ORDER BY chain, address LIMIT $1`,
        params,
      );
      return rows.map(({ chain, address }) => ({ chain, address }));
    });
  }

  /** Inserts or updates a token's metadata and marks it tracked; first_seen_at is kept. */
  upsertTracked(session: ReadSession, key: TokenKey, metadata: TokenMetadata): Promise<TokenEntity> {
    return this.router.write(session, async (m) => {
      const rows = await queryRows(
        m,
        `INSERT INTO tokens (chain, address, name, symbol, decimals, image_url, links, tracked)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, true)
         ON CONFLICT (chain, address) DO UPDATE SET
           name = EXCLUDED.name, symbol = EXCLUDED.symbol, decimals = EXCLUDED.decimals,
           image_url = EXCLUDED.image_url, links = EXCLUDED.links, tracked = true, updated_at = now()
         RETURNING *`,
        [
          key.chain,
          key.address,
          metadata.name,
          metadata.symbol,
          metadata.decimals,
          metadata.imageUrl,
          JSON.stringify(metadata.links),
        ],
      );
      return toTokenEntity(rows[0]!);
    });
  }

  /** Sets the tracked flag; returns the token as it was before, or null when unknown. */
  setTracked(
    session: ReadSession,
    key: TokenKey,
    tracked: boolean,
  ): Promise<{ before: boolean; token: TokenEntity } | null> {
    return this.router.write(session, async (m) => {
      const rows = await queryRows(
        m,
        `UPDATE tokens t SET tracked = $3, updated_at = now()
         FROM (SELECT tracked FROM tokens WHERE chain = $1 AND address = $2 FOR UPDATE) before
         WHERE t.chain = $1 AND t.address = $2
         RETURNING t.*, before.tracked AS tracked_before`,
        [key.chain, key.address, tracked],
      );
      const row = rows[0];
      return row ? { before: row.tracked_before as boolean, token: toTokenEntity(row) } : null;
    });
  }
}

/**
 * Rows of a raw statement. EntityManager.query returns `[rows, count]` for UPDATE and DELETE but rows
 * for INSERT; the structured result is the same for every kind.
 */
async function queryRows(m: EntityManager, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (!m.queryRunner) throw new Error('queryRows needs a transactional EntityManager');
  const result = await m.queryRunner.query(sql, params, true);
  return result.records as Record<string, unknown>[];
}

/** Maps a raw `tokens` row to an entity (without TypeORM's metadata-driven create). */
function toTokenEntity(row: Record<string, unknown>): TokenEntity {
  return Object.assign(new TokenEntity(), {
    chain: row.chain as Chain,
    address: row.address as string,
    name: row.name as string,
    symbol: row.symbol as string,
    decimals: row.decimals as number | null,
    imageUrl: row.image_url as string | null,
    links: row.links as TokenLinkValue[],
    firstSeenAt: row.first_seen_at as Date,
    tracked: row.tracked as boolean,
    updatedAt: row.updated_at as Date,
  });
}
