import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { streams, topics, type Streams, type Topics } from '@memegraph/contracts';
import {
  createMemoryCache,
  createMemoryLease,
  createMemoryTokenBucket,
  createPorts,
  createRedisCache,
  createRedisLease,
  createRedisTokenBucket,
  createTwoLevelCache,
  type CachePort,
  type LeasePort,
  type Logger,
  type Ports,
  type RedisAvailability,
  type TokenBucket,
  type TwoLevelCache,
} from '@memegraph/infra';
import type { MarketDataConfig } from './market-data.config.js';
import {
  createMemoryBackfillProgress,
  createRedisBackfillProgress,
  type BackfillProgressPort,
} from './backfill/backfill-progress.js';
import { createMemoryTokenSet, createRedisTokenSet, type TokenSetPort } from './tracking/token-set.js';
import { withRedisFallbacks } from './tracking/token-set-fallback.js';
import { withDemandBuffer } from './tracking/demand-buffer.js';
import {
  createMemoryUpstreamBackoff,
  createRedisUpstreamBackoff,
  type UpstreamBackoffPort,
} from './upstreams/upstream-backoff.js';

/**
 * The ports the market-data subgraph uses: pub/sub (price and volume events out, discovered tokens and demand
 * in), durable streams (snapshots and discoveries out, tracking changes in) and the data connection.
 */
export type MarketDataPorts = Ports<'pubsub' | 'stream' | 'redis', Topics, Streams>;

/**
 * Builds the market-data subgraph's ports from its config: REDIS_CLUSTER_NODES (a Redis Cluster) or REDIS_URL
 * for the data connection, REDIS_URL for pub/sub and durable streams, in-memory without Redis (one process
 * only). The caller closes them.
 */
export function createMarketDataPorts(config: MarketDataConfig, log: Logger): MarketDataPorts {
  return createPorts(config, log, { use: ['pubsub', 'stream', 'redis'], name: 'market-data', topics, streams });
}

/** The market-data subgraph's own stores on its data connection (or in memory without one). */
export interface MarketDataStores {
  instanceId: string;
  cache: TwoLevelCache;
  bucket: TokenBucket;
  /** Shared back-off after upstream 429s (cool-downs and effective rates). */
  backoff: UpstreamBackoffPort;
  leases: LeasePort;
  tokens: TokenSetPort;
  /** Where each tracked token's history backfill stands (a restart resumes from it). */
  backfill: BackfillProgressPort;
  /** Whether the data connection answers, and the fallbacks used while it does not; undefined without Redis. */
  redis?: RedisAvailability;
  /** Closes the cache's own level (the ports are their creator's to close). */
  close(): Promise<void>;
}

/** The Redis level of the cache, failing at once while Redis is known down (the cache then serves last known records). */
function guardCache(l2: CachePort, availability: RedisAvailability): CachePort {
  const guard = <T>(call: () => Promise<T>) =>
    availability.run('market-cache', call, (error) => {
      throw error;
    });
  return {
    get: (key) => guard(() => l2.get(key)),
    getMany: (keys) => guard(() => l2.getMany(keys)),
    set: (key, value, ttlSeconds) => guard(() => l2.set(key, value, ttlSeconds)),
    delete: (...keys) => guard(() => l2.delete(...keys)),
    close: () => l2.close(),
  };
}

/**
 * Builds the stores on the data connection of `ports.redis`: cache, rate limits, upstream back-off, leases,
 * backfill progress and token sets under REDIS_KEY_PREFIX, or in memory without Redis. Every Redis command but the blocking stream
 * reads times out after REDIS_COMMAND_TIMEOUT_MS; market reads then come from the last known records this
 * instance holds (for up to STALE_MAX_SECONDS).
 */
export function createMarketDataStores(
  config: MarketDataConfig,
  redis: MarketDataPorts['redis'],
  log?: Logger,
): MarketDataStores {
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const l1 = { maxEntries: config.CACHE_L1_MAX_ENTRIES, ttlSeconds: config.CACHE_L1_TTL_SECONDS };
  const prefix = config.REDIS_KEY_PREFIX;
  const cache = createTwoLevelCache({
    l1,
    l2: redis
      ? guardCache(createRedisCache(redis.connection, prefix), redis.availability)
      : createMemoryCache(l1.maxEntries * 5),
    l2TtlSeconds: config.STALE_MAX_SECONDS,
    lastKnownSeconds: config.STALE_MAX_SECONDS,
  });
  // Demand is buffered in process and written once per DEMAND_FLUSH_MS (tracking/demand-buffer.ts).
  const tokens = redis
    ? withDemandBuffer(
        withRedisFallbacks(createRedisTokenSet(redis.connection, prefix), redis.availability),
        config.DEMAND_FLUSH_MS,
        (error) => log?.warn({ err: error.message }, 'demand not recorded'),
      )
    : undefined;
  return {
    instanceId,
    cache,
    bucket: redis ? createRedisTokenBucket(redis.connection, `${prefix}rl:`) : createMemoryTokenBucket(),
    backoff: redis ? createRedisUpstreamBackoff(redis.connection, `${prefix}backoff:`) : createMemoryUpstreamBackoff(),
    leases: redis ? createRedisLease(redis.connection, `${prefix}lease:`) : createMemoryLease(),
    tokens: tokens ?? createMemoryTokenSet(),
    backfill: redis ? createRedisBackfillProgress(redis.connection, prefix) : createMemoryBackfillProgress(),
    redis: redis?.availability,
    async close() {
      await tokens?.close();
      await cache.close();
    },
  };
}
