import type { EventInput, EventMap, EventName, EventOutput } from '../events/event-map.js';

/** Stops a subscription; resolves once no more messages will be delivered. Safe to call twice. */
export type Unsubscribe = () => Promise<void>;

/**
 * Typed events between services, generic over an event map (topic → payload schema): publishing a payload
 * that is not the topic's is a type error, and an event whose payload does not match the topic's schema
 * on arrival is logged and dropped (another process may run other code). Payloads are JSON-serialisable;
 * the Redis implementation crosses processes, the in-memory one only works inside one process.
 */
export interface PubSubPort<Events extends EventMap> {
  /** Publishes one event on a topic (`domain.event`). */
  publish<Topic extends EventName<Events>>(topic: Topic, payload: EventInput<Events, Topic>): Promise<void>;
  /**
   * Calls `onMessage` with each event on the topic, parsed by the topic's schema from a JSON copy, until the
   * returned function is called. A handler that throws is logged; other subscribers still receive the event.
   */
  subscribe<Topic extends EventName<Events>>(
    topic: Topic,
    onMessage: (payload: EventOutput<Events, Topic>) => void,
  ): Promise<Unsubscribe>;
  /** Releases connections. */
  close(): Promise<void>;
}
