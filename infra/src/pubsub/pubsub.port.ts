/** Stops a subscription; resolves once no more messages will be delivered. */
export type Unsubscribe = () => Promise<void>;

/**
 * Typed events between services. Payloads are JSON-serialisable; the Redis implementation
 * crosses processes, the in-memory one only works inside one process.
 */
export interface PubSubPort {
  /** Publishes one event on a topic (`domain.event`, e.g. `price.updated`). */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Calls `onMessage` for each event on the topic until the returned function is called. */
  subscribe(topic: string, onMessage: (payload: unknown) => void): Promise<Unsubscribe>;
  /** Releases connections. */
  close(): Promise<void>;
}
