import type { PersistedQueryOptions } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RedisData } from '@memegraph/infra';
import { createMemoryQueryStore, createRedisQueryStore } from './persisted-query-store.js';
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
 * - else: this instance's memory.
 * Registrations are bounded either way: at most `maxEntries` (the ones closest to expiry make room), each
 * kept `ttlSeconds`, and a query longer than `maxQueryBytes` runs but is not kept (its hash alone then
 * answers PERSISTED_QUERY_NOT_FOUND, and APQ clients send the full query again, as the protocol expects).
 */
export function createPersistedQueryOptions(options: {
  /** The gateway's Redis data connection (unset: this instance's memory). */
  redis?: RedisData;
  keyPrefix: string;
  ttlSeconds: number;
  maxEntries: number;
  maxQueryBytes: number;
  trusted?: TrustedDocuments;
}): PersistedQueryOptions {
  const { trusted, redis, ttlSeconds } = options;
  const hashOf = (key: string) => (key.startsWith(APOLLO_APQ_PREFIX) ? key.slice(APOLLO_APQ_PREFIX.length) : key);
  if (trusted) {
    return {
      ttl: null,
      cache: {
        get: async (key) => trusted.get(hashOf(key)),
        set: async () => undefined,
        delete: async () => false,
      },
    };
  }
  const bounds = { maxEntries: options.maxEntries, ttlSeconds };
  const store = redis
    ? createRedisQueryStore(redis.connection, options.keyPrefix, bounds)
    : createMemoryQueryStore(bounds);
  const run = <T>(call: () => Promise<T>, fallback: T) =>
    redis ? redis.availability.run('apq', call, () => fallback) : call();
  return {
    ttl: ttlSeconds,
    cache: {
      get: (key) => run(() => store.get(hashOf(key)), undefined),
      set: async (key, query) => {
        if (Buffer.byteLength(query) > options.maxQueryBytes) return;
        await run(() => store.set(hashOf(key), query), undefined);
      },
      // Apollo deletes nothing from this cache; entries leave by expiry or eviction.
      delete: async () => false,
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
