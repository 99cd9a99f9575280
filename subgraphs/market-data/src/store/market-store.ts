import type { TwoLevelCache, TwoLevelHit } from '@memegraph/infra';
import { toTokenKey, type MarketRecord, type ObservationBundle } from '../model/market-model.js';

/**
 * A merged record as served, shared by every read of the same stored value (never modify it): `stale` when
 * older than the cache TTL (every upstream failed to refresh it), or when Redis could not answer and it is
 * this instance's last known copy (newer ones may exist there).
 */
export interface ServedRecord {
  record: MarketRecord;
  stale: boolean;
}

/** Store settings. */
export interface MarketStoreOptions {
  cache: TwoLevelCache;
  ttlSeconds: number;
  staleMaxSeconds: number;
  /** Most records kept parsed (default 20,000, the default L1 size); the least recently parsed go first. */
  maxParsed?: number;
  now?: () => number;
}

/** A stored value parsed once, and its two served forms (the stale one made on first need). */
interface ParsedRecord {
  value: string;
  updatedAtMs: number;
  fresh: ServedRecord;
  stale: ServedRecord | null;
}

/**
 * Merged market records and their merge inputs in the two-level cache. Keys carry the token in a hash
 * tag (`md:rec:{SOLANA:mint}`), so a token's keys share a Redis Cluster slot and batch reads group by slot.
 * Records live for STALE_MAX_SECONDS in Redis; past CACHE_TTL_SECONDS they are served with stale: true.
 * When Redis cannot answer, the cache answers with the last records this instance saw (kept up to
 * STALE_MAX_SECONDS), served with stale: true.
 */
export class MarketStore {
  private readonly now: () => number;
  private readonly maxParsed: number;
  /** Token key → the last record parsed for it (least recently parsed first). */
  private readonly parsed = new Map<string, ParsedRecord>();

  constructor(private readonly options: MarketStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxParsed = options.maxParsed ?? 20_000;
  }

  private recordKey = (tokenKey: string) => `md:rec:{${tokenKey}}`;
  private bundleKey = (tokenKey: string) => `md:obs:{${tokenKey}}`;

  /**
   * The served record of a cache hit. A record is parsed once per distinct stored value: the entry of its
   * key is reused while the cache answers with an equal string (whichever level it came from), so a newer
   * record is seen exactly when the cache returns it. Only `stale` depends on the read (time and level).
   */
  private toServed(key: string, { value, level }: TwoLevelHit): ServedRecord | null {
    if (!value) return null;
    let entry = this.parsed.get(key);
    // An equal value: keep the cache's copy of the string rather than two.
    if (entry?.value === value) entry.value = value;
    else {
      const record = JSON.parse(value) as MarketRecord;
      entry = { value, updatedAtMs: Date.parse(record.updatedAt), fresh: { record, stale: false }, stale: null };
      this.parsed.delete(key);
      this.parsed.set(key, entry);
      for (const oldest of this.parsed.keys()) {
        if (this.parsed.size <= this.maxParsed) break;
        this.parsed.delete(oldest);
      }
    }
    const ageMs = this.now() - entry.updatedAtMs;
    if (ageMs > this.options.staleMaxSeconds * 1000) return null;
    if (level !== 'last-known' && ageMs <= this.options.ttlSeconds * 1000) return entry.fresh;
    return (entry.stale ??= { record: entry.fresh.record, stale: true });
  }

  /** Records of these tokens (null where unknown), in order, with one cache round trip for the misses. */
  async getMany(tokenKeys: readonly string[]): Promise<(ServedRecord | null)[]> {
    const hits = await this.options.cache.getMany(tokenKeys.map(this.recordKey));
    return hits.map((hit, index) => this.toServed(tokenKeys[index]!, hit));
  }

  /** Stores a merged record (and drops it from L1 of this instance first, so it reads its own write). */
  async putRecord(record: MarketRecord): Promise<void> {
    await this.options.cache.set(
      this.recordKey(toTokenKey(record)),
      JSON.stringify(record),
      this.options.staleMaxSeconds,
    );
  }

  /** The last observations of a token from every source. */
  async getBundles(tokenKeys: readonly string[]): Promise<ObservationBundle[]> {
    const hits = await this.options.cache.getMany(tokenKeys.map(this.bundleKey));
    return hits.map((hit) => (hit.value ? (JSON.parse(hit.value) as ObservationBundle) : { pools: [], quotes: [] }));
  }

  /** Stores a token's observations. */
  async putBundle(tokenKey: string, bundle: ObservationBundle): Promise<void> {
    await this.options.cache.set(this.bundleKey(tokenKey), JSON.stringify(bundle), this.options.staleMaxSeconds);
  }
}
