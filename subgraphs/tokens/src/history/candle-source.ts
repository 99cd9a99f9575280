import type { Resolution } from '../generated/resolvers.js';
import { RESOLUTION_MS, getBucketStart, type CandleValue } from './candle-rollup.js';

/**
 * Where a stored candle came from: `SNAPSHOTS` (our own snapshots: minutes merged from samples, coarser
 * candles rolled up from finer ones) or `GECKOTERMINAL` (backfilled from the main pool's OHLCV).
 */
export type CandleSource = 'SNAPSHOTS' | 'GECKOTERMINAL';

/** A candle with its source, as one slot (token, resolution, t) of the store holds it. */
export interface StoredCandle extends CandleValue {
  source: CandleSource;
}

/** One upstream OHLCV candle: bucket start (epoch ms) and values in USD. */
export interface UpstreamCandle {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeUsd: number | null;
}

/**
 * The stored form of a backfilled candle: the upstream gives no sample times, so the first sample is taken
 * at the bucket start and the last at its final millisecond (a 7-day window then counts the candle as
 * closed only once its bucket has ended), and it counts as one sample. Null when `t` is not the start of a
 * `resolution` bucket (the upstream's aggregation does not match the slot).
 */
export function toBackfilledCandle(resolution: Resolution, candle: UpstreamCandle): StoredCandle | null {
  if (getBucketStart(resolution, candle.t) !== candle.t) return null;
  return {
    ...candle,
    openAt: candle.t,
    closeAt: candle.t + RESOLUTION_MS[resolution] - 1,
    samples: 1,
    source: 'GECKOTERMINAL',
  };
}

/**
 * The merge rule of backfilled and own candles in one slot; HistoryRepository's SQL applies exactly it.
 * - A backfilled candle fills an empty slot and replaces an earlier backfilled one (a later fetch of the
 *   same bucket knows more); it never touches a slot our own snapshots have written.
 * - Our own candle replaces a backfilled one whole, and merges with our own by `mergeOwn` (the existing
 *   rules: mergeMinuteCandles for minutes, the roll-up rules for coarser slots). A roll-up reads every candle
 *   of the next finer resolution in its bucket, backfilled ones included (the backfill fetches each resolution),
 *   so a coarser candle combines the upstream's history up to our first snapshot with ours after it.
 */
export function mergeIntoSlot(
  existing: StoredCandle | null,
  incoming: StoredCandle,
  mergeOwn: (existing: CandleValue, incoming: CandleValue) => CandleValue,
): StoredCandle {
  if (existing === null) return incoming;
  if (incoming.source === 'GECKOTERMINAL') return existing.source === 'SNAPSHOTS' ? existing : incoming;
  if (existing.source === 'GECKOTERMINAL') return incoming;
  return { ...mergeOwn(existing, incoming), source: 'SNAPSHOTS' };
}
