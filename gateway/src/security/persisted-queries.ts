import type { PersistedQueryOptions } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { createRedisCache, type CachePort, type Redis, type RedisAvailability } from '@memegraph/infra';
import { SecurityErrorCode } from './security-errors.js';
import type { TrustedDocuments } from './trusted-documents.js';

/** Apollo Server prefixes every key it reads from or writes to the persisted-query cache with this. */
const APOLLO_APQ_PREFIX = 'apq:';

/**
 * Apollo Server's persisted-query store (keys `apq:<sha256>`):
 * - trusted documents: the manifest, read-only (a client cannot register new operations);
 * - REDIS_URL set: automatic persisted queries in Redis, so every gateway instance knows a registered hash;
 *   while Redis cannot answer, a lookup misses (PERSISTED_QUERY_NOT_FOUND: the client sends the query) and a
 *   registration is dropped;
 * - else: Apollo's in-memory cache of this instance.
 */
export function createPersistedQueryOptions(options: {
  /** The gateway's Redis connection, read at the first lookup (the composition root opens it later). */
  redis?: () => { connection: Redis; availability: RedisAvailability };
  keyPrefix: string;
  ttlSeconds: number;
  trusted?: TrustedDocuments;
}): PersistedQueryOptions {
  const { trusted, redis, ttlSeconds } = options;
  if (trusted) {
    return {
      ttl: null,
      cache: {
        get: async (key) => trusted.get(key.startsWith(APOLLO_APQ_PREFIX) ? key.slice(APOLLO_APQ_PREFIX.length) : key),
        set: async () => undefined,
        delete: async () => false,
      },
    };
  }
  if (!redis) return { ttl: ttlSeconds };
  let store: CachePort | undefined;
  const cache = () => (store ??= createRedisCache(redis().connection, options.keyPrefix));
  const run = <T>(call: () => Promise<T>, fallback: T) => redis().availability.run('apq', call, () => fallback);
  return {
    ttl: ttlSeconds,
    cache: {
      get: (hash) => run(async () => (await cache().get(hash)) ?? undefined, undefined),
      set: (hash, query, setOptions) => run(() => cache().set(hash, query, setOptions?.ttl ?? ttlSeconds), undefined),
      delete: (hash) =>
        run(async () => {
          await cache().delete(hash);
          return true;
        }, false),
    },
  };
}

/** Apollo Server's persisted-query refusals that carry no code of their own (it fills in INTERNAL_SERVER_ERROR). */
const UNCODED_APQ_ERRORS: Record<string, SecurityErrorCode> = {
  'provided sha does not match query': SecurityErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
  'Unsupported persisted query version': SecurityErrorCode.PERSISTED_QUERY_VERSION_UNSUPPORTED,
};

/** Gives Apollo's uncoded persisted-query refusals stable codes (else they would be masked as internal). */
export function formatPersistedQueryError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const uncoded = [undefined, 'INTERNAL_SERVER_ERROR'].includes(formatted.extensions?.code as string | undefined);
  const code = uncoded ? UNCODED_APQ_ERRORS[formatted.message] : undefined;
  return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}
