import DataLoader from 'dataloader';
import type { Logger } from '@memegraph/infra';
import type { TokenSetPort } from '../tracking/token-set.js';
import type { MarketStore, ServedRecord } from './market-store.js';

/** DataLoaders of one request. */
export interface MarketLoaders {
  /** Served record by token key; null where no upstream knows the token. One cache round trip per batch. */
  record: DataLoader<string, ServedRecord | null>;
}

/**
 * Creates one request's loaders. Every batch also records demand for its tokens (fire and forget), which
 * moves them to the front of the polling order.
 */
export function createMarketLoaders(store: MarketStore, tokens: TokenSetPort, log: Logger): MarketLoaders {
  return {
    record: new DataLoader(async (keys) => {
      tokens.touch(keys, Date.now()).catch((error: Error) => log.warn({ err: error.message }, 'demand not recorded'));
      return store.getMany(keys);
    }),
  };
}
