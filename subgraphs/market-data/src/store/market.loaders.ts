import DataLoader from 'dataloader';
import type { Logger } from '@memegraph/infra';
import type { TokenSetPort } from '../tracking/token-set.js';
import type { D7Window, HistoryWindowStore } from './history-window.store.js';
import type { MarketStore, ServedRecord } from './market-store.js';

/** DataLoaders of one request. */
export interface MarketLoaders {
  /** Served record by token key; null where no upstream knows the token. One cache round trip per batch. */
  record: DataLoader<string, ServedRecord | null>;
  /** 7-day window by token key (null: none kept), read only when a D7 window is selected. */
  d7: DataLoader<string, D7Window | null>;
}

/**
 * Creates one request's loaders. Every batch also records demand for its tokens (fire and forget), which
 * moves them to the front of the polling order.
 */
export function createMarketLoaders(
  store: MarketStore,
  tokens: TokenSetPort,
  windows: HistoryWindowStore,
  log: Logger,
): MarketLoaders {
  return {
    record: new DataLoader(async (keys) => {
      tokens.touch(keys, Date.now()).catch((error: Error) => log.warn({ err: error.message }, 'demand not recorded'));
      return store.getMany(keys);
    }),
    d7: new DataLoader((keys) => windows.getMany(keys)),
  };
}
