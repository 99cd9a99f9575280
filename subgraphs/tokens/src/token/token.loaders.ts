import DataLoader from 'dataloader';
import type { ReadSession } from '../db/read-router.js';
import type { TokenEntity } from './token.entity.js';
import { toTokenKeyString, type TokenKey } from './token-key.js';
import type { TokenRepository } from './token.repository.js';

/** DataLoaders of one request. */
export interface TokenLoaders {
  /** Token by (chain, canonical address); null where unknown. One SQL statement per batch. */
  byKey: DataLoader<TokenKey, TokenEntity | null, string>;
}

/** Creates the loaders of one request; they share the request's read session (read-your-writes). */
export function createTokenLoaders(repository: TokenRepository, session: ReadSession): TokenLoaders {
  return {
    byKey: new DataLoader(
      async (keys) => {
        const found = new Map((await repository.findByKeys(session, keys)).map((t) => [toTokenKeyString(t), t]));
        return keys.map((key) => found.get(toTokenKeyString(key)) ?? null);
      },
      { cacheKeyFn: toTokenKeyString, maxBatchSize: 1000 },
    ),
  };
}
