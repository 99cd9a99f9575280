import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import {
  createMemoryCache,
  createMemoryDurableStream,
  createMemoryLease,
  createMemoryPubSub,
  createMemoryTokenBucket,
  createRedis,
  createRedisCache,
  createRedisDurableStream,
  createRedisLease,
  createRedisAvailability,
  createRedisPubSub,
  createRedisTokenBucket,
  createTwoLevelCache,
  traceRedisCommands,
  type CachePort,
  type DurableStreamPort,
  type LeasePort,
  type Logger,
  type PubSubPort,
  type RedisAvailability,
  type TokenBucket,
  type TwoLevelCache,
} from '@memegraph/infra';
import type { MarketDataConfig } from './market-data.config.js';
import { createMemoryTokenSet, createRedisTokenSet, type TokenSetPort } from './tracking/token-set.js';
import { withRedisFallbacks } from './tracking/token-set-fallback.js';
import {
  createMemoryUpstreamBackoff,
  createRedisUpstreamBackoff,
  type UpstreamBackoffPort,
} from './upstreams/upstream-backoff.js';

/** The infrastructure ports of the market-data subgraph: Redis-backed, or in-memory for one process. */
export interface MarketDataInfra {
  instanceId: string;
  cache: TwoLevelCache;
  bucket: TokenBucket;
  /** Shared back-off after upstream 429s (cool-downs and effective rates). */
  backoff: UpstreamBackoffPort;
  leases: LeasePort;
  tokens: TokenSetPort;
  pubsub: PubSubPort;
  stream: DurableStreamPort;
  /** Whether the cache's Redis answers, and the fallbacks used while it does not; undefined without Redis. */
  redis?: RedisAvailability;
  close(): Promise<void>;
}

/** Ports shared with other services of the same process (single-process mode). */
export interface SharedPorts {
  pubsub?: PubSubPort;
  stream?: DurableStreamPort;
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
 * Builds the ports from the configuration: REDIS_CLUSTER_NODES (a Redis Cluster) or REDIS_URL for the
 * cache, rate limits, leases and token sets; REDIS_URL for pub/sub and durable streams; in-memory
 * implementations when neither is set (one process only). Every Redis command but the blocking stream
 * reads times out after REDIS_COMMAND_TIMEOUT_MS; market reads then come from the last known records
 * this instance holds (for up to STALE_MAX_SECONDS).
 */
export function createMarketDataInfra(
  config: MarketDataConfig,
  log: Logger,
  shared: SharedPorts = {},
): MarketDataInfra {
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const l1 = { maxEntries: config.CACHE_L1_MAX_ENTRIES, ttlSeconds: config.CACHE_L1_TTL_SECONDS };
  const commandTimeout = config.REDIS_COMMAND_TIMEOUT_MS;
  let data: Redis | Cluster | undefined;
  if (config.REDIS_CLUSTER_NODES.length > 0) {
    data = new Cluster(
      config.REDIS_CLUSTER_NODES.map((node) => {
        const [host, port] = node.split(':');
        return { host: host ?? '127.0.0.1', port: Number(port ?? 6379) };
      }),
      { redisOptions: { maxRetriesPerRequest: 2, commandTimeout } },
    );
    data.on('error', (error: Error) => log.warn({ err: error.message }, 'redis cluster error'));
    traceRedisCommands(data);
  } else if (config.REDIS_URL) {
    data = createRedis(config.REDIS_URL, log, 'market-data', { commandTimeout });
  }
  const availability = data && createRedisAvailability({ redis: data, log });
  const pubsub =
    shared.pubsub ??
    (config.REDIS_URL
      ? createRedisPubSub({
          url: config.REDIS_URL,
          channelPrefix: config.REDIS_KEY_PREFIX,
          log,
          commandTimeoutMs: commandTimeout,
        })
      : createMemoryPubSub(log));
  const stream =
    shared.stream ??
    (config.REDIS_URL
      ? createRedisDurableStream({
          url: config.REDIS_URL,
          log,
          keyPrefix: config.REDIS_KEY_PREFIX,
          commandTimeoutMs: commandTimeout,
        })
      : createMemoryDurableStream({ log }));
  const cache = createTwoLevelCache({
    l1,
    l2:
      data && availability
        ? guardCache(createRedisCache(data, config.REDIS_KEY_PREFIX), availability)
        : createMemoryCache(l1.maxEntries * 5),
    l2TtlSeconds: config.STALE_MAX_SECONDS,
    lastKnownSeconds: config.STALE_MAX_SECONDS,
  });
  return {
    instanceId,
    cache,
    bucket: data ? createRedisTokenBucket(data, `${config.REDIS_KEY_PREFIX}rl:`) : createMemoryTokenBucket(),
    backoff: data
      ? createRedisUpstreamBackoff(data, `${config.REDIS_KEY_PREFIX}backoff:`)
      : createMemoryUpstreamBackoff(),
    leases: data ? createRedisLease(data, `${config.REDIS_KEY_PREFIX}lease:`) : createMemoryLease(),
    tokens:
      data && availability
        ? withRedisFallbacks(createRedisTokenSet(data, config.REDIS_KEY_PREFIX), availability)
        : createMemoryTokenSet(),
    pubsub,
    stream,
    redis: availability,
    async close() {
      availability?.close();
      await cache.close();
      if (!shared.pubsub) await pubsub.close();
      if (!shared.stream) await stream.close();
      await data?.quit().catch(() => undefined);
    },
  };
}
