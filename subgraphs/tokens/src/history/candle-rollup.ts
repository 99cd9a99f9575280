import type { Resolution } from '../generated/resolvers.js';

/** Every stored resolution, finest first; each one is a whole multiple of the one before it. */
export const RESOLUTIONS: readonly Resolution[] = ['M1', 'M5', 'M15', 'H1', 'H4', 'D1'];

/** Width of a candle of each resolution, in milliseconds. */
export const RESOLUTION_MS: Readonly<Record<Resolution, number>> = {
  M1: 60_000,
  M5: 5 * 60_000,
  M15: 15 * 60_000,
  H1: 3_600_000,
  H4: 4 * 3_600_000,
  D1: 24 * 3_600_000,
};

/** The resolution each coarser one is rolled up from (the next finer one). */
export const FINER: Readonly<Partial<Record<Resolution, Resolution>>> = {
  M5: 'M1',
  M15: 'M5',
  H1: 'M15',
  H4: 'H1',
  D1: 'H4',
};

/** One price observation of a token, as market-data publishes it. */
export interface PriceSample {
  /** Epoch milliseconds of the observation. */
  at: number;
  priceUsd: number;
  /** The upstream's rolling 5-minute volume in USD at `at`, when it reported one. */
  volumeUsdM5: number | null;
}

/** An OHLC candle with the times of its first and last sample (so late samples merge in correctly). */
export interface CandleValue {
  /** Bucket start, epoch milliseconds. */
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  openAt: number;
  closeAt: number;
  /** Estimated traded volume in USD during the bucket; null when no sample carried a volume. */
  volumeUsd: number | null;
  /** Samples merged into the candle (a redelivered sample counts again). */
  samples: number;
}

/**
 * Start of the bucket of `resolution` that contains `at` (epoch ms). Buckets are aligned to the Unix
 * epoch, which is midnight UTC, and every width divides a day: D1 starts at 00:00 UTC, H4 at
 * 00/04/08/12/16/20 UTC, H1 on the hour, and so on.
 */
export function getBucketStart(resolution: Resolution, at: number): number {
  const width = RESOLUTION_MS[resolution];
  return Math.floor(at / width) * width;
}

/**
 * The one-sample minute candle of a sample.
 *
 * Volume: the upstreams report a rolling 5-minute volume, not per-trade data, so a minute's volume is
 * estimated as a fifth of the rolling 5-minute volume (the largest one seen in the minute, when several
 * samples fall in it). Summed over consecutive minutes this approximates the true volume when samples
 * come at least once a minute; a minute without a sample contributes nothing, so gaps under-count. It is
 * an estimate, never exact.
 */
export function toMinuteCandle(sample: PriceSample): CandleValue {
  return {
    t: getBucketStart('M1', sample.at),
    open: sample.priceUsd,
    high: sample.priceUsd,
    low: sample.priceUsd,
    close: sample.priceUsd,
    openAt: sample.at,
    closeAt: sample.at,
    volumeUsd: sample.volumeUsdM5 === null ? null : sample.volumeUsdM5 / 5,
    samples: 1,
  };
}

/**
 * Merges `incoming` into `existing`, two minute candles of the same bucket, in any arrival order: open
 * is the earliest sample's price (ties keep the existing one), close the latest's (ties take the
 * incoming one), high and low the extremes, the volume estimate the largest known one. Merging the same
 * sample twice changes only `samples`. The SQL upsert of HistoryRepository applies exactly these rules.
 */
export function mergeMinuteCandles(existing: CandleValue, incoming: CandleValue): CandleValue {
  const later = incoming.closeAt >= existing.closeAt;
  return {
    t: existing.t,
    open: incoming.openAt < existing.openAt ? incoming.open : existing.open,
    openAt: Math.min(existing.openAt, incoming.openAt),
    high: Math.max(existing.high, incoming.high),
    low: Math.min(existing.low, incoming.low),
    close: later ? incoming.close : existing.close,
    closeAt: Math.max(existing.closeAt, incoming.closeAt),
    volumeUsd: maxKnown(existing.volumeUsd, incoming.volumeUsd),
    samples: existing.samples + incoming.samples,
  };
}

/** The larger of two values where known (like SQL greatest): null only when both are. */
const maxKnown = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/** The minute candles of one token's samples (in any order), oldest first. */
export function getMinuteCandles(samples: readonly PriceSample[]): CandleValue[] {
  const byMinute = new Map<number, CandleValue>();
  for (const sample of samples) {
    const candle = toMinuteCandle(sample);
    const existing = byMinute.get(candle.t);
    byMinute.set(candle.t, existing ? mergeMinuteCandles(existing, candle) : candle);
  }
  return [...byMinute.values()].sort((a, b) => a.t - b.t);
}

/**
 * Rolls finer candles of one token up to `resolution`, oldest first: open of the earliest-opening
 * candle, close of the latest-closing one, extremes of high and low, volumes summed (null when none is
 * known), samples summed. Rolling up step by step (M1 → M5 → M15 …) gives the same result as at once.
 */
export function rollUp(candles: readonly CandleValue[], resolution: Resolution): CandleValue[] {
  const buckets = new Map<number, CandleValue>();
  for (const candle of candles) {
    const t = getBucketStart(resolution, candle.t);
    const into = buckets.get(t);
    if (!into) {
      buckets.set(t, { ...candle, t });
      continue;
    }
    if (candle.openAt < into.openAt) [into.open, into.openAt] = [candle.open, candle.openAt];
    if (candle.closeAt >= into.closeAt) [into.close, into.closeAt] = [candle.close, candle.closeAt];
    into.high = Math.max(into.high, candle.high);
    into.low = Math.min(into.low, candle.low);
    into.volumeUsd = into.volumeUsd === null ? candle.volumeUsd : into.volumeUsd + (candle.volumeUsd ?? 0);
    into.samples += candle.samples;
  }
  return [...buckets.values()].sort((a, b) => a.t - b.t);
}
