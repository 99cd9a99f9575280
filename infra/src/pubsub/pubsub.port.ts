/** Stops a subscription; resolves once no more messages will be delivered. Safe to call twice. */
export type Unsubscribe = () => Promise<void>;

/**
 * Typed events between services. Payloads are JSON-serialisable; the Redis implementation
 * crosses processes, the in-memory one only works inside one process.
 */
export interface PubSubPort {
  /** Publishes one event on a topic (`domain.event`, e.g. `price.updated`). */
  publish(topic: string, payload: unknown): Promise<void>;
  /**
   * Calls `onMessage` with a JSON copy of each event on the topic until the returned function is called.
   * A handler that throws is logged; other subscribers still receive the event.
   */
  subscribe(topic: string, onMessage: (payload: unknown) => void): Promise<Unsubscribe>;
  /** Releases connections. */
  close(): Promise<void>;
}
