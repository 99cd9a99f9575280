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

/** Token reads (routed to replicas) and writes (primary). Every method is one SQL statement. */
export class TokenRepository {
  constructor(private readonly router: ReadRouter) {}

  /** The tokens with these keys, in one statement, in no particular order. */
  findByKeys(session: ReadSession, keys: readonly TokenKey[]): Promise<TokenEntity[]> {
    return this.router.read(session, (m) =>
      m
        .createQueryBuilder(TokenEntity, 't')
        .where(
          '(t.chain, t.address) IN (SELECT * FROM unnest(CAST(:chains AS varchar[]), CAST(:addresses AS varchar[])))',
          {
            chains: keys.map((k) => k.chain),
            addresses: keys.map((k) => k.address),
          },
        )
        .getMany(),
    );
  }

  /**
   * Search ranked by match class, then trigram similarity: exact symbol or address, symbol prefix,
   * exact name, name prefix, address prefix, substring, then fuzzy (3+ characters). Tracked tokens
   * and shorter symbols win ties. Every branch of the WHERE is served by an index (see the migration).
   */
  search(session: ReadSession, query: string, chain: Chain | null, first: number): Promise<TokenEntity[]> {
    const lower = query.toLowerCase();
    const fuzzy = lower.length >= 3;
    return this.router.read(session, (m) => {
      const qb = m
        .createQueryBuilder(TokenEntity, 't')
        .setParameters({
          lower,
          raw: query,
          prefix: `${escapeLike(lower)}%`,
          rawPrefix: `${escapeLike(query)}%`,
          contains: `%${escapeLike(lower)}%`,
        })
        .where(
          `(lower(t.symbol) LIKE :contains OR lower(t.name) LIKE :contains OR t.address LIKE :rawPrefix` +
            (fuzzy ? ` OR lower(t.symbol) % :lower OR lower(t.name) % :lower)` : ')'),
        )
        .addSelect(
          `CASE WHEN lower(t.symbol) = :lower OR t.address = :raw THEN 0
                WHEN lower(t.symbol) LIKE :prefix THEN 1
                WHEN lower(t.name) = :lower THEN 2
                WHEN lower(t.name) LIKE :prefix THEN 3
                WHEN t.address LIKE :rawPrefix THEN 4
                WHEN lower(t.symbol) LIKE :contains OR lower(t.name) LIKE :contains THEN 5
                ELSE 6 END`,
          'match_class',
        )
        .addSelect(
          `greatest(similarity(lower(t.symbol), :lower), similarity(lower(t.name), :lower))`,
          'match_similarity',
        )
        .orderBy('match_class', 'ASC')
        .addOrderBy('match_similarity', 'DESC')
        .addOrderBy('t.tracked', 'DESC')
        .addOrderBy('length(t.symbol)', 'ASC')
        .addOrderBy('t.address', 'ASC')
        .limit(first);
      if (chain) qb.andWhere('t.chain = :chain', { chain });
      return qb.getMany();
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
      return m.create(TokenEntity, toEntityFields(rows[0]!));
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
      return row ? { before: row.tracked_before as boolean, token: m.create(TokenEntity, toEntityFields(row)) } : null;
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

/** Maps a raw `tokens` row to entity fields. */
function toEntityFields(row: Record<string, unknown>): Partial<TokenEntity> {
  return {
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
  };
}
