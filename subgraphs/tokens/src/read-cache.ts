import type { ReadSession } from './db/read-router.js';

/**
 * In-process cache of read results by key, each kept `ttlMs` (0 turns it off), at most `maxEntries` (the
 * oldest written is evicted first). Values are served as stored: callers must not mutate them.
 *
 * It also knows which keys are being loaded right now ({@link loadThrough} joins concurrent misses of a key
 * into one load), and counts forgettings: a load that began before a {@link delete} or {@link clear} stores
 * nothing, so a read that raced a write cannot keep the old value for a whole TTL.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Loads in flight by key: what a concurrent miss of the same key waits for. */
  private readonly loading = new Map<string, Promise<V | undefined>>();
  /** Bumped by every delete and clear. */
  private forgets = 0;

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

  /** Stores `value` for `key` for the cache's TTL, unless something was forgotten since `since` (see {@link epoch}). */
  set(key: string, value: V, since = this.forgets): void {
    if (this.ttlMs <= 0 || since !== this.forgets) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets `key` (after a write to what it caches); loads in flight will store nothing. */
  delete(key: string): void {
    this.forgets += 1;
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** Forgets everything (after a write that may change any entry); loads in flight will store nothing. */
  clear(): void {
    this.forgets += 1;
    this.entries.clear();
    this.loading.clear();
  }

  /** The count of forgettings so far: pass what a load saw when it began to {@link set}. */
  get epoch(): number {
    return this.forgets;
  }

  /** The load of `key` in flight, if any. */
  pending(key: string): Promise<V | undefined> | undefined {
    return this.loading.get(key);
  }

  /** Whether it keeps anything (a TTL of 0 turns it off, joining of concurrent loads included). */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Records `load` as the one in flight for `key` until it settles. */
  track(key: string, load: Promise<V | undefined>): void {
    this.loading.set(key, load);
    const done = () => {
      if (this.loading.get(key) === load) this.loading.delete(key);
    };
    load.then(done, done);
  }
}

/**
 * Loads `keys` through `cache`: from it when present, else from `load` (given only the keys the cache did not
 * have, and no load of them by a concurrent request was in flight: those wait for that load), whose results are
 * stored; a key `load` returns nothing for is not cached (a token stored meanwhile must appear at once). A
 * session carrying a read-after position (a writer's next reads) bypasses the cache both ways: it reads the
 * database, which routing keeps at least that fresh.
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
  const found = keys.map((key) => cache.get(toKey(key)));
  const waits: Array<Promise<void>> = [];
  const missing: K[] = [];
  const missingAt: number[] = [];
  keys.forEach((key, i) => {
    if (found[i] !== undefined) return;
    const pending = cache.pending(toKey(key));
    if (pending) waits.push(pending.then((value) => void (found[i] = value)));
    else {
      missing.push(key);
      missingAt.push(i);
    }
  });
  if (missing.length > 0) {
    const since = cache.epoch;
    const loading = load(missing);
    if (cache.enabled) {
      for (const key of missing) {
        const id = toKey(key);
        cache.track(
          id,
          loading.then((loaded) => loaded.get(id)),
        );
      }
    }
    const loaded = await loading;
    for (const [key, value] of loaded) cache.set(key, value, since);
    missing.forEach((key, j) => (found[missingAt[j]!] = loaded.get(toKey(key))));
  }
  await Promise.all(waits);
  return found;
}
