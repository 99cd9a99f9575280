import type { z } from 'zod';

/**
 * Event (topic or stream) name → zod schema of its payload: what the pub/sub and durable-stream ports are
 * generic over. The map itself belongs to the services' contracts; infra only checks payloads against it.
 */
export type EventMap = Record<string, z.ZodType>;

/** A name of the map. */
export type EventName<Events extends EventMap> = keyof Events & string;

/** What a producer passes for an event (the schema's input): a wrong payload is a type error. */
export type EventInput<Events extends EventMap, Name extends EventName<Events>> = z.input<Events[Name]>;

/** What a consumer receives for an event (the schema's output, after the payload was checked on arrival). */
export type EventOutput<Events extends EventMap, Name extends EventName<Events>> = z.output<Events[Name]>;

/** A short account of why a payload does not match its schema (at most five issues). */
export function describeMismatch(error: z.ZodError): string {
  const issues = error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return issues.slice(0, 5).join('; ') + more;
}
