import type { CachePort } from './cache.port.js';

/**
 * Where a value was found; null when neither level had it. `last-known`: L2 could not answer, and this is
 * the last value this instance saw (past the L1 TTL, so possibly outdated).
 */
export type CacheLevel = 'l1' | 'l2' | 'last-known' | null;

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
  /** L2 reads that failed (each answered from the last known values). */
  l2Failures: number;
  /** Keys answered from the last known values while L2 could not answer. */
  lastKnownHits: number;
}

export interface TwoLevelCacheOptions {
  /** The in-process level: at most `maxEntries` (least recently used go first), each kept `ttlSeconds`. */
  l1: { maxEntries: number; ttlSeconds: number };
  /** The shared level (Redis or memory), which this cache does not close. */
  l2: CachePort;
  /** Default TTL of writes to L2. */
  l2TtlSeconds: number;
  /**
   * When L2 cannot answer (its read throws), answer with the last value this instance read or wrote for a
   * key, kept this long past the L1 TTL (within `l1.maxEntries`). Unset: an L2 failure is the caller's.
   */
  lastKnownSeconds?: number;
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
 * L1, so a delete is never undone by a read that was in flight. With `lastKnownSeconds`, a failed L2 read
 * answers from the values L1 still holds past their TTL (level `last-known`) instead of failing.
 */
export function createTwoLevelCache({
  l1,
  l2,
  l2TtlSeconds,
  lastKnownSeconds,
  now = Date.now,
}: TwoLevelCacheOptions): TwoLevelCache {
  const l1TtlMs = l1.ttlSeconds * 1000;
  const lastKnownMs = (lastKnownSeconds ?? 0) * 1000;
  /** L1 entries; past `expiresAt` an entry is only a last known value, until `keptUntil`. */
  const entries = new Map<string, { value: string; expiresAt: number; keptUntil: number }>();
  const counts: TwoLevelCacheStats = {
    l1Hits: 0,
    l1Misses: 0,
    l2Hits: 0,
    l2Misses: 0,
    l2Failures: 0,
    lastKnownHits: 0,
  };
  /** Keys with L2 reads in flight, and how many; a local write of such a key marks it changed. */
  const reading = new Map<string, { readers: number; changed: boolean }>();

  /** The entry's value if it is still valid as `kind`; a value past both is dropped. */
  const read = (key: string, kind: 'l1' | 'last-known'): string | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    const at = now();
    if (entry.keptUntil <= at) {
      entries.delete(key);
      return undefined;
    }
    if (kind === 'l1' && entry.expiresAt <= at) return undefined;
    entries.delete(key); // re-insert: Map order is the recency order
    entries.set(key, entry);
    return entry.value;
  };
  const readL1 = (key: string) => read(key, 'l1');
  /** `ttlMs`: how long the value is valid in L2 (its write's TTL), which bounds both lifetimes here. */
  const writeL1 = (key: string, value: string, ttlMs: number) => {
    entries.delete(key);
    const at = now();
    const expiresAt = at + Math.min(l1TtlMs, ttlMs);
    entries.set(key, { value, expiresAt, keptUntil: Math.max(expiresAt, at + Math.min(lastKnownMs, ttlMs)) });
    for (const oldest of entries.keys()) {
      if (entries.size <= l1.maxEntries) break;
      entries.delete(oldest);
    }
  };
  const markChanged = (key: string) => {
    const read = reading.get(key);
    if (read) read.changed = true;
  };

  /**
   * Reads `keys` (distinct L1 misses) in one L2 round trip; fills L1 with what no local write overtook, and
   * forgets the last known value of a key L2 no longer has (deleted or expired there).
   */
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
        if (marks[index]?.changed) return;
        if (value === null) entries.delete(keys[index] as string);
        else writeL1(keys[index] as string, value, Math.max(l1TtlMs, lastKnownMs));
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
    let values: (string | null)[];
    try {
      values = await readL2(missed);
    } catch (error) {
      if (lastKnownMs === 0) throw error;
      counts.l2Failures += 1;
      missed.forEach((key) => {
        const value = read(key, 'last-known') ?? null;
        for (const index of misses.get(key) ?? []) {
          if (value !== null) counts.lastKnownHits += 1;
          hits[index] = { value, level: value === null ? null : 'last-known' };
        }
      });
      return hits;
    }
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
      try {
        await l2.set(key, value, ttlSeconds);
      } catch (error) {
        // Redis could not take it: this instance still keeps the newest value as its last known one, so a
        // write in flight when Redis dies does not wipe what reads fall back to.
        if (lastKnownMs > 0) writeL1(key, value, Math.max(1, Math.ceil(ttlSeconds)) * 1000);
        throw error;
      }
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
