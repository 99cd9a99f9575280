import type { Cluster, Redis } from 'ioredis';
import { createLuaScript, type LuaScript } from '../redis/lua-script.js';

/**
 * Time-limited exclusive claims on named items, so that across instances each item is worked by one
 * owner at a time. A lease ends when it expires or its owner releases it; an owner that keeps working
 * an item renews its lease well within `ttlMs`. Owners are strings unique per instance.
 */
export interface LeasePort {
  /** Claims `key` for `ttlMs` if nobody holds it; false when anyone (`owner` included) holds it. */
  tryAcquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Claims every free key among `keys` for `ttlMs`; returns those won, in the order given. */
  acquireMany(keys: readonly string[], owner: string, ttlMs: number): Promise<string[]>;
  /** Extends the lease to `ttlMs` from now; false (and nothing changes) unless `owner` holds it. */
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Ends the lease; false (and nothing changes) unless `owner` holds it. */
  release(key: string, owner: string): Promise<boolean>;
  /** Who holds `key` now, or null. */
  holder(key: string): Promise<string | null>;
}

/** KEYS[1] lease, ARGV[1] owner, ARGV[2] ttl ms: compare and set, atomically. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Leases in Redis (standalone or Cluster): one string key per lease (`${keyPrefix}${key}`, the owner as
 * value, expiring after the TTL). Every command names one key, so it works on a cluster; `acquireMany`
 * sends one pipeline on a standalone server and one command per key (in parallel) on a cluster, where a
 * pipeline may not span nodes.
 */
export function createRedisLease(redis: Redis | Cluster, keyPrefix: string): LeasePort {
  const k = (key: string) => `${keyPrefix}${key}`;
  const runScript = async (script: LuaScript, key: string, ...args: (string | number)[]) =>
    (await script.run(redis, k(key), ...args)) === 1;
  const renew = createLuaScript(RENEW_SCRIPT);
  const release = createLuaScript(RELEASE_SCRIPT);
  return {
    async tryAcquire(key, owner, ttlMs) {
      assertTtl(ttlMs);
      return (await redis.set(k(key), owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async acquireMany(keys, owner, ttlMs) {
      assertTtl(ttlMs);
      if (keys.length === 0) return [];
      let replies: unknown[];
      if (redis.isCluster) {
        replies = await Promise.all(keys.map((key) => redis.set(k(key), owner, 'PX', ttlMs, 'NX')));
      } else {
        const pipeline = redis.pipeline();
        for (const key of keys) pipeline.set(k(key), owner, 'PX', ttlMs, 'NX');
        const results = (await pipeline.exec()) ?? [];
        replies = results.map(([error, reply]) => {
          if (error) throw error;
          return reply;
        });
      }
      return keys.filter((_, index) => replies[index] === 'OK');
    },
    async renew(key, owner, ttlMs) {
      assertTtl(ttlMs);
      return runScript(renew, key, owner, ttlMs);
    },
    release: async (key, owner) => runScript(release, key, owner),
    holder: (key) => redis.get(k(key)),
  };
}

/**
 * Leases in this process only, for the single-process mode. `now` is a clock in milliseconds; expired
 * leases are dropped when touched, and all of them every 1,000 claims.
 */
export function createMemoryLease(now: () => number = () => performance.now()): LeasePort {
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const current = (key: string) => {
    const lease = leases.get(key);
    if (lease && lease.expiresAt <= now()) leases.delete(key);
    return leases.get(key);
  };
  const take = (key: string, owner: string, ttlMs: number) => {
    if (current(key)) return false;
    leases.set(key, { owner, expiresAt: now() + ttlMs });
    return true;
  };
  let takesSinceSweep = 0;
  const sweep = () => {
    if (++takesSinceSweep < 1_000) return;
    takesSinceSweep = 0;
    for (const key of leases.keys()) current(key);
  };
  return {
    async tryAcquire(key, owner, ttlMs) {
      assertTtl(ttlMs);
      sweep();
      return take(key, owner, ttlMs);
    },
    async acquireMany(keys, owner, ttlMs) {
      assertTtl(ttlMs);
      sweep();
      return keys.filter((key) => take(key, owner, ttlMs));
    },
    async renew(key, owner, ttlMs) {
      assertTtl(ttlMs);
      const lease = current(key);
      if (lease?.owner !== owner) return false;
      lease.expiresAt = now() + ttlMs;
      return true;
    },
    async release(key, owner) {
      if (current(key)?.owner !== owner) return false;
      leases.delete(key);
      return true;
    },
    holder: async (key) => current(key)?.owner ?? null,
  };
}

/** Redis takes whole milliseconds, at least 1. */
function assertTtl(ttlMs: number): void {
  if (!(Number.isInteger(ttlMs) && ttlMs > 0)) throw new RangeError(`ttlMs must be a positive integer, got ${ttlMs}`);
}
