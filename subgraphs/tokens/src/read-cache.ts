import type { ReadSession } from './db/read-router.js';

/**
 * In-process cache of read results by key, each kept `ttlMs` (0 turns it off), at most `maxEntries` (the
 * oldest written is evicted first). Values are served as stored: callers must not mutate them.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value stored for `key`, or undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` for `key` for the cache's TTL. */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `key` (after a write to what it caches). */
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * Loads `keys` through `cache`: from it when present, else from `load` (given only the keys the cache did not
 * have), whose results are stored; a key `load` returns nothing for is not cached (a token stored meanwhile
 * must appear at once). A session carrying a read-after position (a writer's next reads) bypasses the cache
 * both ways: it reads the database, which routing keeps at least that fresh.
 */
export async function loadThrough<K, V>(
  cache: ReadCache<V>,
  session: ReadSession,
  keys: readonly K[],
  toKey: (key: K) => string,
  load: (keys: readonly K[]) => Promise<Map<string, V>>,
): Promise<Array<V | undefined>> {
  if (session.minLsn !== null) {
    const loaded = await load(keys);
    return keys.map((key) => loaded.get(toKey(key)));
  }
  const cached = keys.map((key) => cache.get(toKey(key)));
  const missing = keys.filter((_key, i) => cached[i] === undefined);
  if (missing.length === 0) return cached;
  const loaded = await load(missing);
  for (const [key, value] of loaded) cache.set(key, value);
  return keys.map((key, i) => cached[i] ?? loaded.get(toKey(key)));
}
