import { PubSub } from 'graphql-subscriptions';
import type { Logger } from '../logging/create-logger.js';
import type { PubSubPort } from './pubsub.port.js';
import { once, toSafeHandler } from './safe-handler.js';

/**
 * In-process pub/sub for the single-process local stack (no REDIS_URL). Payloads are JSON copies,
 * exactly what crosses Redis, so code tested here behaves the same in production. Topics are
 * prefixed internally because EventEmitter treats a topic named "error" specially.
 */
export function createMemoryPubSub(log: Logger): PubSubPort {
  const pubsub = new PubSub();
  const channel = (topic: string) => `topic:${topic}`;
  return {
    publish: (topic, payload) => pubsub.publish(channel(topic), JSON.parse(JSON.stringify(payload)) as unknown),
    async subscribe(topic, onMessage) {
      const id = await pubsub.subscribe(channel(topic), toSafeHandler(topic, onMessage, log));
      return once(async () => pubsub.unsubscribe(id));
    },
    async close() {},
  };
}
