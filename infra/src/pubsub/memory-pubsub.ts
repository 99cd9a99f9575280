import { PubSub } from 'graphql-subscriptions';
import type { EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
import type { PubSubPort } from './pubsub.port.js';
import { once, toSafeHandler } from './safe-handler.js';

/**
 * In-process pub/sub for the single-process local stack (no REDIS_URL). Payloads are JSON copies,
 * exactly what crosses Redis, so code tested here behaves the same in production. Topics are
 * prefixed internally because EventEmitter treats a topic named "error" specially. `events` holds each
 * topic's payload schema, checked on arrival.
 */
export function createMemoryPubSub<Events extends EventMap>(events: Events, log: Logger): PubSubPort<Events> {
  const pubsub = new PubSub();
  const channel = (topic: string) => `topic:${topic}`;
  return {
    publish: (topic, payload) => pubsub.publish(channel(topic), JSON.parse(JSON.stringify(payload)) as unknown),
    async subscribe(topic, onMessage) {
      const id = await pubsub.subscribe(channel(topic), toSafeHandler(topic, events[topic]!, onMessage, log));
      return once(async () => pubsub.unsubscribe(id));
    },
    async close() {},
  };
}
