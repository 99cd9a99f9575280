import { createHash } from 'node:crypto';
import type { Redis } from '@memegraph/infra';

/** Where automatic persisted queries are kept: at most `maxEntries`, each for `ttlMs`. */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | undefined>;
  /** Keeps `query` under `hash`; past `maxEntries` the entries closest to expiry are dropped. */
  set(hash: string, query: string): Promise<void>;
}

/** Bounds of a store (APQ_MAX_ENTRIES, APQ_TTL_SECONDS). */
export interface PersistedQueryBounds {
  maxEntries: number;
  ttlMs: number;
}

/**
 * This instance's store: a Map in insertion order, which is expiry order as every entry lives `ttlMs`
 * (a registration again moves an entry to the end).
 */
export function createMemoryQueryStore(bounds: PersistedQueryBounds, now: () => number = Date.now) {
  const entries = new Map<string, { query: string; expiresAt: number }>();
  const store: PersistedQueryStore & { readonly size: number } = {
    async get(hash) {
      const entry = entries.get(hash);
      if (entry && entry.expiresAt > now()) return entry.query;
      entries.delete(hash);
      return undefined;
    },
    async set(hash, query) {
      entries.delete(hash);
      entries.set(hash, { query, expiresAt: now() + bounds.ttlMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= bounds.maxEntries) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
  return store;
}

// Redis's clock, in ms: every gateway instance expires entries on the same one.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: queries hash, expiry zset. ARGV: hash. The query, unless missing or expired.
const GET = `${NOW}
local expiresAt = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expiresAt or tonumber(expiresAt) <= now then return false end
return redis.call('HGET', KEYS[1], ARGV[1])`;

// KEYS: queries hash, expiry zset. ARGV: hash, query, ttl ms, max entries. Drops expired entries, stores this
// one, then drops the entries closest to expiry beyond the maximum (in chunks: Lua's unpack has a stack limit).
const SET = `${NOW}
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
return 1`;

/** EVALSHA, then EVAL when the server does not know the script yet. */
const runScript = (redis: Redis, lua: string) => {
  const sha = createHash('sha1').update(lua).digest('hex');
  return (keys: string[], ...args: (string | number)[]) =>
    redis.evalsha(sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return redis.eval(lua, keys.length, ...keys, ...args);
      }
      throw error;
    });
};

/**
 * The store every instance shares: queries in the hash `${keyPrefix}{apq}:queries`, their expiry times in
 * the sorted set `${keyPrefix}{apq}:expiry` (one hash tag: one cluster slot, so a script may use both).
 * Counting and evicting happen in one script, so instances registering at once never exceed the bound.
 */
export function createRedisQueryStore(
  redis: () => Redis,
  keyPrefix: string,
  bounds: PersistedQueryBounds,
): PersistedQueryStore {
  const keys = [`${keyPrefix}{apq}:queries`, `${keyPrefix}{apq}:expiry`];
  let scripts: { get: ReturnType<typeof runScript>; set: ReturnType<typeof runScript> } | undefined;
  const script = () => (scripts ??= { get: runScript(redis(), GET), set: runScript(redis(), SET) });
  return {
    async get(hash) {
      return ((await script().get(keys, hash)) as string | null) ?? undefined;
    },
    async set(hash, query) {
      await script().set(keys, hash, query, bounds.ttlMs, bounds.maxEntries);
    },
  };
}
