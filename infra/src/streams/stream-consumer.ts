import type { z } from 'zod';
import { describeMismatch, type EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
import type {
  BatchOutcome,
  ConsumeOptions,
  DeadLetter,
  StreamBatchHandler,
  StreamConsumer,
  StreamMessage,
} from './durable-stream.port.js';

/** A message as a backend reads it; `raw` is null when it was trimmed from the stream while pending. */
export interface RawEntry {
  id: string;
  raw: string | null;
}

/**
 * The primitives one consumer needs from a stream store (Redis Streams or in-memory). The delivery
 * rules (backlog first, retries, isolation, dead letters, take-over) live in `runConsumer`, once.
 */
export interface ConsumerBackend {
  /** New messages for this consumer, waiting up to `blockMs` for the first one. */
  readNew(count: number, blockMs: number): Promise<RawEntry[]>;
  /** This consumer's own unacknowledged messages, oldest first (counts as a delivery). */
  readOwnPending(count: number): Promise<RawEntry[]>;
  /** Takes over messages idle for `minIdleMs` from any consumer of the group (counts as a delivery). */
  claimIdle(minIdleMs: number, count: number): Promise<RawEntry[]>;
  /** How often each message was delivered so far. */
  deliveries(ids: string[]): Promise<Map<string, number>>;
  ack(ids: string[]): Promise<void>;
  /** Appends the letters to the dead-letter stream and acknowledges their originals. */
  deadLetter(letters: DeadLetter[]): Promise<void>;
  /** Makes a pending `readNew` return (or fail) at once. */
  interrupt(): void;
  /** Frees what the consumer holds (its blocking connection). */
  release(): Promise<void>;
}

/** A consumer as its port tracks it. */
export interface RunningConsumer extends StreamConsumer {
  /** Gives up at once without acknowledging anything further: the process "died". */
  abandon(): void;
}

/** Identity of a consumer. */
export interface ConsumerIdentity {
  stream: string;
  group: string;
  consumer: string;
}

/** Options with their defaults applied. */
export function withConsumeDefaults(stream: string, options: ConsumeOptions = {}): Required<ConsumeOptions> {
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  return {
    batchSize: options.batchSize ?? 100,
    blockMs: options.blockMs ?? 5_000,
    claimIdleMs,
    claimIntervalMs: options.claimIntervalMs ?? Math.max(1, Math.floor(claimIdleMs / 2)),
    maxDeliveries: options.maxDeliveries ?? 5,
    retryDelayMs: options.retryDelayMs ?? 1_000,
    deadLetterStream: options.deadLetterStream ?? `${stream}.dead-letter`,
  };
}

/** JSON text of a payload; refuses what JSON cannot carry instead of storing "undefined". */
export function toPayloadText(payload: unknown): string {
  const text = JSON.stringify(payload);
  if (text === undefined) throw new TypeError('a stream payload must be JSON-serialisable');
  return text;
}

/** The schema of a stream of the map; none for other streams (dead-letter streams, written by the port). */
export const schemaOf = (events: EventMap, stream: string): z.ZodType | undefined =>
  Object.hasOwn(events, stream) ? events[stream] : undefined;

function parsePayload(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Runs one consumer's loop over a backend until stopped or abandoned (see DurableStreamPort for the
 * delivery rules it implements). Payloads that `schema` refuses are dead-lettered without reaching the
 * handler; without a schema (dead-letter streams, written by the port itself) payloads pass as they are.
 */
export function runConsumer(
  backend: ConsumerBackend,
  handler: StreamBatchHandler<never>,
  schema: z.ZodType | undefined,
  identity: ConsumerIdentity,
  options: Required<ConsumeOptions>,
  log: Logger,
): RunningConsumer {
  const { batchSize, blockMs, claimIdleMs, claimIntervalMs, maxDeliveries, retryDelayMs } = options;
  const where = { stream: identity.stream, group: identity.group, consumer: identity.consumer };
  let state: 'running' | 'stopping' | 'abandoned' = 'running';
  // Read through a call: other code (stop, abandon) changes it while the loop awaits.
  const current = () => state;
  let blocked = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  const letter = (id: string, reason: string, deliveries: number, payload: unknown): DeadLetter => ({
    ...where,
    id,
    reason,
    deliveries,
    payload,
  });

  /** Handles one batch; false when the handler failed and messages stay pending for a retry. */
  async function handle(entries: RawEntry[], redelivered: boolean): Promise<boolean> {
    const counts = redelivered ? await backend.deliveries(entries.map((e) => e.id)) : undefined;
    const deliveriesOf = (id: string) => counts?.get(id) ?? 1;
    const letters: DeadLetter[] = [];
    const acks: string[] = [];
    const live: StreamMessage[] = [];
    // Dead letters keep what was appended, not what the schema made of it.
    const appended = new Map<string, unknown>();
    for (const entry of entries) {
      if (entry.raw === null) {
        log.error({ ...where, id: entry.id }, 'message was trimmed from the stream before it was handled: lost');
        acks.push(entry.id);
        continue;
      }
      const parsed = parsePayload(entry.raw);
      if (!parsed.ok) letters.push(letter(entry.id, 'payload is not JSON', deliveriesOf(entry.id), entry.raw));
      else if (deliveriesOf(entry.id) > maxDeliveries) {
        const reason = `not acknowledged after ${maxDeliveries} deliveries (consumer crashed or stalled)`;
        letters.push(letter(entry.id, reason, deliveriesOf(entry.id), parsed.value));
      } else {
        const checked = schema ? schema.safeParse(parsed.value) : { success: true as const, data: parsed.value };
        if (checked.success) {
          appended.set(entry.id, parsed.value);
          live.push({ id: entry.id, payload: checked.data });
        } else {
          const reason = `payload does not match the stream's schema: ${describeMismatch(checked.error)}`;
          log.warn({ ...where, id: entry.id, reason }, 'malformed stream message refused');
          letters.push(letter(entry.id, reason, deliveriesOf(entry.id), parsed.value));
        }
      }
    }
    let ok = true;
    if (live.length > 0) {
      try {
        const outcome = (await (handler as StreamBatchHandler)(live)) as BatchOutcome | undefined;
        const rejected = new Map(outcome?.rejected?.map((r) => [r.id, r.reason]) ?? []);
        for (const message of live) {
          const reason = rejected.get(message.id);
          if (reason === undefined) acks.push(message.id);
          else
            letters.push(letter(message.id, `rejected: ${reason}`, deliveriesOf(message.id), appended.get(message.id)));
        }
      } catch (error) {
        const exhausted = live.filter((m) => deliveriesOf(m.id) >= maxDeliveries);
        for (const m of exhausted) {
          const reason = `handler failed ${deliveriesOf(m.id)} times: ${(error as Error).message}`;
          letters.push(letter(m.id, reason, deliveriesOf(m.id), appended.get(m.id)));
        }
        ok = exhausted.length === live.length;
        log.warn({ ...where, err: error, count: live.length }, 'stream handler failed; its messages stay pending');
      }
    }
    // An abandoned consumer acknowledges nothing more: its process is considered dead.
    if (state === 'abandoned') return false;
    if (letters.length > 0) {
      await backend.deadLetter(letters);
      log.error(
        {
          ...where,
          deadLetterStream: options.deadLetterStream,
          letters: letters.map((l) => ({ id: l.id, reason: l.reason })),
        },
        'moved messages to the dead-letter stream',
      );
    }
    if (acks.length > 0) await backend.ack(acks);
    return ok;
  }

  async function loop(): Promise<void> {
    // Start with this consumer's own pending messages: what a crashed predecessor of the same name left.
    let backlog = true;
    let isolate = false;
    let nextClaimAt = Date.now();
    while (state === 'running') {
      try {
        if (Date.now() >= nextClaimAt) {
          const claimed = await backend.claimIdle(claimIdleMs, batchSize);
          nextClaimAt = claimed.length === batchSize ? Date.now() : Date.now() + claimIntervalMs;
          if (claimed.length > 0) {
            log.warn({ ...where, count: claimed.length }, 'took over messages another consumer left unacknowledged');
            if (!(await handle(claimed, true))) {
              [backlog, isolate] = [true, true];
              await pause(retryDelayMs);
            }
            continue;
          }
        }
        const fromBacklog = backlog;
        let batch: RawEntry[];
        if (fromBacklog) batch = await backend.readOwnPending(isolate ? 1 : batchSize);
        else {
          blocked = true;
          try {
            batch = await backend.readNew(batchSize, Math.max(1, Math.min(blockMs, nextClaimAt - Date.now())));
          } finally {
            blocked = false;
          }
        }
        if (batch.length === 0) {
          if (fromBacklog) [backlog, isolate] = [false, false];
          continue;
        }
        if (current() === 'abandoned') break;
        if (!(await handle(batch, fromBacklog))) {
          // Retry one at a time, so a poison message does not take its batch-mates to the dead letters.
          [backlog, isolate] = [true, isolate || batch.length > 1];
          await pause(retryDelayMs);
        }
      } catch (error) {
        if (state !== 'running') break;
        log.warn({ ...where, err: error }, 'stream consumer error; retrying');
        backlog = true; // whatever was read but not handled is pending for this consumer
        await pause(retryDelayMs);
      }
    }
  }

  const running = loop();
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        if (state === 'running') state = 'stopping';
        wake?.();
        if (blocked) backend.interrupt();
        await running;
        await backend.release();
      })();
      return stopped;
    },
    abandon() {
      state = 'abandoned';
      wake?.();
      backend.interrupt();
    },
  };
}
