import type { PersistedQueryOptions } from '@apollo/server';
import { createRedisCache, type Redis } from '@memegraph/infra';
import type { TrustedDocuments } from './trusted-documents.js';

/**
 * Apollo Server's persisted-query store:
 * - trusted documents: the manifest, read-only (a client cannot register new operations);
 * - REDIS_URL set: automatic persisted queries in Redis, so every gateway instance knows a registered hash;
 * - else: Apollo's in-memory cache of this instance.
 */
export function createPersistedQueryOptions(options: {
  redis?: Redis;
  keyPrefix: string;
  ttlSeconds: number;
  trusted?: TrustedDocuments;
}): PersistedQueryOptions {
  const { trusted, redis, ttlSeconds } = options;
  if (trusted) {
    return {
      ttl: null,
      cache: {
        get: async (hash) => trusted.get(hash),
        set: async () => undefined,
        delete: async () => false,
      },
    };
  }
  if (!redis) return { ttl: ttlSeconds };
  const cache = createRedisCache(redis, `${options.keyPrefix}apq:`);
  return {
    ttl: ttlSeconds,
    cache: {
      get: async (hash) => (await cache.get(hash)) ?? undefined,
      set: (hash, query, setOptions) => cache.set(hash, query, setOptions?.ttl ?? ttlSeconds),
      delete: async (hash) => {
        await cache.delete(hash);
        return true;
      },
    },
  };
}
