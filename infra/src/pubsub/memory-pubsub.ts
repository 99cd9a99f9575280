import { PubSub } from 'graphql-subscriptions';
import type { PubSubPort } from './pubsub.port.js';

/** In-process pub/sub for the single-process local stack (no REDIS_URL). */
export function createMemoryPubSub(): PubSubPort {
  const pubsub = new PubSub();
  return {
    publish: (topic, payload) => pubsub.publish(topic, structuredClone(payload)),
    async subscribe(topic, onMessage) {
      const id = await pubsub.subscribe(topic, onMessage);
      return async () => pubsub.unsubscribe(id);
    },
    async close() {},
  };
}
