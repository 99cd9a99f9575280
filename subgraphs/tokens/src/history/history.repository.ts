import type { EntityManager } from 'typeorm';
import type { ReadRouter, ReadSession } from '../db/read-router.js';
import type { Chain, Resolution } from '../generated/resolvers.js';
import { toTokenKeyString, type TokenKey } from '../token/token-key.js';
import {
  FINER,
  RESOLUTIONS,
  RESOLUTION_MS,
  getBucketStart,
  getMinuteCandles,
  type PriceSample,
} from './candle-rollup.js';
import type { BackfilledCandle, DiscoveredToken } from '@memegraph/contracts';
import { recordBackfilledCandles, type BackfillWrite } from './backfill.repository.js';

/** A price snapshot to record (address canonical). */
export interface SnapshotInput {
  chain: Chain;
  address: string;
  priceUsd: number;
  volumeUsdM5?: number | null;
  /** ISO-8601 time of the observation. */
  at: string;
}

/** One candle as the API serves it. */
export interface CandleRow {
  t: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeUsd: number | null;
}

/** Which candles to read: `from` null means no lower bound. */
export interface CandleQuery {
  resolution: Resolution;
  from: Date | null;
  to: Date;
  limit: number;
}

/** A token's 7-day window; values null while its history is shorter than the window. */
export interface HistoryWindow {
  from: Date;
  volumeUsd: number | null;
  priceChangePct: number | null;
}

/** Days each resolution is kept; 0 (or absent) keeps it forever. */
export type HistoryRetention = Partial<Record<Resolution, number>>;

const D7_MS = 7 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
/**
 * How a candle written again for the same slot merges with the stored one: the earliest open, the latest
 * close, the extremes (each upsert adds its own volume and sample rules).
 */
const MERGE_OHLC: ReadonlyArray<[column: string, merged: string]> = [
  ['open', 'CASE WHEN EXCLUDED.open_at < c.open_at THEN EXCLUDED.open ELSE c.open END'],
  ['open_at', 'least(c.open_at, EXCLUDED.open_at)'],
  ['high', 'greatest(c.high, EXCLUDED.high)'],
  ['low', 'least(c.low, EXCLUDED.low)'],
  ['close', 'CASE WHEN EXCLUDED.close_at >= c.close_at THEN EXCLUDED.close ELSE c.close END'],
  ['close_at', 'greatest(c.close_at, EXCLUDED.close_at)'],
];

/**
 * The SET list of an upsert of our own candles: a backfilled candle in the slot is replaced whole, one of ours
 * merges by `merges` (mergeIntoSlot in candle-source.ts). Every expression reads the row as it was.
 */
const ownWins = (merges: ReadonlyArray<[column: string, merged: string]>): string =>
  [
    ...merges.map(
      ([column, merged]) =>
        `${column} = CASE WHEN c.source = 'GECKOTERMINAL' THEN EXCLUDED.${column} ELSE ${merged} END`,
    ),
    `source = 'SNAPSHOTS'`,
  ].join(',\n  ');

/** Serialises candle writes of all instances: the roll-ups read finer rows another writer may not have committed. */
export const CANDLE_WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('memegraph.tokens.candles'))`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Stored price history: records snapshots as candles at every resolution, reads candles and 7-day
 * windows (routed to replicas), prunes by retention. Reads are one statement for many tokens.
 */
export class HistoryRepository {
  constructor(private readonly router: ReadRouter) {}

  /**
   * Records a batch of snapshots in one transaction: one upsert into M1, then one per coarser resolution.
   * M1 merges each minute's samples by time (see mergeMinuteCandles), so late and out-of-order snapshots
   * land correctly; every coarser candle touched is recomputed from the next finer resolution (exact and
   * idempotent while the finer rows are retained; beyond that only its prices are merged in). A
   * redelivered snapshot changes nothing but the `samples` count. With a `session`, later reads in it see
   * the batch (read-your-writes).
   */
  async recordSnapshots(snapshots: readonly SnapshotInput[], session: ReadSession | null = null): Promise<void> {
    if (snapshots.length === 0) return;
    const byToken = new Map<string, { key: TokenKey; samples: PriceSample[] }>();
    for (const s of snapshots) {
      const id = toTokenKeyString(s);
      const entry = byToken.get(id) ?? { key: { chain: s.chain, address: s.address }, samples: [] };
      entry.samples.push({ at: Date.parse(s.at), priceUsd: s.priceUsd, volumeUsdM5: s.volumeUsdM5 ?? null });
      byToken.set(id, entry);
    }
    const minutes = [...byToken.values()].flatMap(({ key, samples }) =>
      getMinuteCandles(samples).map((candle) => ({ key, candle })),
    );
    await this.router.write(session, async (m) => {
      await m.query(CANDLE_WRITE_LOCK);
      await m.query(
        `INSERT INTO price_candles AS c
           (chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, samples)
         SELECT chain, address, 'M1', t, open, high, low, close, open_at, close_at, volume_usd, samples
         FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::float8[], $5::float8[], $6::float8[],
                     $7::float8[], $8::timestamptz[], $9::timestamptz[], $10::float8[], $11::int[])
           AS x(chain, address, t, open, high, low, close, open_at, close_at, volume_usd, samples)
         ON CONFLICT (chain, address, resolution, t) DO UPDATE SET
           ${ownWins([
             ...MERGE_OHLC,
             ['volume_usd', 'greatest(c.volume_usd, EXCLUDED.volume_usd)'],
             ['samples', 'c.samples + EXCLUDED.samples'],
           ])}`,
        [
          minutes.map((x) => x.key.chain),
          minutes.map((x) => x.key.address),
          minutes.map((x) => iso(x.candle.t)),
          minutes.map((x) => x.candle.open),
          minutes.map((x) => x.candle.high),
          minutes.map((x) => x.candle.low),
          minutes.map((x) => x.candle.close),
          minutes.map((x) => iso(x.candle.openAt)),
          minutes.map((x) => iso(x.candle.closeAt)),
          minutes.map((x) => x.candle.volumeUsd),
          minutes.map((x) => x.candle.samples),
        ],
      );
      for (const resolution of RESOLUTIONS.slice(1)) await rollUpBuckets(m, resolution, minutes);
    });
  }

  /** Stores candles backfilled from an upstream (see recordBackfilledCandles: ours win, idempotent). */
  recordBackfill(candles: readonly BackfilledCandle[], session: ReadSession | null = null): Promise<BackfillWrite> {
    return recordBackfilledCandles(this.router, candles, session);
  }

  /** The most recent `limit` candles of each token within [from, to], oldest first; [] where none. */
  getCandles(session: ReadSession, keys: readonly TokenKey[], query: CandleQuery): Promise<Map<string, CandleRow[]>> {
    return this.router.read(session, async (m) => {
      const rows: Array<Record<string, unknown>> = await m.query(
        `SELECT k.chain, k.address, c.t, c.open, c.high, c.low, c.close, c.volume_usd
         FROM unnest($1::varchar[], $2::varchar[]) AS k(chain, address)
         CROSS JOIN LATERAL (
           SELECT p.t, p.open, p.high, p.low, p.close, p.volume_usd FROM price_candles p
           WHERE p.chain = k.chain AND p.address = k.address AND p.resolution = $3
             AND p.t >= coalesce($4::timestamptz, '-infinity') AND p.t <= $5
           ORDER BY p.t DESC LIMIT $6
         ) c
         ORDER BY c.t`,
        [
          keys.map((k) => k.chain),
          keys.map((k) => k.address),
          query.resolution,
          query.from?.toISOString() ?? null,
          query.to.toISOString(),
          query.limit,
        ],
      );
      const out = new Map(keys.map((k) => [toTokenKeyString(k), [] as CandleRow[]]));
      for (const row of rows) {
        out.get(toTokenKeyString(row as unknown as TokenKey))?.push({
          t: row.t as Date,
          open: row.open as number,
          high: row.high as number,
          low: row.low as number,
          close: row.close as number,
          volumeUsd: row.volume_usd as number | null,
        });
      }
      return out;
    });
  }

  /**
   * 7-day windows ending at `now`, from hourly candles: the price change runs from the last hourly close
   * at or before the window start to the latest close; the volume sums the hourly candles starting in the
   * window. Both are null when no candle closed by the window start (history shorter than 7 days).
   */
  getD7(session: ReadSession, keys: readonly TokenKey[], now = Date.now()): Promise<Map<string, HistoryWindow>> {
    const from = new Date(now - D7_MS);
    return this.router.read(session, async (m) => {
      const rows: Array<Record<string, unknown>> = await m.query(
        `SELECT k.chain, k.address, base.close AS base_close, last.close AS last_close, vol.volume
         FROM unnest($1::varchar[], $2::varchar[]) AS k(chain, address)
         LEFT JOIN LATERAL (
           SELECT p.close FROM price_candles p
           WHERE p.chain = k.chain AND p.address = k.address AND p.resolution = 'H1' AND p.t <= $3 AND p.close_at <= $3
           ORDER BY p.t DESC LIMIT 1
         ) base ON true
         LEFT JOIN LATERAL (
           SELECT p.close FROM price_candles p
           WHERE p.chain = k.chain AND p.address = k.address AND p.resolution = 'H1' AND p.t <= $4
           ORDER BY p.t DESC LIMIT 1
         ) last ON true
         LEFT JOIN LATERAL (
           SELECT sum(p.volume_usd) AS volume FROM price_candles p
           WHERE p.chain = k.chain AND p.address = k.address AND p.resolution = 'H1' AND p.t >= $3 AND p.t <= $4
         ) vol ON true`,
        [keys.map((k) => k.chain), keys.map((k) => k.address), from.toISOString(), new Date(now).toISOString()],
      );
      const out = new Map<string, HistoryWindow>();
      for (const row of rows) {
        const base = row.base_close as number | null;
        const last = row.last_close as number | null;
        out.set(toTokenKeyString(row as unknown as TokenKey), {
          from,
          volumeUsd: base === null ? null : (row.volume as number | null),
          priceChangePct: base === null || last === null ? null : (last / base - 1) * 100,
        });
      }
      return out;
    });
  }

  /** Deletes candles older than their resolution's retention; returns how many went. */
  pruneOlderThan(retention: HistoryRetention, now = Date.now()): Promise<number> {
    const kept = RESOLUTIONS.filter((r) => (retention[r] ?? 0) > 0);
    if (kept.length === 0) return Promise.resolve(0);
    return this.router.write(null, async (m) => {
      const [, count] = (await m.query(
        `DELETE FROM price_candles p USING unnest($1::varchar[], $2::timestamptz[]) AS r(resolution, before)
         WHERE p.resolution = r.resolution AND p.t < r.before`,
        [kept, kept.map((r) => iso(now - retention[r]! * DAY_MS))],
      )) as [unknown, number];
      return count;
    });
  }

  /**
   * Inserts discovered tokens that are not stored yet (untracked), never touching an existing row's
   * metadata or tracked flag; returns the keys actually inserted.
   */
  insertDiscovered(tokens: readonly DiscoveredToken[]): Promise<TokenKey[]> {
    if (tokens.length === 0) return Promise.resolve([]);
    return this.router.write(null, async (m) => {
      const rows: Array<{ chain: Chain; address: string }> = await m.query(
        `INSERT INTO tokens (chain, address, name, symbol, decimals, image_url, links, first_seen_at)
         SELECT x.chain, x.address, x.name, x.symbol, x.decimals, x.image_url, x.links::jsonb, x.first_seen_at
         FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::text[],
                     $8::timestamptz[]) AS x(chain, address, name, symbol, decimals, image_url, links, first_seen_at)
         ON CONFLICT (chain, address) DO NOTHING
         RETURNING chain, address`,
        [
          tokens.map((t) => t.chain),
          tokens.map((t) => t.address),
          tokens.map((t) => t.name),
          tokens.map((t) => t.symbol),
          tokens.map((t) => t.decimals ?? null),
          tokens.map((t) => t.imageUrl ?? null),
          tokens.map((t) => JSON.stringify(t.links)),
          tokens.map((t) => t.discoveredAt),
        ],
      );
      return rows.map((r) => ({ chain: r.chain, address: r.address }));
    });
  }
}

/**
 * Recomputes the `resolution` candles containing the given minutes from the next finer resolution. OHLC
 * merges with what is stored (right even when finer rows were pruned); volume and samples are replaced
 * only when the finer rows cover at least as many samples as the stored candle (they were not pruned).
 */
async function rollUpBuckets(
  m: EntityManager,
  resolution: Resolution,
  minutes: ReadonlyArray<{ key: TokenKey; candle: { t: number } }>,
): Promise<void> {
  const buckets = new Map<string, { key: TokenKey; t: number }>();
  for (const { key, candle } of minutes) {
    const t = getBucketStart(resolution, candle.t);
    buckets.set(`${toTokenKeyString(key)}@${t}`, { key, t });
  }
  const list = [...buckets.values()];
  await m.query(
    `INSERT INTO price_candles AS c
       (chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, samples)
     SELECT f.chain, f.address, $4, b.t,
            (array_agg(f.open ORDER BY f.open_at, f.t))[1], max(f.high), min(f.low),
            (array_agg(f.close ORDER BY f.close_at DESC, f.t DESC))[1],
            min(f.open_at), max(f.close_at), sum(f.volume_usd), sum(f.samples)
     FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[]) AS b(chain, address, t)
     JOIN price_candles f ON f.chain = b.chain AND f.address = b.address AND f.resolution = $5
       AND f.t >= b.t AND f.t < b.t + $6::int * interval '1 millisecond'
     GROUP BY f.chain, f.address, b.t
     ON CONFLICT (chain, address, resolution, t) DO UPDATE SET
       ${ownWins([
         ...MERGE_OHLC,
         ['volume_usd', 'CASE WHEN EXCLUDED.samples >= c.samples THEN EXCLUDED.volume_usd ELSE c.volume_usd END'],
         ['samples', 'greatest(c.samples, EXCLUDED.samples)'],
       ])}`,
    [
      list.map((b) => b.key.chain),
      list.map((b) => b.key.address),
      list.map((b) => iso(b.t)),
      resolution,
      FINER[resolution],
      RESOLUTION_MS[resolution],
    ],
  );
}
