/**
 * The fake GeckoTerminal's pool OHLCV route (`/networks/{network}/pools/{pool}/ohlcv/{day|hour|minute}`):
 * candles generated per pool from the recorded fixture's shape, ending at the current bucket. The recorded
 * 48 hours (one without trades, left out) repeat back in time, shifted per pool and scaled to the pool's
 * recorded price with a slow drift (so a 7-day change is not 0); history starts {@link FAKE_OHLCV_HISTORY_DAYS}
 * ago. Pages back by `before_timestamp`, at most `limit` (≤ 1000) rows, newest first, as the real API does.
 */

/** How far back the fake's pools have history (older pages are empty). */
export const FAKE_OHLCV_HISTORY_DAYS = 60;
/** Price drift per day back in time: a candle d days old is (1 + DRIFT)^d times the recent price level. */
const DRIFT_PER_DAY = 0.01;
const HOUR_MS = 3_600_000;
const UNITS = { minute: 60_000, hour: HOUR_MS, day: 24 * HOUR_MS } as const;
const AGGREGATES: Record<string, readonly number[]> = { minute: [1, 5, 15], hour: [1, 4, 12], day: [1] };

/** A row as the API sends it: `[openTimeSeconds, open, high, low, close, volumeUsd]`. */
export type OhlcvRow = [number, number, number, number, number, number];

/** What the route needs from the fake server. */
export interface OhlcvRequest {
  network: string;
  pool: string;
  timeframe: string;
  searchParams: URLSearchParams;
}

/** A bad request: the status and message the real API would answer with. */
export class OhlcvRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** FNV-1a of a string, as an unsigned 32-bit integer. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The fixture's rows by hour position back from its newest (0 = newest); a missing hour is undefined. */
function toPattern(fixture: any): { byPosition: (OhlcvRow | undefined)[]; newestClose: number } {
  const rows = fixture.data.attributes.ohlcv_list as OhlcvRow[];
  const newest = rows[0]!;
  const positions = Math.round((newest[0] - rows[rows.length - 1]![0]) / 3600) + 1;
  const byPosition: (OhlcvRow | undefined)[] = Array.from({ length: positions }, () => undefined);
  for (const row of rows) byPosition[Math.round((newest[0] - row[0]) / 3600)] = row;
  return { byPosition, newestClose: newest[4] };
}

/**
 * The rows the fake serves for one pool (recorded price `priceUsd`) and series, newest first: buckets of
 * `timeframe` × `aggregate` opening before `beforeMs` (null: up to the bucket holding `nowMs`), at most `limit`.
 */
export function getFakeOhlcvRows(
  fixture: unknown,
  pool: string,
  priceUsd: number,
  series: { timeframe: keyof typeof UNITS; aggregate: number; beforeMs: number | null; limit: number },
  nowMs: number,
): OhlcvRow[] {
  const { byPosition, newestClose } = toPattern(fixture);
  const widthMs = UNITS[series.timeframe] * series.aggregate;
  const current = Math.floor(nowMs / widthMs) * widthMs;
  const newest =
    series.beforeMs === null ? current : Math.min(current, Math.ceil(series.beforeMs / widthMs) * widthMs - widthMs);
  const firstBucket = Math.ceil((nowMs - FAKE_OHLCV_HISTORY_DAYS * UNITS.day) / widthMs) * widthMs;
  const shift = hash32(pool) % byPosition.length;
  const rows: OhlcvRow[] = [];
  for (let t = newest; t >= firstBucket && rows.length < series.limit; t -= widthMs) {
    const bucketsBack = Math.round((current - t) / widthMs);
    const pattern = byPosition[(bucketsBack + shift) % byPosition.length];
    if (!pattern) continue; // no trades in this bucket: left out
    const level = (priceUsd / newestClose) * (1 + DRIFT_PER_DAY) ** ((current - t) / UNITS.day);
    const [, open, high, low, close, volume] = pattern;
    const price = (value: number) => Number((value * level).toPrecision(10));
    rows.push([
      t / 1000,
      price(open),
      price(high),
      price(low),
      price(close),
      Number(((volume * widthMs) / HOUR_MS).toFixed(2)),
    ]);
  }
  return rows;
}

/**
 * Answers one OHLCV request for a pool the fake GeckoTerminal knows at `priceUsd` (undefined: unknown, the
 * caller answers 404). Throws {@link OhlcvRequestError} for what the real API refuses (a timeframe or
 * aggregate it does not offer, a limit above 1000).
 */
export function answerOhlcv(
  fixture: unknown,
  request: OhlcvRequest,
  priceUsd: number | undefined,
  nowMs: number,
): unknown {
  const { timeframe, searchParams } = request;
  const aggregate = Number(searchParams.get('aggregate') ?? '1');
  const limit = Number(searchParams.get('limit') ?? '100');
  const before = searchParams.get('before_timestamp');
  if (!(timeframe in UNITS) || !AGGREGATES[timeframe]!.includes(aggregate)) {
    throw new OhlcvRequestError(400, `unsupported timeframe/aggregate ${timeframe}/${aggregate}`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new OhlcvRequestError(400, 'limit must be 1-1000');
  if (before !== null && !/^\d+$/.test(before)) throw new OhlcvRequestError(400, 'before_timestamp must be seconds');
  if (priceUsd === undefined) return undefined;
  const rows = getFakeOhlcvRows(
    fixture,
    request.pool,
    priceUsd,
    {
      timeframe: timeframe as keyof typeof UNITS,
      aggregate,
      beforeMs: before === null ? null : Number(before) * 1000,
      limit,
    },
    nowMs,
  );
  return {
    data: {
      id: `${request.network}_${request.pool}_${timeframe}`,
      type: 'ohlcv_request_response',
      attributes: { ohlcv_list: rows },
    },
  };
}
