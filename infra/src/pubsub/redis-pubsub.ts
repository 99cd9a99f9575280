import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
import { closeRedis, createRedis } from '../redis/create-redis.js';
import type { PubSubPort } from './pubsub.port.js';
import { once, toSafeHandler } from './safe-handler.js';

/** Options for the Redis pub/sub adapter. */
export interface RedisPubSubOptions<Events extends EventMap> {
  /** Each topic's payload schema, checked on arrival (another process may publish anything). */
  events: Events;
  url: string;
  /** Prepended to every channel so several deployments can share one Redis. */
  channelPrefix: string;
  log: Logger;
  /** Timeout of a publish (REDIS_COMMAND_TIMEOUT_MS); the subscriber connection has none. Default: none. */
  commandTimeoutMs?: number;
}

/**
 * Redis pub/sub through graphql-redis-subscriptions with separate publisher and subscriber
 * connections (a subscribed ioredis connection cannot publish). ioredis re-subscribes by itself
 * after a reconnect.
 */
export function createRedisPubSub<Events extends EventMap>({
  events,
  url,
  channelPrefix,
  log,
  commandTimeoutMs,
}: RedisPubSubOptions<Events>): PubSubPort<Events> {
  const publisher = createRedis(url, log, 'pubsub-publisher', { commandTimeout: commandTimeoutMs });
  const subscriber = createRedis(url, log, 'pubsub-subscriber', { maxRetriesPerRequest: null });
  const pubsub = new RedisPubSub({ publisher, subscriber });
  const channel = (topic: string) => `${channelPrefix}${topic}`;
  return {
    publish: (topic, payload) => pubsub.publish(channel(topic), payload),
    async subscribe(topic, onMessage) {
      const id = await pubsub.subscribe(channel(topic), toSafeHandler(topic, events[topic]!, onMessage, log));
      return once(async () => pubsub.unsubscribe(id));
    },
    async close() {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
