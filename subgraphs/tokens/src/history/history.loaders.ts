import DataLoader from 'dataloader';
import type { ReadSession } from '../db/read-router.js';
import { loadThrough, type ReadCache } from '../read-cache.js';
import type { Resolution } from '../generated/resolvers.js';
import { toTokenKeyString, type TokenKey } from '../token/token-key.js';
import type { CandleRow, HistoryRepository, HistoryWindow } from './history.repository.js';

/** Candles of one token as a field asks for them; `to` null means "now". */
export interface CandleRequest extends TokenKey {
  resolution: Resolution;
  from: Date | null;
  to: Date | null;
  limit: number;
}

/** History DataLoaders of one request. */
export interface HistoryLoaders {
  /** Candles per token; the tokens of one batch that ask the same range share one SQL statement. */
  candles: DataLoader<CandleRequest, CandleRow[], string>;
  /** The 7-day window per token. One SQL statement per batch, for the keys not cached. */
  history7d: DataLoader<TokenKey, HistoryWindow, string>;
}

const rangeOf = (r: CandleRequest) =>
  `${r.resolution}|${r.from?.toISOString() ?? ''}|${r.to?.toISOString() ?? ''}|${r.limit}`;

/**
 * Creates the history loaders of one request; "now" is fixed per batch so its tokens share one range. The
 * 7-day windows read through `windows` (see loadThrough).
 */
export function createHistoryLoaders(
  repository: HistoryRepository,
  session: ReadSession,
  windows: ReadCache<HistoryWindow>,
): HistoryLoaders {
  return {
    candles: new DataLoader(
      async (requests) => {
        const now = new Date();
        const ranges = new Map<string, CandleRequest[]>();
        for (const request of requests)
          ranges.set(rangeOf(request), [...(ranges.get(rangeOf(request)) ?? []), request]);
        const found = new Map<string, CandleRow[]>();
        await Promise.all(
          [...ranges.entries()].map(async ([range, group]) => {
            const { resolution, from, to, limit } = group[0]!;
            const rows = await repository.getCandles(session, group, { resolution, from, to: to ?? now, limit });
            for (const [token, candles] of rows) found.set(`${token}|${range}`, candles);
          }),
        );
        return requests.map((r) => found.get(`${toTokenKeyString(r)}|${rangeOf(r)}`) ?? []);
      },
      { cacheKeyFn: (r) => `${toTokenKeyString(r)}|${rangeOf(r)}`, maxBatchSize: 1000 },
    ),
    history7d: new DataLoader(
      async (keys) => {
        const found = await loadThrough(windows, session, keys, toTokenKeyString, (missing) =>
          repository.getD7(session, missing),
        );
        return found.map((window) => window ?? new Error('no 7-day window computed'));
      },
      { cacheKeyFn: toTokenKeyString, maxBatchSize: 1000 },
    ),
  };
}
