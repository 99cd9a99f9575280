import type { Redis } from 'ioredis';
import type { CachePort } from './cache.port.js';

/** Cache port on a Redis connection the caller owns; `keyPrefix` namespaces the keys. */
export function createRedisCache(redis: Redis, keyPrefix: string): CachePort {
  const k = (key: string) => `${keyPrefix}${key}`;
  return {
    get: (key) => redis.get(k(key)),
    async set(key, value, ttlSeconds) {
      await redis.set(k(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(...keys) {
      if (keys.length > 0) await redis.del(...keys.map(k));
    },
    async close() {},
  };
}
