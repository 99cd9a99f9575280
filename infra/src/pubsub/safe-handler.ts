import type { Logger } from '../logging/create-logger.js';

/**
 * Wraps a subscriber so that one that throws is logged instead of breaking delivery to the others
 * (or, on Redis, escaping as an uncaught exception).
 */
export function toSafeHandler(topic: string, onMessage: (payload: unknown) => void, log: Logger) {
  return (payload: unknown) => {
    try {
      onMessage(payload);
    } catch (error) {
      log.error({ err: error, topic }, 'pub/sub subscriber threw');
    }
  };
}

/** Makes an unsubscribe function safe to call more than once. */
export function once(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= stop());
}
