import type { ReadRouter } from '../db/read-router.js';
import type { Resolution } from '../generated/resolvers.js';
import { CANDLE_WRITE_LOCK, type HistoryRetention } from './history.repository.js';

const DAY_MS = 86_400_000;

/**
 * The resolutions whose candles are partitioned by time (migration 1764500000000), and the width of one
 * partition: a day of M1 (kept 2 days by default), a week of M5 and M15, 30 days of H1. H4 and D1 are kept
 * forever in one partition each. Windows are aligned on the Unix epoch, so every instance computes the same.
 */
export const PARTITION_WIDTH_MS: Partial<Record<Resolution, number>> = {
  M1: DAY_MS,
  M5: 7 * DAY_MS,
  M15: 7 * DAY_MS,
  H1: 30 * DAY_MS,
};

/** One time partition of a resolution's candles: [from, to). */
export interface CandlePartition {
  resolution: Resolution;
  from: number;
  to: number;
  name: string;
}

/** The table holding a resolution's candles, and its default partition (rows outside every window). */
export const toResolutionTable = (resolution: Resolution) => `price_candles_${resolution.toLowerCase()}`;

/** The partition of `resolution` starting at `from`: `price_candles_m5_20261201`. */
export function toCandlePartition(resolution: Resolution, from: number): CandlePartition {
  const width = PARTITION_WIDTH_MS[resolution];
  if (!width) throw new Error(`${resolution} candles are not partitioned by time`);
  const day = new Date(from).toISOString().slice(0, 10).replaceAll('-', '');
  return { resolution, from, to: from + width, name: `${toResolutionTable(resolution)}_${day}` };
}

/** Reads a partition back from its name (undefined for default partitions and anything else). */
export function parseCandlePartition(name: string): CandlePartition | undefined {
  const match = /^price_candles_(m1|m5|m15|h1)_(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!match) return undefined;
  const [, resolution, y, m, d] = match;
  return toCandlePartition(resolution!.toUpperCase() as Resolution, Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

/**
 * What the keeper does at `now`: create the window holding `now` and the `ahead` next ones of every
 * partitioned resolution (so new candles never land in the default partition), and drop every partition
 * that ends at or before its retention (0: kept forever). Windows already past their retention are never
 * created.
 */
export function toPartitionPlan(
  existing: CandlePartition[],
  now: number,
  retention: HistoryRetention,
  ahead = 2,
): { create: CandlePartition[]; drop: CandlePartition[] } {
  const names = new Set(existing.map((p) => p.name));
  const create: CandlePartition[] = [];
  const drop: CandlePartition[] = [];
  for (const [resolution, width] of Object.entries(PARTITION_WIDTH_MS) as Array<[Resolution, number]>) {
    const days = retention[resolution] ?? 0;
    const keepFrom = days > 0 ? now - days * DAY_MS : -Infinity;
    const current = Math.floor(now / width) * width;
    for (let from = current; from <= current + ahead * width; from += width) {
      const partition = toCandlePartition(resolution, from);
      if (partition.to > keepFrom && !names.has(partition.name)) create.push(partition);
    }
    drop.push(...existing.filter((p) => p.resolution === resolution && p.to <= keepFrom));
  }
  return { create, drop };
}

/**
 * Keeps the time partitions of the candles: creates the windows {@link toPartitionPlan} asks for and drops
 * the expired ones (retention by DROP TABLE: no dead rows, no vacuum). A window whose rows already sit in the
 * default partition (written before the window existed: after the migration, or a long outage) gets them
 * moved in before it is attached. Each change is its own transaction under the lock every candle write takes
 * (CANDLE_WRITE_LOCK): no write lands between the move and the attach, and keepers of several instances
 * take turns.
 * Returns what it changed. Rows outside every window stay in the default partition, where
 * HistoryRepository.pruneOlderThan's DELETE removes them by retention.
 */
export async function maintainCandlePartitions(
  router: ReadRouter,
  retention: HistoryRetention,
  now = Date.now(),
): Promise<{ created: string[]; dropped: string[] }> {
  const existing = await router.write(null, async (m) => {
    const rows: Array<{ name: string }> = await m.query(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = ANY($1::text[])`,
      [Object.keys(PARTITION_WIDTH_MS).map((r) => toResolutionTable(r as Resolution))],
    );
    return rows.map((row) => parseCandlePartition(row.name)).filter((p): p is CandlePartition => p !== undefined);
  });
  const plan = toPartitionPlan(existing, now, retention);
  for (const partition of plan.create) {
    const parent = toResolutionTable(partition.resolution);
    await router.write(null, async (m) => {
      await m.query(CANDLE_WRITE_LOCK);
      const [{ present }] = await m.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [partition.name]);
      if (present) return;
      const [from, to] = [new Date(partition.from).toISOString(), new Date(partition.to).toISOString()];
      await m.query(`CREATE TABLE ${partition.name} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await m.query(
        `WITH moved AS (DELETE FROM ${parent}_default WHERE t >= $1 AND t < $2 RETURNING *)
         INSERT INTO ${partition.name} SELECT * FROM moved`,
        [from, to],
      );
      await m.query(
        `ALTER TABLE ${parent} ATTACH PARTITION ${partition.name} FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
    });
  }
  for (const partition of plan.drop) {
    await router.write(null, async (m) => {
      await m.query(CANDLE_WRITE_LOCK);
      await m.query(`DROP TABLE IF EXISTS ${partition.name}`);
    });
  }
  return { created: plan.create.map((p) => p.name), dropped: plan.drop.map((p) => p.name) };
}
