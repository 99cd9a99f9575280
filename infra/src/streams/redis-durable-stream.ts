import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
import { closeRedis, createRedis } from '../redis/create-redis.js';
import type { DurableStreamPort } from './durable-stream.port.js';
import {
  runConsumer,
  schemaOf,
  toPayloadText,
  withConsumeDefaults,
  type ConsumerBackend,
  type RawEntry,
  type RunningConsumer,
} from './stream-consumer.js';

/** Options of the Redis Streams adapter. */
export interface RedisDurableStreamOptions<Streams extends EventMap> {
  /** Each stream's payload schema, checked where a message is consumed (another process may append anything). */
  events: Streams;
  url: string;
  log: Logger;
  /** Prepended to every stream key, so several deployments (or test runs) can share one Redis. Default ''. */
  keyPrefix?: string;
  /**
   * Approximate cap of every stream, dead-letter streams included (`XADD MAXLEN ~`). A consumer group
   * further behind than this loses the oldest messages, so size it for the longest consumer outage.
   * Default 100000.
   */
  maxLength?: number;
  /**
   * Timeout of appends, acknowledgements and claims (REDIS_COMMAND_TIMEOUT_MS: an append may be on a
   * request's path); the blocking readers have none. Default: none.
   */
  commandTimeoutMs?: number;
}

type Fields = string[] | null;
type Entry = [string, Fields];

/**
 * The entries of a one-stream XREADGROUP reply: RESP2 nests `[[key, entries]]`; RESP3 (ioredis 6's
 * default) sends a map, which ioredis flattens to `[key, entries]`.
 */
function toEntries(reply: unknown): Entry[] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const pair = (Array.isArray(reply[0]) ? reply[0] : reply) as [string, Entry[] | undefined];
  return pair[1] ?? [];
}

/** The `payload` field of an entry; null when the entry was deleted (trimmed) while pending. */
function toRawEntry([id, fields]: Entry): RawEntry {
  if (fields === null) return { id, raw: null };
  const at = fields.indexOf('payload');
  // Something appended without our field: surfaces as a non-JSON payload and is dead-lettered.
  return { id, raw: at >= 0 && at % 2 === 0 ? (fields[at + 1] ?? '') : fields.join(' ') };
}

const isError = (error: unknown, code: string) => error instanceof Error && error.message.startsWith(code);

/**
 * Durable streams on Redis Streams with consumer groups. Appends and acknowledgements share one
 * connection; every consumer gets its own reading connection, because a connection blocked in
 * XREADGROUP cannot serve other commands. Needs Redis 6.2+ (XAUTOCLAIM). Standalone Redis only: a
 * dead letter and the acknowledgement of its original are one MULTI on two keys.
 */
export function createRedisDurableStream<Streams extends EventMap>({
  events,
  url,
  log,
  keyPrefix = '',
  maxLength = 100_000,
  commandTimeoutMs,
}: RedisDurableStreamOptions<Streams>): DurableStreamPort<Streams> {
  const commands = createRedis(url, log, 'streams', { commandTimeout: commandTimeoutMs });
  const readers = new Set<Redis>();
  const consumers = new Set<RunningConsumer>();
  let closed = false;
  const key = (stream: string) => `${keyPrefix}${stream}`;
  const xadd = (stream: string, text: string) =>
    ['XADD', [key(stream), 'MAXLEN', '~', maxLength, '*', 'payload', text]] as const;

  return {
    async append(stream, payload) {
      const [command, args] = xadd(stream, toPayloadText(payload));
      return (await commands.call(command, [...args])) as string;
    },

    async consume(stream, group, consumer, handler, options) {
      const settings = withConsumeDefaults(stream, options);
      const streamKey = key(stream);
      const createGroup = async () => {
        try {
          await commands.call('XGROUP', ['CREATE', streamKey, group, '0', 'MKSTREAM']);
        } catch (error) {
          if (!isError(error, 'BUSYGROUP')) throw error;
        }
      };
      /** A Redis that lost its data (restart without persistence, flush) loses the group too: recreate it. */
      const withGroup = async (work: () => Promise<RawEntry[]>): Promise<RawEntry[]> => {
        try {
          return await work();
        } catch (error) {
          if (!isError(error, 'NOGROUP')) throw error;
          log.warn({ stream, group }, 'consumer group is gone (Redis lost its data?); recreating it');
          await createGroup();
          return [];
        }
      };
      // At start Redis may be slow, frozen or not up yet (a command timeout is short): wait for the group
      // instead of failing the service, saying so once and then every tenth attempt — until the port closes.
      for (let attempt = 1; ; attempt += 1) {
        if (closed) throw new Error(`durable stream closed before the consumer group of ${stream} was created`);
        try {
          await createGroup();
          break;
        } catch (error) {
          if (attempt % 10 === 1) {
            log.warn(
              { stream, group, attempt, err: (error as Error).message },
              'consumer group not created yet; retrying',
            );
          }
          await sleep(Math.min(2_000, 50 * 2 ** attempt));
        }
      }
      const reader = createRedis(url, log, `streams-reader:${consumer}`);
      readers.add(reader);
      let cursor = '0-0';
      const read = async (count: number, id: '>' | '0', blockMs?: number): Promise<RawEntry[]> => {
        const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
        const args = ['GROUP', group, consumer, 'COUNT', count, ...block, 'STREAMS', streamKey, id];
        return withGroup(async () => toEntries(await reader.call('XREADGROUP', args)).map(toRawEntry));
      };
      const backend: ConsumerBackend = {
        readNew: (count, blockMs) => read(count, '>', blockMs),
        readOwnPending: (count) => read(count, '0'),
        claimIdle: (minIdleMs, count) =>
          withGroup(async () => {
            const args = [streamKey, group, consumer, minIdleMs, cursor, 'COUNT', count];
            const [next, entries] = (await commands.call('XAUTOCLAIM', args)) as [string, Array<Entry | null>];
            cursor = next;
            // Redis 7 drops entries deleted while pending from the PEL itself; 6.2 reports them as nil.
            return entries.filter((e): e is Entry => e !== null).map(toRawEntry);
          }),
        async deliveries(ids) {
          const pipeline = commands.pipeline();
          for (const id of ids) pipeline.xpending(streamKey, group, id, id, 1);
          const counts = new Map<string, number>();
          for (const [error, rows] of (await pipeline.exec()) ?? []) {
            if (error) throw error;
            const row = (rows as Array<[string, string, number, number]>)[0];
            if (row) counts.set(row[0], Number(row[3]));
          }
          return counts;
        },
        async ack(ids) {
          await commands.xack(streamKey, group, ...ids);
        },
        async deadLetter(letters) {
          const multi = commands.multi();
          for (const letter of letters) {
            const [command, args] = xadd(settings.deadLetterStream, toPayloadText(letter));
            multi.call(command, [...args]);
          }
          multi.xack(streamKey, group, ...letters.map((l) => l.id));
          const results = (await multi.exec()) ?? [];
          const failed = results.find(([error]) => error);
          if (failed) throw failed[0];
        },
        // Dropping the connection ends a blocked XREADGROUP at once. Anything it had already delivered stays
        // pending for this consumer name and is handled on its next start (or taken over by another).
        interrupt: () => reader.disconnect(),
        async release() {
          reader.disconnect();
          readers.delete(reader);
        },
      };
      const running = runConsumer(
        backend,
        handler,
        schemaOf(events, stream),
        { stream, group, consumer },
        settings,
        log,
      );
      consumers.add(running);
      return {
        async stop() {
          await running.stop();
          consumers.delete(running);
        },
      };
    },

    async pendingCount(stream, group) {
      try {
        const [count] = (await commands.call('XPENDING', [key(stream), group])) as [number | string];
        return Number(count);
      } catch (error) {
        if (isError(error, 'NOGROUP')) return 0;
        throw error;
      }
    },

    async close() {
      closed = true;
      for (const consumer of consumers) consumer.abandon();
      consumers.clear();
      for (const reader of readers) reader.disconnect();
      readers.clear();
      await closeRedis(commands);
    },
  };
}
