import DataLoader from 'dataloader';
import type { ReadSession } from '../db/read-router.js';
import { loadThrough, type ReadCache } from '../read-cache.js';
import type { TokenEntity } from './token.entity.js';
import { toTokenKeyString, type TokenKey } from './token-key.js';
import type { TokenRepository } from './token.repository.js';

/** DataLoaders of one request. */
export interface TokenLoaders {
  /** Token by (chain, canonical address); null where unknown. One SQL statement per batch, for the keys not cached. */
  byKey: DataLoader<TokenKey, TokenEntity | null, string>;
}

/**
 * Creates the loaders of one request; they share the request's read session (read-your-writes) and read
 * through `cache` (token rows by key, see loadThrough).
 */
export function createTokenLoaders(
  repository: TokenRepository,
  session: ReadSession,
  cache: ReadCache<TokenEntity>,
): TokenLoaders {
  return {
    byKey: new DataLoader(
      async (keys) => {
        const found = await loadThrough(cache, session, keys, toTokenKeyString, async (missing) => {
          const rows = await repository.findByKeys(session, missing);
          return new Map(rows.map((t) => [toTokenKeyString(t), t]));
        });
        return found.map((token) => token ?? null);
      },
      { cacheKeyFn: toTokenKeyString, maxBatchSize: 1000 },
    ),
  };
}
