import type { z } from 'zod';
import { describeMismatch } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';

/**
 * Wraps a subscriber so that an event its topic's schema refuses is logged and dropped, and one that throws
 * is logged instead of breaking delivery to the others (or, on Redis, escaping as an uncaught exception).
 */
export function toSafeHandler<S extends z.ZodType>(
  topic: string,
  schema: S,
  onMessage: (payload: z.output<S>) => void,
  log: Logger,
) {
  return (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success)
      return void log.warn({ topic, reason: describeMismatch(parsed.error) }, 'malformed event dropped');
    try {
      onMessage(parsed.data);
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
