import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { z } from 'zod';
import type { EventMap } from '../../src/events/event-map.js';
import type {
  ConsumeOptions,
  DeadLetter,
  DurableStreamPort,
  StreamBatchHandler,
  StreamMessage,
} from '../../src/streams/durable-stream.port.js';
import { createMemoryDurableStream, createMemoryStreamStore } from '../../src/streams/memory-durable-stream.js';
import { createRedisDurableStream } from '../../src/streams/redis-durable-stream.js';
import { waitFor } from '../../../test/harness/wait-for.js';

/** The streams of this suite: any JSON on `s`; `checked` has a schema (which also transforms). */
const events = {
  s: z.unknown(),
  checked: z.object({ n: z.number() }).transform(({ n }) => ({ n, doubled: n * 2 })),
};
type SampleStreams = typeof events;

/** Something that should happen but has not after this long is a failure, not a slow machine. */
const WAIT_TIMEOUT_MS = 5_000;
const log = pino({ level: 'silent' });
const runPrefix = `test:streams-contract:${randomUUID()}:`;
/** Fast settings: a test never waits on the long production defaults. */
const fast: ConsumeOptions = { batchSize: 10, blockMs: 200, retryDelayMs: 20, maxDeliveries: 3 };

/** Polls often: these waits are on in-process events and short Redis round trips. */
const waitUntil = (check: () => boolean | Promise<boolean>, what: string) => waitFor(check, WAIT_TIMEOUT_MS, what, 10);

const never = () => new Promise<void>(() => undefined);

/** Records what a consumer's handler receives; `fail` decides per batch whether the handler throws. */
function createInbox(fail: (batch: StreamMessage[], attempt: number) => boolean = () => false) {
  const batches: StreamMessage[][] = [];
  const handled: unknown[] = [];
  const handler: StreamBatchHandler = async (messages) => {
    batches.push(messages);
    if (fail(messages, batches.length)) throw new Error('handler failed on purpose');
    handled.push(...messages.map((m) => m.payload));
  };
  return { batches, handled, handler };
}

interface Implementation {
  name: string;
  /** A fresh world (no streams); returns how to open a "process" on it: processes share its streams. */
  world(): () => DurableStreamPort<SampleStreams>;
}

const opened: DurableStreamPort<SampleStreams>[] = [];
const track = (port: DurableStreamPort<SampleStreams>) => (opened.push(port), port);
let worlds = 0;

const implementations: Implementation[] = [
  {
    name: 'memory',
    world: () => {
      const store = createMemoryStreamStore();
      return () => track(createMemoryDurableStream({ events, log, store }));
    },
  },
  {
    name: 'redis',
    world: () => {
      const keyPrefix = `${runPrefix}${worlds++}:`;
      const url = process.env.TEST_REDIS_URL;
      if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
      return () => track(createRedisDurableStream({ events, url, log, keyPrefix }));
    },
  },
];

// Closing abandons consumers still running (a handler parked on `never` stays parked, harmlessly).
afterEach(async () => {
  await Promise.all(opened.splice(0).map((port) => port.close()));
});

afterAll(async () => {
  const redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
  const leftovers = await redis.keys(`${runPrefix}*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
});

/** Reads a dead-letter stream through the port itself. */
async function readDeadLetters(
  port: DurableStreamPort<SampleStreams>,
  stream: keyof SampleStreams,
): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await port.consume(`${stream}.dead-letter`, 'inspect', 'inspector', async (messages) => {
    letters.push(...messages.map((m) => m.payload));
  });
  return letters;
}

describe.each(implementations)('DurableStreamPort contract: $name', ({ world }) => {
  it('delivers every message once, in order, in batches of at most batchSize, from before and after the group existed', async () => {
    const port = world()();
    for (let n = 0; n < 5; n++) await port.append('s', { n });
    const inbox = createInbox();
    await port.consume('s', 'g', 'c1', inbox.handler, fast);
    for (let n = 5; n < 25; n++) await port.append('s', { n });
    await waitUntil(() => inbox.handled.length >= 25, '25 messages');
    expect(inbox.handled).toEqual(Array.from({ length: 25 }, (_, n) => ({ n })));
    expect(Math.max(...inbox.batches.map((b) => b.length))).toBeLessThanOrEqual(10);
    await waitUntil(async () => (await port.pendingCount('s', 'g')) === 0, 'acknowledgements');
  });

  it('acknowledges a batch only after its handler resolves', async () => {
    const port = world()();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    await port.consume(
      's',
      'g',
      'c1',
      async () => {
        entered = true;
        await gate;
      },
      fast,
    );
    await port.append('s', { n: 1 });
    await port.append('s', { n: 2 });
    await waitUntil(() => entered, 'the handler to start');
    expect(await port.pendingCount('s', 'g')).toBeGreaterThan(0);
    release();
    await waitUntil(async () => (await port.pendingCount('s', 'g')) === 0, 'acknowledgements');
  });

  it('redelivers a batch whose handler threw until it succeeds, then retries one message at a time', async () => {
    const port = world()();
    for (const n of [1, 2, 3]) await port.append('s', { n });
    const inbox = createInbox((_batch, attempt) => attempt === 1);
    await port.consume('s', 'g', 'c1', inbox.handler, fast);
    await waitUntil(() => inbox.handled.length === 3, 'three handled messages');
    expect(inbox.batches.map((b) => b.map((m) => m.payload))).toEqual([
      [{ n: 1 }, { n: 2 }, { n: 3 }],
      [{ n: 1 }],
      [{ n: 2 }],
      [{ n: 3 }],
    ]);
    expect(await port.pendingCount('s', 'g')).toBe(0);
  });

  it('after a crash, a consumer restarted under the same name first re-handles what was not acknowledged', async () => {
    const open = world();
    const crashed = open();
    let entered = false;
    await crashed.consume('s', 'g', 'worker-1', () => ((entered = true), never()), fast);
    for (const n of [1, 2]) await crashed.append('s', { n });
    await waitUntil(() => entered, 'the first process to take the batch');
    await crashed.close(); // the process dies holding the batch

    const restarted = open();
    await restarted.append('s', { n: 3 });
    const inbox = createInbox();
    await restarted.consume('s', 'g', 'worker-1', inbox.handler, fast);
    await waitUntil(() => inbox.handled.length >= 3, 'all three messages');
    expect(inbox.handled).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await waitUntil(async () => (await restarted.pendingCount('s', 'g')) === 0, 'acknowledgements');
  });

  it('stop() finishes the in-flight batch; what is appended while stopped reaches the next consumer exactly once', async () => {
    const open = world();
    const first = open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: unknown[] = [];
    const consumer = await first.consume(
      's',
      'g',
      'worker-1',
      async (messages) => {
        seen.push(...messages.map((m) => m.payload));
        await gate;
      },
      fast,
    );
    await first.append('s', { n: 1 });
    await waitUntil(() => seen.length === 1, 'the first batch');
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await first.pendingCount('s', 'g')).toBe(0);

    await first.append('s', { n: 2 });
    const inbox = createInbox();
    await open().consume('s', 'g', 'worker-1', inbox.handler, fast);
    await waitUntil(() => inbox.handled.length >= 1, 'the message appended while stopped');
    await first.append('s', { n: 3 });
    await waitUntil(() => inbox.handled.length >= 2, 'a message appended after the restart');
    expect([...seen, ...inbox.handled]).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('another consumer takes over messages a dead consumer left unacknowledged for claimIdleMs', async () => {
    const open = world();
    const dead = open();
    for (const n of [1, 2]) await dead.append('s', { n });
    let entered = false;
    await dead.consume('s', 'g', 'worker-1', () => ((entered = true), never()), fast);
    await waitUntil(() => entered, 'the dying consumer to take the batch');
    await dead.close();

    const survivor = open();
    const inbox = createInbox();
    await survivor.consume('s', 'g', 'worker-2', inbox.handler, { ...fast, claimIdleMs: 300, claimIntervalMs: 50 });
    await waitUntil(() => inbox.handled.length >= 2, 'the taken-over messages');
    expect(inbox.handled).toEqual([{ n: 1 }, { n: 2 }]);
    await waitUntil(async () => (await survivor.pendingCount('s', 'g')) === 0, 'acknowledgements');
  });

  it('moves a message to the dead-letter stream after maxDeliveries failures and still handles its batch-mates', async () => {
    const port = world()();
    for (const n of [1, 2, 3]) await port.append('s', { n, poison: n === 2 });
    const inbox = createInbox((batch) => batch.some((m) => (m.payload as { poison: boolean }).poison));
    await port.consume('s', 'g', 'c1', inbox.handler, fast);
    await waitUntil(() => inbox.handled.length === 2, 'the healthy messages');
    await waitUntil(async () => (await port.pendingCount('s', 'g')) === 0, 'the poison message to leave');
    const attempts = inbox.batches.filter((b) => b.some((m) => (m.payload as { n: number }).n === 2)).length;
    expect(attempts).toBe(3);
    const letters = await readDeadLetters(port, 's');
    await waitUntil(() => letters.length === 1, 'the dead letter');
    expect(letters[0]).toMatchObject({
      stream: 's',
      group: 'g',
      consumer: 'c1',
      deliveries: 3,
      payload: { n: 2, poison: true },
    });
    expect(letters[0]!.reason).toContain('handler failed 3 times: handler failed on purpose');
  });

  it('dead-letters a message that was delivered more than maxDeliveries times without an outcome (crash loop)', async () => {
    const open = world();
    for (let attempt = 1; attempt <= 3; attempt++) {
      const proc = open();
      let entered = false;
      if (attempt === 1) await proc.append('s', { n: 1 });
      await proc.consume('s', 'g', 'worker-1', () => ((entered = true), never()), fast);
      await waitUntil(() => entered, `delivery ${attempt}`);
      await proc.close();
    }
    const last = open();
    const inbox = createInbox();
    await last.consume('s', 'g', 'worker-1', inbox.handler, fast);
    const letters = await readDeadLetters(last, 's');
    await waitUntil(() => letters.length === 1, 'the dead letter');
    expect(letters[0]).toMatchObject({ deliveries: 4, payload: { n: 1 } });
    expect(letters[0]!.reason).toContain('not acknowledged after 3 deliveries');
    expect(inbox.batches).toEqual([]);
  });

  it('dead-letters the messages a handler rejects and acknowledges the rest', async () => {
    const port = world()();
    const ids = [await port.append('s', 'good'), await port.append('s', 'bad')];
    const handled: unknown[] = [];
    await port.consume(
      's',
      'g',
      'c1',
      async (messages) => {
        handled.push(...messages.map((m) => m.payload));
        return {
          rejected: messages.filter((m) => m.payload === 'bad').map((m) => ({ id: m.id, reason: 'malformed' })),
        };
      },
      fast,
    );
    const letters = await readDeadLetters(port, 's');
    await waitUntil(() => letters.length === 1, 'the dead letter');
    expect(letters[0]).toMatchObject({ id: ids[1], reason: 'rejected: malformed', payload: 'bad' });
    await waitUntil(async () => (await port.pendingCount('s', 'g')) === 0, 'acknowledgements');
    expect(handled).toEqual(['good', 'bad']);
  });

  it("dead-letters a message its stream's schema refuses and hands the handler the others as the schema parsed them", async () => {
    const port = world()();
    const handled: unknown[] = [];
    await port.consume(
      'checked',
      'g',
      'c1',
      async (messages) => void handled.push(...messages.map((m) => m.payload)),
      fast,
    );
    await port.append('checked', { n: 1 });
    // Another process (or version) may append anything: the type check does not reach it.
    const bad = await (port as unknown as DurableStreamPort<EventMap>).append('checked', { n: 'two' });
    await port.append('checked', { n: 3 });
    const letters = await readDeadLetters(port, 'checked');
    await waitUntil(() => letters.length === 1 && handled.length === 2, 'the dead letter and the valid messages');
    expect(letters[0]).toMatchObject({ id: bad, payload: { n: 'two' }, deliveries: 1 });
    expect(letters[0]!.reason).toMatch(/^payload does not match the stream's schema: n: /);
    expect(handled).toEqual([
      { n: 1, doubled: 2 },
      { n: 3, doubled: 6 },
    ]);
    await waitUntil(async () => (await port.pendingCount('checked', 'g')) === 0, 'acknowledgements');
  });

  it("refuses at compile time a payload that is not the stream's, and a stream that is not in the map", () => {
    const port = world()();
    const typeErrors = () => [
      // @ts-expect-error `n` must be a number
      port.append('checked', { n: 'one' }),
      // @ts-expect-error not a stream of the map
      port.append('unknown', {}),
      // @ts-expect-error the handler gets the parsed payload, which has no `m`
      port.consume('checked', 'g', 'c', async (messages) => void messages[0]?.payload.m),
    ];
    expect(typeof typeErrors).toBe('function');
  });

  it('shares a group between its consumers and gives every group every message', async () => {
    const port = world()();
    const [a, b, other] = [createInbox(), createInbox(), createInbox()];
    await port.consume('s', 'shared', 'a', a.handler, { ...fast, batchSize: 2 });
    await port.consume('s', 'shared', 'b', b.handler, { ...fast, batchSize: 2 });
    await port.consume('s', 'other', 'a', other.handler, fast);
    for (let n = 0; n < 20; n++) await port.append('s', n);
    await waitUntil(() => a.handled.length + b.handled.length >= 20 && other.handled.length >= 20, 'every message');
    expect([...a.handled, ...b.handled].sort((x, y) => (x as number) - (y as number))).toEqual(
      Array.from({ length: 20 }, (_, n) => n),
    );
    expect(other.handled).toHaveLength(20);
  });

  it('stop() returns promptly while the consumer waits for new messages', async () => {
    const port = world()();
    const inbox = createInbox();
    const consumer = await port.consume('s', 'g', 'c1', inbox.handler, { ...fast, blockMs: 10_000 });
    await port.append('s', 1);
    await waitUntil(() => inbox.handled.length === 1, 'one message');
    const started = Date.now();
    await consumer.stop();
    await consumer.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('delivers JSON copies and refuses payloads JSON cannot carry', async () => {
    const port = world()();
    const inbox = createInbox();
    await port.consume('s', 'g', 'c1', inbox.handler, fast);
    await port.append('s', { at: new Date('2026-11-27T03:00:00.000Z'), gone: undefined });
    await waitUntil(() => inbox.handled.length === 1, 'the message');
    expect(inbox.handled).toEqual([{ at: '2026-11-27T03:00:00.000Z' }]);
    await expect(port.append('s', undefined)).rejects.toThrow(TypeError);
  });

  it('reports no pending messages for an unknown group', async () => {
    expect(await world()().pendingCount('nothing-here', 'g')).toBe(0);
  });
});

describe('redis durable stream', () => {
  it('recreates a consumer group that Redis lost (flush or restart without persistence) and keeps consuming', async () => {
    const keyPrefix = `${runPrefix}lost:`;
    const port = track(createRedisDurableStream({ events, url: process.env.TEST_REDIS_URL!, log, keyPrefix }));
    const inbox = createInbox();
    await port.consume('s', 'g', 'c1', inbox.handler, fast);
    await port.append('s', 1);
    await waitUntil(() => inbox.handled.length === 1, 'the first message');
    const redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
    await redis.del(`${keyPrefix}s`);
    await redis.quit();
    await port.append('s', 2);
    await waitUntil(() => inbox.handled.length === 2, 'a message appended after the loss');
    expect(inbox.handled).toEqual([1, 2]);
  });
});
