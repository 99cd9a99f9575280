import { Cluster, type Redis } from 'ioredis';
import type { EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
import { traceRedisCommands } from '../observability/redis-tracing.js';
import { createMemoryPubSub } from '../pubsub/memory-pubsub.js';
import type { PubSubPort } from '../pubsub/pubsub.port.js';
import { createRedisPubSub } from '../pubsub/redis-pubsub.js';
import { closeRedis, createRedis } from '../redis/create-redis.js';
import { createRedisAvailability, type RedisAvailability } from '../redis/redis-availability.js';
import type { DurableStreamPort } from '../streams/durable-stream.port.js';
import { createMemoryDurableStream } from '../streams/memory-durable-stream.js';
import { createRedisDurableStream } from '../streams/redis-durable-stream.js';

/** The settings the ports are built from (a service's parsed config satisfies it). */
export interface PortsConfig {
  /** Redis for pub/sub and durable streams, and for the data connection without cluster nodes; unset: in-memory. */
  REDIS_URL?: string;
  /** Redis Cluster seed nodes (host:port): the data connection goes to the cluster instead of REDIS_URL. */
  REDIS_CLUSTER_NODES?: readonly string[];
  /** Prefix of every channel and stream key. */
  REDIS_KEY_PREFIX: string;
  /** Timeout of every command but blocking stream reads. */
  REDIS_COMMAND_TIMEOUT_MS: number;
  /** Length streams are trimmed to when this process appends. Default: the stream adapter's. */
  STREAM_MAX_LENGTH?: number;
}

/** The connection for a service's own Redis data (cache, limits, leases, sets) and whether it answers. */
export interface RedisData {
  connection: Redis | Cluster;
  availability: RedisAvailability;
}

/** Every port the factory can build, typed by the services' event maps. */
export interface AllPorts<Topics extends EventMap, Streams extends EventMap> {
  pubsub: PubSubPort<Topics>;
  stream: DurableStreamPort<Streams>;
  /** Undefined without Redis: the service then keeps its data in memory (one process only). */
  redis: RedisData | undefined;
}

/** A port the factory can build. */
export type PortName = keyof AllPorts<EventMap, EventMap>;

/**
 * The ports one process asked for, and their one `close`. Ownership rule: whoever creates the bundle closes
 * it, after every service it was given to has closed; a service never closes ports it was given.
 */
export type Ports<K extends PortName, Topics extends EventMap, Streams extends EventMap> = Pick<
  AllPorts<Topics, Streams>,
  K
> & { close(): Promise<void> };

/** What to build, how to name it, and the event maps payloads are checked against. */
export interface CreatePortsOptions<K extends PortName, Topics extends EventMap, Streams extends EventMap> {
  /** Only these are built (a port not asked for opens no connection). */
  use: readonly K[];
  /** Name of the data connection (CLIENT LIST, logs): the service's. */
  name: string;
  /** Pub/sub topic → payload schema. */
  topics: Topics;
  /** Durable stream → payload schema. */
  streams: Streams;
}

/** The data connection: a Redis Cluster when seed nodes are given, else REDIS_URL, else none. */
function connectData(config: PortsConfig, log: Logger, name: string): Redis | Cluster | undefined {
  const commandTimeout = config.REDIS_COMMAND_TIMEOUT_MS;
  if (config.REDIS_CLUSTER_NODES && config.REDIS_CLUSTER_NODES.length > 0) {
    const cluster = new Cluster(
      config.REDIS_CLUSTER_NODES.map((node) => {
        const [host, port] = node.split(':');
        return { host: host ?? '127.0.0.1', port: Number(port ?? 6379) };
      }),
      { redisOptions: { maxRetriesPerRequest: 2, commandTimeout } },
    );
    cluster.on('error', (error: Error) => log.warn({ err: error.message }, 'redis cluster error'));
    return traceRedisCommands(cluster);
  }
  return config.REDIS_URL ? createRedis(config.REDIS_URL, log, name, { commandTimeout }) : undefined;
}

/**
 * Builds the ports a process asks for, the one place that chooses between Redis, Redis Cluster and in-memory:
 * pub/sub and durable streams on REDIS_URL, the data connection on REDIS_CLUSTER_NODES or REDIS_URL; without
 * Redis, in-memory implementations (one process only: pass the same bundle to every service in it). Every
 * command but the blocking stream reads times out after REDIS_COMMAND_TIMEOUT_MS.
 */
export function createPorts<K extends PortName, Topics extends EventMap, Streams extends EventMap>(
  config: PortsConfig,
  log: Logger,
  { use, name, topics, streams }: CreatePortsOptions<K, Topics, Streams>,
): Ports<K, Topics, Streams> {
  const wanted = new Set<PortName>(use);
  const url = config.REDIS_URL;
  const commandTimeoutMs = config.REDIS_COMMAND_TIMEOUT_MS;
  const pubsub = !wanted.has('pubsub')
    ? undefined
    : url
      ? createRedisPubSub({ events: topics, url, channelPrefix: config.REDIS_KEY_PREFIX, log, commandTimeoutMs })
      : createMemoryPubSub(topics, log);
  const maxLength = config.STREAM_MAX_LENGTH;
  const stream = !wanted.has('stream')
    ? undefined
    : url
      ? createRedisDurableStream({
          events: streams,
          url,
          log,
          keyPrefix: config.REDIS_KEY_PREFIX,
          commandTimeoutMs,
          maxLength,
        })
      : createMemoryDurableStream({ events: streams, log, maxLength });
  const connection = wanted.has('redis') ? connectData(config, log, name) : undefined;
  const redis = connection && { connection, availability: createRedisAvailability({ redis: connection, log }) };
  const ports: Partial<AllPorts<Topics, Streams>> & { close(): Promise<void> } = {
    ...(pubsub && { pubsub }),
    ...(stream && { stream }),
    ...(wanted.has('redis') && { redis }),
    async close() {
      redis?.availability.close();
      await Promise.allSettled([pubsub?.close(), stream?.close()]);
      if (redis) await closeRedis(redis.connection);
    },
  };
  // Exactly the members asked for are set above.
  return ports as Ports<K, Topics, Streams>;
}
