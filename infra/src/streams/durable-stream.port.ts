import type { EventInput, EventMap, EventName, EventOutput } from '../events/event-map.js';

/**
 * One message read from a durable stream: its stream-assigned id and what was appended, as a JSON copy
 * parsed by the stream's schema.
 */
export interface StreamMessage<Payload = unknown> {
  id: string;
  payload: Payload;
}

/** What a batch handler may report besides success: messages it refuses for good (malformed, unprocessable). */
export interface BatchOutcome {
  /** Moved to the dead-letter stream with the reason and acknowledged; never redelivered. */
  rejected?: Array<{ id: string; reason: string }>;
}

/**
 * Handles one batch. Resolving acknowledges every message of the batch (rejected ones after moving them
 * to the dead-letter stream); throwing acknowledges none, so the whole batch is delivered again.
 * Delivery is at-least-once: a handler must be idempotent.
 */
export type StreamBatchHandler<Payload = unknown> = (
  messages: StreamMessage<Payload>[],
) => Promise<void | BatchOutcome>;

/** Tuning of one consumer. Every field has a default. */
export interface ConsumeOptions {
  /** Most messages per handler call. Default 100. */
  batchSize?: number;
  /** How long one read waits for new messages before checking for work again. Default 5000. */
  blockMs?: number;
  /**
   * Messages another consumer of the group has held unacknowledged this long are taken over (its process
   * is presumed dead). Must exceed the slowest handler call, or a live consumer's batch is handled twice.
   * Default 60000.
   */
  claimIdleMs?: number;
  /** How often to look for such messages. Default `claimIdleMs / 2`. */
  claimIntervalMs?: number;
  /** Handler attempts per message; the next failure moves it to the dead-letter stream. Default 5. */
  maxDeliveries?: number;
  /** Pause before retrying a batch whose handler threw. Default 1000. */
  retryDelayMs?: number;
  /** Where refused and exhausted messages go. Default `<stream>.dead-letter`. */
  deadLetterStream?: string;
}

/** A running consumer. */
export interface StreamConsumer {
  /** Stops reading; resolves after the in-flight batch (if any) is handled and acknowledged. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Payload of a dead-letter message: where it came from, why it was given up, and the original payload
 * (the raw text when it was not JSON).
 */
export interface DeadLetter {
  stream: string;
  id: string;
  group: string;
  consumer: string;
  reason: string;
  deliveries: number;
  payload: unknown;
}

/** The dead-letter stream of a stream of the map (the default `deadLetterStream`). */
export type DeadLetterStream<Streams extends EventMap> = `${EventName<Streams>}.dead-letter`;

/** The dead-letter stream of `stream` under the default naming. */
export const toDeadLetterStream = <Name extends string>(stream: Name): `${Name}.dead-letter` => `${stream}.dead-letter`;

/** What a consumer of `Name` receives: the stream's parsed payload, or a dead letter. */
export type StreamPayload<Streams extends EventMap, Name> =
  Name extends EventName<Streams> ? EventOutput<Streams, Name> : DeadLetter;

/**
 * A durable, replayable log of messages with consumer groups (Redis Streams semantics): a message is
 * kept until every group has acknowledged it (or it is trimmed past the stream's cap), so a consumer
 * that stops or crashes loses nothing.
 *
 * - Each message of a stream goes to one consumer per group; a group created after messages were appended
 *   starts from the oldest retained one.
 * - A consumer first re-handles its own unacknowledged messages (a restart under the same name), then
 *   reads new ones, and periodically takes over messages that other consumers have left unacknowledged
 *   for `claimIdleMs` (dead processes).
 * - A message whose handler failed `maxDeliveries` times is moved to the dead-letter stream (logged), so
 *   one poison message cannot block a stream. After a batch fails, its messages are retried one at a
 *   time, so only the poison message itself is given up. Order holds except around such retries.
 * - Generic over an event map (stream → payload schema): appending a payload that is not the stream's is a
 *   type error, and a message whose payload does not match the stream's schema is moved to the dead-letter
 *   stream (logged) instead of reaching the handler.
 */
export interface DurableStreamPort<Streams extends EventMap> {
  /** Appends one JSON-serialisable payload, trimming the stream to about its cap; returns the message id. */
  append<Name extends EventName<Streams>>(stream: Name, payload: EventInput<Streams, Name>): Promise<string>;
  /**
   * Starts a consumer `consumer` of `group` on `stream` (a stream of the map, or a default dead-letter stream
   * for inspection), creating the group if missing. Resolves once the group exists, so anything appended
   * afterwards reaches it.
   */
  consume<Name extends EventName<Streams> | DeadLetterStream<Streams>>(
    stream: Name,
    group: string,
    consumer: string,
    handler: StreamBatchHandler<StreamPayload<Streams, Name>>,
    options?: ConsumeOptions,
  ): Promise<StreamConsumer>;
  /** Messages of `group` delivered to some consumer and not yet acknowledged (0 when the group is missing). */
  pendingCount(stream: string, group: string): Promise<number>;
  /**
   * Releases connections at once, without waiting for in-flight batches: consumers still running are
   * abandoned as if their process had died (their messages stay pending). Stop consumers first for a
   * graceful shutdown.
   */
  close(): Promise<void>;
}
