import { createRequire } from 'node:module';
import type { Cluster, Redis } from 'ioredis';
import type { CachePort } from './cache.port.js';

/**
 * ioredis's own slot function (CRC16 of the key or of its `{hash tag}`, mod 16384). The package ships no
 * types and is a dependency of ioredis, so it is loaded through `require` with its signature stated here.
 */
const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

/**
 * Cache port on a Redis connection or Cluster the caller owns; `keyPrefix` namespaces the keys.
 *
 * On a cluster, `getMany` sends one MGET per hash slot (in parallel), since one MGET may only name keys
 * of one slot. Callers that want a single round trip put a hash tag in the prefix (`app:{cache}:`), which
 * puts every key of this cache in one slot, at the price of keeping them all on one master.
 */
export function createRedisCache(redis: Redis | Cluster, keyPrefix: string): CachePort {
  const k = (key: string) => `${keyPrefix}${key}`;
  return {
    get: (key) => redis.get(k(key)),
    async getMany(keys) {
      if (keys.length === 0) return [];
      const fullKeys = keys.map(k);
      if (!redis.isCluster) return redis.mget(...fullKeys);
      const values: (string | null)[] = new Array<string | null>(keys.length).fill(null);
      await Promise.all(
        groupBySlot(fullKeys).map(async (indexes) => {
          const found = await redis.mget(...indexes.map((index) => fullKeys[index] as string));
          indexes.forEach((index, position) => (values[index] = found[position] ?? null));
        }),
      );
      return values;
    },
    async set(key, value, ttlSeconds) {
      await redis.set(k(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(...keys) {
      if (keys.length === 0) return;
      const fullKeys = keys.map(k);
      if (!redis.isCluster) {
        await redis.del(...fullKeys);
        return;
      }
      await Promise.all(
        groupBySlot(fullKeys).map((indexes) => redis.del(...indexes.map((i) => fullKeys[i] as string))),
      );
    },
    async close() {},
  };
}

/** Positions of `keys` grouped by hash slot, in first-seen order. */
function groupBySlot(keys: readonly string[]): number[][] {
  const groups = new Map<number, number[]>();
  keys.forEach((key, index) => {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push(index);
    else groups.set(slot, [index]);
  });
  return [...groups.values()];
}
