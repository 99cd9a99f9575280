import { createLuaScript, createMemoryCache, type RedisData } from '@memegraph/infra';

/** Where automatic persisted queries are kept: at most `maxEntries`, each for `ttlSeconds`. */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | undefined>;
  /** Keeps `query` under `hash`; past `maxEntries` the entries closest to expiry are dropped. */
  set(hash: string, query: string): Promise<void>;
}

/** Bounds of a store (APQ_MAX_ENTRIES, APQ_TTL_SECONDS). */
export interface PersistedQueryBounds {
  maxEntries: number;
  ttlSeconds: number;
}

/**
 * This instance's store: the in-process cache, which drops the least recently written entry beyond
 * `maxEntries`; as every entry lives `ttlSeconds`, that is the one closest to expiry.
 */
export function createMemoryQueryStore(
  bounds: PersistedQueryBounds,
  now: () => number = Date.now,
): PersistedQueryStore {
  const cache = createMemoryCache(bounds.maxEntries, now);
  return {
    get: async (hash) => (await cache.get(hash)) ?? undefined,
    set: (hash, query) => cache.set(hash, query, bounds.ttlSeconds),
  };
}

// Redis's clock, in ms: every gateway instance expires entries on the same one.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: queries hash, expiry zset. ARGV: hash. The query, unless missing or expired.
const GET = createLuaScript(`${NOW}
local expiresAt = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expiresAt or tonumber(expiresAt) <= now then return false end
return redis.call('HGET', KEYS[1], ARGV[1])`);

// KEYS: queries hash, expiry zset. ARGV: hash, query, ttl ms, max entries. Drops expired entries, stores this
// one, then drops the entries closest to expiry beyond the maximum (in chunks: Lua's unpack has a stack limit).
const SET = createLuaScript(`${NOW}
local function drop(hashes)
  for i = 1, #hashes, 1000 do
    redis.call('HDEL', KEYS[1], unpack(hashes, i, math.min(i + 999, #hashes)))
  end
end
drop(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  drop(redis.call('ZRANGE', KEYS[2], 0, over - 1))
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`);

/**
 * The store every instance shares: queries in the hash `${keyPrefix}{apq}:queries`, their expiry times in
 * the sorted set `${keyPrefix}{apq}:expiry` (one hash tag: one cluster slot, so a script may use both).
 * Counting and evicting happen in one script, so instances registering at once never exceed the bound.
 */
export function createRedisQueryStore(
  redis: RedisData['connection'],
  keyPrefix: string,
  bounds: PersistedQueryBounds,
): PersistedQueryStore {
  const keys = [`${keyPrefix}{apq}:queries`, `${keyPrefix}{apq}:expiry`];
  return {
    async get(hash) {
      return ((await GET.run(redis, keys, hash)) as string | null) ?? undefined;
    },
    async set(hash, query) {
      await SET.run(redis, keys, hash, query, bounds.ttlSeconds * 1000, bounds.maxEntries);
    },
  };
}
