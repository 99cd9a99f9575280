import type { CachePort } from './cache.port.js';

/** Where a value was found; null when neither level had it. */
export type CacheLevel = 'l1' | 'l2' | null;

/** A value and the level that answered. */
export interface TwoLevelHit {
  value: string | null;
  level: CacheLevel;
}

/** Hit and miss counts since the cache was created; a key missing from L1 is then looked up in L2. */
export interface TwoLevelCacheStats {
  l1Hits: number;
  l1Misses: number;
  l2Hits: number;
  l2Misses: number;
}

export interface TwoLevelCacheOptions {
  /** The in-process level: at most `maxEntries` (least recently used go first), each kept `ttlSeconds`. */
  l1: { maxEntries: number; ttlSeconds: number };
  /** The shared level (Redis or memory), which this cache does not close. */
  l2: CachePort;
  /** Default TTL of writes to L2. */
  l2TtlSeconds: number;
  /** Clock of L1 in milliseconds. */
  now?: () => number;
}

export interface TwoLevelCache {
  get(key: string): Promise<TwoLevelHit>;
  /** L1 first, then one L2 `getMany` for the misses; answers in key order. */
  getMany(keys: readonly string[]): Promise<TwoLevelHit[]>;
  /** Writes L2, then L1 (for at most the L1 TTL). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Removes keys from both levels. */
  delete(...keys: string[]): Promise<void>;
  stats(): TwoLevelCacheStats;
  /** Empties L1; L2 belongs to the caller. */
  close(): Promise<void>;
}

/**
 * An in-process L1 (bounded, short TTL) over a shared L2. Another instance's write or delete reaches this
 * instance's L1 only when the L1 entry expires, so `l1.ttlSeconds` bounds how stale a read can be. Misses
 * are not cached in L1. An L2 read that a local `set` or `delete` of the same key overtakes does not fill
 * L1, so a delete is never undone by a read that was in flight.
 */
export function createTwoLevelCache({ l1, l2, l2TtlSeconds, now = Date.now }: TwoLevelCacheOptions): TwoLevelCache {
  const l1TtlMs = l1.ttlSeconds * 1000;
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const counts: TwoLevelCacheStats = { l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0 };
  /** Keys with L2 reads in flight, and how many; a local write of such a key marks it changed. */
  const reading = new Map<string, { readers: number; changed: boolean }>();

  const readL1 = (key: string): string | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    entries.delete(key); // re-insert: Map order is the recency order
    entries.set(key, entry);
    return entry.value;
  };
  const writeL1 = (key: string, value: string, ttlMs: number) => {
    entries.delete(key);
    entries.set(key, { value, expiresAt: now() + Math.min(l1TtlMs, ttlMs) });
    for (const oldest of entries.keys()) {
      if (entries.size <= l1.maxEntries) break;
      entries.delete(oldest);
    }
  };
  const markChanged = (key: string) => {
    const read = reading.get(key);
    if (read) read.changed = true;
  };

  /** Reads `keys` (distinct L1 misses) in one L2 round trip; fills L1 with what no local write overtook. */
  const readL2 = async (keys: string[]): Promise<(string | null)[]> => {
    const marks = keys.map((key) => {
      const read = reading.get(key) ?? { readers: 0, changed: false };
      read.readers += 1;
      reading.set(key, read);
      return read;
    });
    try {
      const values = await l2.getMany(keys);
      values.forEach((value, index) => {
        if (value !== null && !marks[index]?.changed) writeL1(keys[index] as string, value, l1TtlMs);
      });
      return values;
    } finally {
      keys.forEach((key, index) => {
        const read = marks[index];
        if (read && --read.readers === 0) reading.delete(key);
      });
    }
  };

  const getMany = async (keys: readonly string[]): Promise<TwoLevelHit[]> => {
    const hits = new Array<TwoLevelHit>(keys.length);
    const misses = new Map<string, number[]>(); // key → its positions in `keys`
    keys.forEach((key, index) => {
      const value = readL1(key);
      if (value === undefined) {
        counts.l1Misses += 1;
        misses.set(key, [...(misses.get(key) ?? []), index]);
      } else {
        counts.l1Hits += 1;
        hits[index] = { value, level: 'l1' };
      }
    });
    if (misses.size === 0) return hits;
    const missed = [...misses.keys()];
    const values = await readL2(missed);
    missed.forEach((key, i) => {
      const value = values[i] ?? null;
      for (const index of misses.get(key) ?? []) {
        counts[value === null ? 'l2Misses' : 'l2Hits'] += 1;
        hits[index] = { value, level: value === null ? null : 'l2' };
      }
    });
    return hits;
  };

  return {
    async get(key) {
      const [hit] = await getMany([key]);
      return hit ?? { value: null, level: null };
    },
    getMany,
    async set(key, value, ttlSeconds = l2TtlSeconds) {
      markChanged(key);
      entries.delete(key);
      await l2.set(key, value, ttlSeconds);
      markChanged(key);
      writeL1(key, value, Math.max(1, Math.ceil(ttlSeconds)) * 1000);
    },
    async delete(...keys) {
      for (const key of keys) {
        markChanged(key);
        entries.delete(key);
      }
      await l2.delete(...keys);
      keys.forEach(markChanged);
    },
    stats: () => ({ ...counts }),
    async close() {
      entries.clear();
    },
  };
}
