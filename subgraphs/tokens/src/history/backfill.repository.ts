import type { BackfilledCandle } from '@memegraph/contracts';
import type { ReadRouter, ReadSession } from '../db/read-router.js';
import { toTokenKeyString, type TokenKey } from '../token/token-key.js';
import { toBackfilledCandle, type StoredCandle } from './candle-source.js';
import { CANDLE_WRITE_LOCK } from './history.repository.js';

/** What one backfill write did. */
export interface BackfillWrite {
  /**
   * Candles inserted into an empty slot or replacing a backfilled one that differs (ours are never touched; an
   * identical redelivery writes no row version, so it costs no WAL, vacuum or replica apply).
   */
  written: number;
  /** Candles whose bucket start does not match their resolution: refused, not stored. */
  misaligned: number;
  /** The tokens written, once each. */
  tokens: TokenKey[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Stores candles backfilled from an upstream's OHLCV, as they are (one row per resolution the upstream
 * aggregated; nothing is rolled up from them), marked with their source. Idempotent: writing the same
 * candles again changes nothing, not even a row version; a slot our own snapshots wrote is never touched (mergeIntoSlot). Takes the
 * candle write lock, as the snapshot writes do.
 */
export async function recordBackfilledCandles(
  router: ReadRouter,
  candles: readonly BackfilledCandle[],
  session: ReadSession | null = null,
): Promise<BackfillWrite> {
  // One row per slot per statement (ON CONFLICT may not touch a row twice); of two fetches of the same
  // bucket in one batch, the later one knows more, as across batches.
  const bySlot = new Map<string, { key: TokenKey; resolution: string; candle: StoredCandle }>();
  let misaligned = 0;
  for (const c of candles) {
    const stored = toBackfilledCandle(c.resolution, { ...c, t: Date.parse(c.t) });
    if (!stored) {
      misaligned += 1;
      continue;
    }
    const key = { chain: c.chain, address: c.address };
    bySlot.set(`${toTokenKeyString(key)}|${c.resolution}|${stored.t}`, {
      key,
      resolution: c.resolution,
      candle: stored,
    });
  }
  const rows = [...bySlot.values()];
  if (rows.length === 0) return { written: 0, misaligned, tokens: [] };
  const written = await router.write(session, async (m) => {
    await m.query(CANDLE_WRITE_LOCK);
    const inserted: unknown[] = await m.query(
      `INSERT INTO price_candles AS c
         (chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, samples, source)
       SELECT chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, 1, 'GECKOTERMINAL'
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::float8[], $6::float8[],
                   $7::float8[], $8::float8[], $9::timestamptz[], $10::timestamptz[], $11::float8[])
         AS x(chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd)
       ON CONFLICT (chain, address, resolution, t) DO UPDATE SET
         open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
         open_at = EXCLUDED.open_at, close_at = EXCLUDED.close_at, volume_usd = EXCLUDED.volume_usd
       WHERE c.source = 'GECKOTERMINAL'
         AND (c.open, c.high, c.low, c.close, c.open_at, c.close_at, c.volume_usd) IS DISTINCT FROM
             (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.open_at, EXCLUDED.close_at,
              EXCLUDED.volume_usd)
       RETURNING 1`,
      [
        rows.map((r) => r.key.chain),
        rows.map((r) => r.key.address),
        rows.map((r) => r.resolution),
        rows.map((r) => iso(r.candle.t)),
        rows.map((r) => r.candle.open),
        rows.map((r) => r.candle.high),
        rows.map((r) => r.candle.low),
        rows.map((r) => r.candle.close),
        rows.map((r) => iso(r.candle.openAt)),
        rows.map((r) => iso(r.candle.closeAt)),
        rows.map((r) => r.candle.volumeUsd),
      ],
    );
    return inserted.length;
  });
  const tokens = [...new Map(rows.map((r) => [toTokenKeyString(r.key), r.key])).values()];
  return { written, misaligned, tokens };
}
