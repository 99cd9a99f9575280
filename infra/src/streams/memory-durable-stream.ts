import type { EventMap } from '../events/event-map.js';
import type { Logger } from '../logging/create-logger.js';
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

interface Entry {
  seq: number;
  id: string;
  raw: string;
}

interface Pending {
  id: string;
  seq: number;
  consumer: string;
  deliveries: number;
  deliveredAt: number;
}

interface Group {
  lastSeq: number;
  pending: Map<string, Pending>;
}

interface Stream {
  entries: Entry[];
  groups: Map<string, Group>;
  /** Readers waiting for the next append. */
  waiters: Set<() => void>;
}

/**
 * The data behind in-memory durable streams. Ports created on one store see the same streams, the way
 * several processes see one Redis (tests use that to model a restart or a crash).
 */
export interface MemoryStreamStore {
  streams: Map<string, Stream>;
  nextSeq: number;
}

/** An empty store. */
export function createMemoryStreamStore(): MemoryStreamStore {
  return { streams: new Map(), nextSeq: 1 };
}

/** Options of the in-memory adapter. */
export interface MemoryDurableStreamOptions<Streams extends EventMap> {
  /** Each stream's payload schema, checked where a message is consumed. */
  events: Streams;
  log: Logger;
  /** Exact cap of every stream; the oldest entries go first. Default 100000. */
  maxLength?: number;
  /** Shared data; default a fresh store of this port's own. */
  store?: MemoryStreamStore;
}

/** Index of the first entry with `seq` greater than the given one (entries are in seq order). */
function firstAfter(entries: Entry[], seq: number): number {
  let [low, high] = [0, entries.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid]!.seq <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

function rawOf(stream: Stream, seq: number): string | null {
  const entry = stream.entries[firstAfter(stream.entries, seq - 1)];
  return entry?.seq === seq ? entry.raw : null;
}

/**
 * Durable streams for the single-process mode (no REDIS_URL), with the delivery semantics of the Redis
 * adapter: consumer groups, pending messages until acknowledged, take-over of idle ones, dead letters.
 * Messages are stored as JSON text, so handlers receive exactly what would cross Redis. Nothing survives
 * the process.
 */
export function createMemoryDurableStream<Streams extends EventMap>({
  events,
  log,
  maxLength = 100_000,
  store = createMemoryStreamStore(),
}: MemoryDurableStreamOptions<Streams>): DurableStreamPort<Streams> {
  const consumers = new Set<RunningConsumer>();

  const streamOf = (name: string): Stream => {
    let stream = store.streams.get(name);
    if (!stream) store.streams.set(name, (stream = { entries: [], groups: new Map(), waiters: new Set() }));
    return stream;
  };
  const append = (name: string, raw: string): string => {
    const stream = streamOf(name);
    const seq = store.nextSeq++;
    const id = `${Date.now()}-${seq}`;
    stream.entries.push({ seq, id, raw });
    if (stream.entries.length > maxLength) stream.entries.splice(0, stream.entries.length - maxLength);
    for (const wake of [...stream.waiters]) wake();
    return id;
  };

  return {
    async append(name, payload) {
      return append(name, toPayloadText(payload));
    },

    async consume(name, groupName, consumer, handler, options) {
      const settings = withConsumeDefaults(name, options);
      const stream = streamOf(name);
      let group = stream.groups.get(groupName);
      if (!group) stream.groups.set(groupName, (group = { lastSeq: 0, pending: new Map() }));
      const g = group;
      let interrupted: (() => void) | undefined;

      const deliver = (pending: Pending[]): RawEntry[] => {
        const now = Date.now();
        return pending.map((p) => {
          Object.assign(p, { consumer, deliveries: p.deliveries + 1, deliveredAt: now });
          return { id: p.id, raw: rawOf(stream, p.seq) };
        });
      };
      const pendingSorted = () => [...g.pending.values()].sort((a, b) => a.seq - b.seq);
      const readNewNow = (count: number): RawEntry[] => {
        const fresh = stream.entries.slice(firstAfter(stream.entries, g.lastSeq)).slice(0, count);
        g.lastSeq = fresh.at(-1)?.seq ?? g.lastSeq;
        const now = Date.now();
        for (const { id, seq } of fresh) g.pending.set(id, { id, seq, consumer, deliveries: 1, deliveredAt: now });
        return fresh.map((e) => ({ id: e.id, raw: e.raw }));
      };

      const backend: ConsumerBackend = {
        async readNew(count, blockMs) {
          const ready = readNewNow(count);
          if (ready.length > 0) return ready;
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              stream.waiters.delete(done);
              interrupted = undefined;
              resolve();
            };
            const timer = setTimeout(done, blockMs);
            stream.waiters.add(done);
            interrupted = done;
          });
          return readNewNow(count);
        },
        async readOwnPending(count) {
          return deliver(
            pendingSorted()
              .filter((p) => p.consumer === consumer)
              .slice(0, count),
          );
        },
        async claimIdle(minIdleMs, count) {
          const now = Date.now();
          const claimable: Pending[] = [];
          for (const p of pendingSorted().filter((p) => now - p.deliveredAt >= minIdleMs)) {
            // Like Redis 7: a pending message trimmed from the stream is dropped from the group, not claimed.
            if (rawOf(stream, p.seq) === null) g.pending.delete(p.id);
            else if (claimable.length < count) claimable.push(p);
          }
          return deliver(claimable);
        },
        async deliveries(list) {
          return new Map(list.flatMap((id) => (g.pending.has(id) ? [[id, g.pending.get(id)!.deliveries]] : [])));
        },
        async ack(list) {
          for (const id of list) g.pending.delete(id);
        },
        async deadLetter(letters) {
          for (const letter of letters) {
            append(settings.deadLetterStream, toPayloadText(letter));
            g.pending.delete(letter.id);
          }
        },
        interrupt: () => interrupted?.(),
        release: async () => undefined,
      };
      const running = runConsumer(
        backend,
        handler,
        schemaOf(events, name),
        { stream: name, group: groupName, consumer },
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

    async pendingCount(name, groupName) {
      return store.streams.get(name)?.groups.get(groupName)?.pending.size ?? 0;
    },

    async close() {
      for (const consumer of consumers) consumer.abandon();
      consumers.clear();
    },
  };
}
