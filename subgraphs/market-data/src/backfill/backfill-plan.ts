/**
 * The pure core of the history backfill: which OHLCV series a token's backfill fetches, in which order and
 * how far back; the next page of a series; the progress after a page; and the candles it hands over.
 */
import type { backfilledCandleSchema, Chain } from '@memegraph/contracts';
import type { z } from 'zod';
import {
  OHLCV_MAX_LIMIT,
  getOhlcvWidthMs,
  type OhlcvCandle,
  type OhlcvTimeframe,
} from '../upstreams/geckoterminal-ohlcv.schema.js';

/** A stored candle resolution. */
export type CandleResolution = 'M1' | 'M5' | 'M15' | 'H1' | 'H4' | 'D1';

/** One OHLCV series of a token's backfill: a stored resolution and the upstream aggregation that fills it. */
export interface BackfillStep {
  resolution: CandleResolution;
  timeframe: OhlcvTimeframe;
  aggregate: number;
  /** How far back from the backfill's start this series goes, in ms. */
  spanMs: number;
}

/** How far back each kind of series goes (BACKFILL_DAYS, BACKFILL_MINUTE_HOURS, BACKFILL_COARSE_DAYS). */
export interface BackfillSpans {
  days: number;
  minuteHours: number;
  coarseDays: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The series of one token's backfill in the order they run: hourly first (one call gives `candles` and the
 * 7-day window: a day more than `days`, so the window has a base candle), then 15- and 5-minute back `days`,
 * one-minute back `minuteHours`, then four-hour and daily back `coarseDays`. Series without a span are left out.
 */
export function getBackfillSteps({ days, minuteHours, coarseDays }: BackfillSpans): BackfillStep[] {
  const steps: BackfillStep[] = [
    { resolution: 'H1', timeframe: 'hour', aggregate: 1, spanMs: (days + 1) * DAY_MS },
    { resolution: 'M15', timeframe: 'minute', aggregate: 15, spanMs: days * DAY_MS },
    { resolution: 'M5', timeframe: 'minute', aggregate: 5, spanMs: days * DAY_MS },
    { resolution: 'M1', timeframe: 'minute', aggregate: 1, spanMs: minuteHours * HOUR_MS },
    { resolution: 'H4', timeframe: 'hour', aggregate: 4, spanMs: coarseDays * DAY_MS },
    { resolution: 'D1', timeframe: 'day', aggregate: 1, spanMs: coarseDays * DAY_MS },
  ];
  return steps.filter((step) => step.spanMs > 0);
}

/** Where one series of a token stands. */
export interface StepProgress {
  /** Open time (ms) of the oldest candle fetched so far: the next page asks for candles before it; null before the first. */
  cursorMs: number | null;
  done: boolean;
  /** Failed calls in a row (the series is given up after {@link MAX_STEP_FAILURES}). */
  failures: number;
}

/** A series whose calls failed this many times in a row (5xx, malformed bodies) is given up. */
export const MAX_STEP_FAILURES = 3;

/** The state of a series nothing has been fetched of yet. */
export const NOT_STARTED: StepProgress = { cursorMs: null, done: false, failures: 0 };

/**
 * The next page of a series: candles opening before `beforeMs` (null: the newest), as many as reach back to
 * the series' target (`startedAtMs - spanMs`), at most 1000. Null when the series is done.
 */
export function getNextPage(
  step: BackfillStep,
  progress: StepProgress,
  startedAtMs: number,
): { beforeMs: number | null; limit: number } | null {
  if (progress.done) return null;
  const widthMs = getOhlcvWidthMs(step.timeframe, step.aggregate);
  const from = progress.cursorMs ?? startedAtMs;
  const limit = Math.ceil((from - (startedAtMs - step.spanMs)) / widthMs) + 1;
  return { beforeMs: progress.cursorMs, limit: Math.min(OHLCV_MAX_LIMIT, Math.max(1, limit)) };
}

/**
 * The progress of a series after a page of `candles` (oldest first): the cursor moves to the oldest one; the
 * series is done once it reaches the target, or when the page brought nothing older (history exhausted).
 */
export function advanceStep(
  step: BackfillStep,
  progress: StepProgress,
  startedAtMs: number,
  candles: readonly OhlcvCandle[],
): StepProgress {
  const oldest = candles[0]?.t;
  if (oldest === undefined || (progress.cursorMs !== null && oldest >= progress.cursorMs)) {
    return { ...progress, done: true, failures: 0 };
  }
  return { cursorMs: oldest, done: oldest <= startedAtMs - step.spanMs, failures: 0 };
}

/** The progress of a series after a failed call: given up after {@link MAX_STEP_FAILURES} in a row. */
export function failStep(progress: StepProgress): StepProgress {
  const failures = progress.failures + 1;
  return { ...progress, failures, done: failures >= MAX_STEP_FAILURES };
}

/** The `history.candles` payloads of a page of one token's candles, marked with their source. */
export function toBackfilledCandles(
  chain: Chain,
  address: string,
  resolution: CandleResolution,
  candles: readonly OhlcvCandle[],
): z.input<typeof backfilledCandleSchema>[] {
  return candles.map((c) => ({
    chain,
    address,
    resolution,
    t: new Date(c.t).toISOString(),
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volumeUsd: c.volumeUsd,
    source: 'GECKOTERMINAL' as const,
  }));
}

/**
 * The unfinished tokens one tick looks at (`unfinished` most recently tracked first): the first `recent`, and
 * `rotating` more of the rest taken in turn from `rotation` (wrapping), so tokens that cannot start yet (no
 * pool) never hide the ones behind them for good. `next` is where the following tick's turn starts.
 */
export function getCandidates(
  unfinished: readonly string[],
  rotation: number,
  recent = 25,
  rotating = 25,
): { candidates: string[]; next: number } {
  const rest = unfinished.slice(recent);
  const from = rest.length === 0 ? 0 : rotation % rest.length;
  const turn = [...rest.slice(from, from + rotating), ...rest.slice(0, Math.max(0, from + rotating - rest.length))];
  const next = rest.length === 0 ? 0 : (from + rotating) % rest.length;
  return { candidates: [...new Set([...unfinished.slice(0, recent), ...turn])], next };
}
