import type { CachePort } from './cache.port.js';

/**
 * Bounded in-process cache: expired entries are dropped on read, and the least recently
 * written entry is evicted beyond `maxEntries` (Map keeps insertion order).
 */
export function createMemoryCache(maxEntries = 10_000, now: () => number = Date.now): CachePort {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const read = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  return {
    get: async (key) => read(key),
    getMany: async (keys) => keys.map(read),
    async set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + Math.max(1, Math.ceil(ttlSeconds)) * 1000 });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
