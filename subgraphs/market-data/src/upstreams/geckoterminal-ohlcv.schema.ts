/**
 * GeckoTerminal pool OHLCV (`/networks/{network}/pools/{pool}/ohlcv/{day|hour|minute}`): the response
 * schema and the pure mapper to candles. `data.attributes.ohlcv_list` holds `[openTimeSeconds, open, high,
 * low, close, volumeUsd]` rows, newest first, with buckets without trades left out.
 */
import { z } from 'zod';

/** The upstream's timeframes and the aggregates it accepts for each. */
export const OHLCV_AGGREGATES = { minute: [1, 5, 15], hour: [1, 4, 12], day: [1] } as const;

/** A GeckoTerminal OHLCV timeframe. */
export type OhlcvTimeframe = keyof typeof OHLCV_AGGREGATES;

/** Most rows one call may ask for. */
export const OHLCV_MAX_LIMIT = 1000;

/** Width of one bucket of `timeframe` × `aggregate`, in milliseconds. */
export function getOhlcvWidthMs(timeframe: OhlcvTimeframe, aggregate: number): number {
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[timeframe];
  return unit * aggregate;
}

/** One OHLCV candle: bucket start (epoch ms), USD prices and volume. */
export interface OhlcvCandle {
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeUsd: number;
}

const documentSchema = z.object({
  data: z.object({ attributes: z.object({ ohlcv_list: z.array(z.unknown()) }) }),
});

const price = z.number().positive().finite();

/** One row: a whole-second open time, positive prices with low ≤ open, close ≤ high, a volume ≥ 0. */
const rowSchema = z
  .tuple([z.number().int().positive(), price, price, price, price, z.number().nonnegative().finite()])
  .refine(([, open, high, low, close]) => low <= Math.min(open, close) && high >= Math.max(open, close), {
    message: 'low and high must bound open and close',
  });

/**
 * Maps an OHLCV body to candles, oldest first. A row that is malformed, whose open time is not the start of
 * a `widthMs` bucket (the aggregation we did not ask for), or that repeats an open time already seen, is
 * dropped and counted; a document of the wrong shape throws (the whole page is rejected).
 */
export function toGeckoTerminalOhlcv(body: unknown, widthMs: number): { candles: OhlcvCandle[]; dropped: number } {
  const rows = documentSchema.parse(body).data.attributes.ohlcv_list;
  const byTime = new Map<number, OhlcvCandle>();
  let dropped = 0;
  for (const raw of rows) {
    const row = rowSchema.safeParse(raw);
    const t = row.success ? row.data[0] * 1000 : Number.NaN;
    if (!row.success || t % widthMs !== 0 || byTime.has(t)) {
      dropped += 1;
      continue;
    }
    const [, open, high, low, close, volumeUsd] = row.data;
    byTime.set(t, { t, open, high, low, close, volumeUsd });
  }
  return { candles: [...byTime.values()].sort((a, b) => a.t - b.t), dropped };
}
