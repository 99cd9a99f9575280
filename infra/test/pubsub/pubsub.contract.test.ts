import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { z } from 'zod';
import type { EventMap } from '../../src/events/event-map.js';
import { createMemoryPubSub } from '../../src/pubsub/memory-pubsub.js';
import type { PubSubPort } from '../../src/pubsub/pubsub.port.js';
import { createRedisPubSub } from '../../src/pubsub/redis-pubsub.js';

/** The topics of this suite: any JSON on most; `sample.checked` has a schema (which also transforms). */
const events = {
  'sample.updated': z.unknown(),
  'sample.spiked': z.unknown(),
  'sample.discovered': z.unknown(),
  'sample.listed': z.unknown(),
  'sample.*': z.unknown(),
  sample: z.unknown(),
  error: z.unknown(),
  sentinel: z.unknown(),
  tick: z.unknown(),
  'sample.checked': z.object({ n: z.number() }).transform(({ n }) => ({ n, doubled: n * 2 })),
};
type SampleEvents = typeof events;

/** A message that should arrive but has not after this long is a failure, not a slow machine. */
const ARRIVAL_TIMEOUT_MS = 5_000;

/*
 * To show that something did NOT arrive without sleeping, a test publishes a sentinel after it and waits
 * for the sentinel: both implementations deliver one subscriber's messages in publish order (in-memory
 * synchronously; Redis through one subscriber connection, fed by a single-threaded server that handled
 * the awaited earlier PUBLISH first, whichever connection sent it), so a stray message would have come
 * before the sentinel.
 */

/** Records what a handler receives and lets a test await the n-th message. */
function createInbox() {
  const messages: unknown[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    messages,
    handler: (payload: unknown) => {
      messages.push(payload);
      for (const waiter of waiters.filter((w) => messages.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    /** Resolves once `count` messages in total have arrived. */
    received(count = 1): Promise<unknown[]> {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`expected ${count} message(s) within ${ARRIVAL_TIMEOUT_MS} ms, got ${messages.length}`)),
          ARRIVAL_TIMEOUT_MS,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(messages);
          },
        });
      });
    },
  };
}

const runPrefix = `test:pubsub-contract:${randomUUID()}:`;
/** What the ports logged (warnings and worse), to check that dropped events are reported. */
const logged: Array<{ msg: string; topic?: string; reason?: string }> = [];
const log = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
const opened: PubSubPort<SampleEvents>[] = [];

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
  return url;
}

/** A Redis pub/sub with its own publisher + subscriber connections, closed in afterAll. */
function openRedisPubSub(channelPrefix: string): PubSubPort<SampleEvents> {
  const pubsub = createRedisPubSub({ events, url: redisUrl(), channelPrefix, log });
  opened.push(pubsub);
  return pubsub;
}

afterAll(async () => {
  await Promise.all(opened.map((pubsub) => pubsub.close()));
});

interface Implementation {
  name: string;
  /** A fresh pub/sub that sees no other test's topics. */
  create(): PubSubPort<SampleEvents>;
}

let redisCount = 0;
const implementations: Implementation[] = [
  {
    name: 'memory',
    create: () => {
      const pubsub = createMemoryPubSub(events, log);
      opened.push(pubsub);
      return pubsub;
    },
  },
  { name: 'redis', create: () => openRedisPubSub(`${runPrefix}${redisCount++}:`) },
];

describe.each(implementations)('PubSubPort contract: $name', ({ create }) => {
  it("hands subscribers the payload as the topic's schema parsed it", async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.checked', inbox.handler);
    await pubsub.publish('sample.checked', { n: 21 });
    expect(await inbox.received(1)).toEqual([{ n: 21, doubled: 42 }]);
  });

  it("drops and logs an event its topic's schema refuses, and keeps delivering valid ones", async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.checked', inbox.handler);
    // Another process (or version) may publish anything: the type check does not reach it.
    await (pubsub as unknown as PubSubPort<EventMap>).publish('sample.checked', { n: 'not a number' });
    await pubsub.publish('sample.checked', { n: 1 });
    expect(await inbox.received(1)).toEqual([{ n: 1, doubled: 2 }]);
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'malformed event dropped', topic: 'sample.checked', reason: expect.any(String) }),
    );
  });

  it("refuses at compile time a payload that is not the topic's, and a topic that is not in the map", () => {
    const pubsub = create();
    const typeErrors = () => [
      // @ts-expect-error `n` must be a number
      pubsub.publish('sample.checked', { n: 'one' }),
      // @ts-expect-error not a topic of the map
      pubsub.publish('sample.unknown', {}),
      // @ts-expect-error the handler gets the parsed payload, which has no `m`
      pubsub.subscribe('sample.checked', (payload) => payload.m),
    ];
    expect(typeof typeErrors).toBe('function');
  });

  it('keeps delivering to other subscribers when one handler throws', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.spiked', () => {
      throw new Error('subscriber bug');
    });
    await pubsub.subscribe('sample.spiked', inbox.handler);
    await pubsub.publish('sample.spiked', { n: 1 });
    expect(await inbox.received(1)).toEqual([{ n: 1 }]);
  });

  it('delivers JSON copies (a Date arrives as its ISO string, undefined keys are dropped)', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.discovered', inbox.handler);
    await pubsub.publish('sample.discovered', { at: new Date('2026-11-27T03:00:00.000Z'), gone: undefined });
    expect(await inbox.received(1)).toEqual([{ at: '2026-11-27T03:00:00.000Z' }]);
  });

  it('accepts an unsubscribe called twice', async () => {
    const pubsub = create();
    const unsubscribe = await pubsub.subscribe('sample.updated', () => undefined);
    await unsubscribe();
    await expect(unsubscribe()).resolves.toBeUndefined();
  });

  it('treats a topic named "error" like any other', async () => {
    const pubsub = create();
    await expect(pubsub.publish('error', { n: 1 })).resolves.toBeUndefined();
    const inbox = createInbox();
    await pubsub.subscribe('error', inbox.handler);
    await pubsub.publish('error', { n: 2 });
    expect(await inbox.received(1)).toEqual([{ n: 2 }]);
  });

  it('delivers a published payload to a subscriber of that topic', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.updated', inbox.handler);
    await pubsub.publish('sample.updated', { symbol: 'BONK', priceUsd: 0.00002 });
    expect(await inbox.received(1)).toEqual([{ symbol: 'BONK', priceUsd: 0.00002 }]);
  });

  it('does not deliver to subscribers of other topics', async () => {
    const pubsub = create();
    const prices = createInbox();
    const listings = createInbox();
    await pubsub.subscribe('sample.updated', prices.handler);
    await pubsub.subscribe('sample.listed', listings.handler);
    await pubsub.publish('sample.updated', { n: 1 });
    await pubsub.publish('sample.listed', 'sentinel');
    expect(await listings.received(1)).toEqual(['sentinel']);
    expect(prices.messages).toEqual([{ n: 1 }]);
  });

  it('does not treat a topic as a pattern or prefix', async () => {
    const pubsub = create();
    const pattern = createInbox();
    const prefix = createInbox();
    await pubsub.subscribe('sample.*', pattern.handler);
    await pubsub.subscribe('sample', prefix.handler);
    await pubsub.publish('sample.updated', { n: 1 });
    await pubsub.publish('sample.*', 'sentinel');
    await pubsub.publish('sample', 'sentinel');
    expect(await pattern.received(1)).toEqual(['sentinel']);
    expect(await prefix.received(1)).toEqual(['sentinel']);
  });

  it('delivers each message to every subscriber of the topic', async () => {
    const pubsub = create();
    const inboxes = [createInbox(), createInbox(), createInbox()];
    for (const inbox of inboxes) await pubsub.subscribe('sample.updated', inbox.handler);
    await pubsub.publish('sample.updated', { n: 1 });
    await pubsub.publish('sample.updated', { n: 2 });
    for (const inbox of inboxes) expect(await inbox.received(2)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('delivers messages of one publisher in publish order', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.updated', inbox.handler);
    const sent = Array.from({ length: 50 }, (_, n) => ({ n }));
    await Promise.all(sent.map((payload) => pubsub.publish('sample.updated', payload)));
    expect(await inbox.received(sent.length)).toEqual(sent);
  });

  it('stops delivering after unsubscribe, and keeps delivering to the other subscribers', async () => {
    const pubsub = create();
    const leaving = createInbox();
    const staying = createInbox();
    const unsubscribe = await pubsub.subscribe('sample.updated', leaving.handler);
    await pubsub.subscribe('sample.updated', staying.handler);
    await pubsub.publish('sample.updated', { n: 1 });
    await leaving.received(1);

    await unsubscribe();
    await pubsub.publish('sample.updated', { n: 2 });
    expect(await staying.received(2)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(leaving.messages).toEqual([{ n: 1 }]);
  });

  it('stops delivering after the last subscriber of a topic leaves, and can subscribe again', async () => {
    const pubsub = create();
    const first = createInbox();
    const witness = createInbox();
    const unsubscribe = await pubsub.subscribe('sample.updated', first.handler);
    await pubsub.subscribe('sentinel', witness.handler);
    await unsubscribe();
    await pubsub.publish('sample.updated', { n: 1 });
    await pubsub.publish('sentinel', 'sentinel');
    await witness.received(1);
    expect(first.messages).toEqual([]);

    const second = createInbox();
    await pubsub.subscribe('sample.updated', second.handler);
    await pubsub.publish('sample.updated', { n: 2 });
    expect(await second.received(1)).toEqual([{ n: 2 }]);
  });

  it('delivers a JSON-equal copy that later changes by the publisher do not reach', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('sample.updated', inbox.handler);
    const payload = {
      token: { chain: 'SOLANA', address: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263' },
      priceUsd: 0.0000231,
      change: -12.5,
      tags: ['meme', 'dog'],
      nested: { empty: [], none: null, flag: false },
      at: '2026-11-27T03:00:00.000Z',
    };
    const expected = JSON.parse(JSON.stringify(payload)) as unknown;
    await pubsub.publish('sample.updated', payload);
    payload.tags.push('changed after publish');
    payload.nested.flag = true;
    const [received] = await inbox.received(1);
    expect(received).toEqual(expected);
    expect(received).not.toBe(payload);
  });

  it('delivers scalar payloads', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('tick', inbox.handler);
    for (const payload of ['text', 42, true, null]) await pubsub.publish('tick', payload);
    expect(await inbox.received(4)).toEqual(['text', 42, true, null]);
  });
});

describe('redis pub/sub across processes', () => {
  it('delivers a message published by one instance to a subscriber on another with the same prefix', async () => {
    const prefix = `${runPrefix}cross:`;
    const publisherSide = openRedisPubSub(prefix);
    const subscriberSide = openRedisPubSub(prefix);
    const remote = createInbox();
    const local = createInbox();
    await subscriberSide.subscribe('sample.updated', remote.handler);
    await publisherSide.subscribe('sample.updated', local.handler);
    await publisherSide.publish('sample.updated', { from: 'publisher side' });
    expect(await remote.received(1)).toEqual([{ from: 'publisher side' }]);
    expect(await local.received(1)).toEqual([{ from: 'publisher side' }]);
  });

  it('isolates instances with different channel prefixes', async () => {
    const deploymentA = openRedisPubSub(`${runPrefix}deployment-a:`);
    const deploymentB = openRedisPubSub(`${runPrefix}deployment-b:`);
    const inA = createInbox();
    const inB = createInbox();
    await deploymentA.subscribe('sample.updated', inA.handler);
    await deploymentB.subscribe('sample.updated', inB.handler);
    await deploymentA.publish('sample.updated', { for: 'a' });
    await deploymentB.publish('sample.updated', { for: 'b' });
    expect(await inB.received(1)).toEqual([{ for: 'b' }]);
    expect(await inA.received(1)).toEqual([{ for: 'a' }]);
    expect(inA.messages).toEqual([{ for: 'a' }]);
  });
});
