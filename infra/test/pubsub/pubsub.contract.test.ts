import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createMemoryPubSub } from '../../src/pubsub/memory-pubsub.js';
import type { PubSubPort } from '../../src/pubsub/pubsub.port.js';
import { createRedisPubSub } from '../../src/pubsub/redis-pubsub.js';

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
const log = pino({ level: 'silent' });
const opened: PubSubPort[] = [];

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
  return url;
}

/** A Redis pub/sub with its own publisher + subscriber connections, closed in afterAll. */
function openRedisPubSub(channelPrefix: string): PubSubPort {
  const pubsub = createRedisPubSub({ url: redisUrl(), channelPrefix, log });
  opened.push(pubsub);
  return pubsub;
}

afterAll(async () => {
  await Promise.all(opened.map((pubsub) => pubsub.close()));
});

interface Implementation {
  name: string;
  /** A fresh pub/sub that sees no other test's topics. */
  create(): PubSubPort;
}

let redisCount = 0;
const implementations: Implementation[] = [
  {
    name: 'memory',
    create: () => {
      const pubsub = createMemoryPubSub(log);
      opened.push(pubsub);
      return pubsub;
    },
  },
  { name: 'redis', create: () => openRedisPubSub(`${runPrefix}${redisCount++}:`) },
];

describe.each(implementations)('PubSubPort contract: $name', ({ create }) => {
  it('keeps delivering to other subscribers when one handler throws', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('volume.spiked', () => {
      throw new Error('subscriber bug');
    });
    await pubsub.subscribe('volume.spiked', inbox.handler);
    await pubsub.publish('volume.spiked', { n: 1 });
    expect(await inbox.received(1)).toEqual([{ n: 1 }]);
  });

  it('delivers JSON copies (a Date arrives as its ISO string, undefined keys are dropped)', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('token.discovered', inbox.handler);
    await pubsub.publish('token.discovered', { at: new Date('2026-11-27T03:00:00.000Z'), gone: undefined });
    expect(await inbox.received(1)).toEqual([{ at: '2026-11-27T03:00:00.000Z' }]);
  });

  it('accepts an unsubscribe called twice', async () => {
    const pubsub = create();
    const unsubscribe = await pubsub.subscribe('price.updated', () => undefined);
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
    await pubsub.subscribe('price.updated', inbox.handler);
    await pubsub.publish('price.updated', { symbol: 'BONK', priceUsd: 0.00002 });
    expect(await inbox.received(1)).toEqual([{ symbol: 'BONK', priceUsd: 0.00002 }]);
  });

  it('does not deliver to subscribers of other topics', async () => {
    const pubsub = create();
    const prices = createInbox();
    const listings = createInbox();
    await pubsub.subscribe('price.updated', prices.handler);
    await pubsub.subscribe('token.listed', listings.handler);
    await pubsub.publish('price.updated', { n: 1 });
    await pubsub.publish('token.listed', 'sentinel');
    expect(await listings.received(1)).toEqual(['sentinel']);
    expect(prices.messages).toEqual([{ n: 1 }]);
  });

  it('does not treat a topic as a pattern or prefix', async () => {
    const pubsub = create();
    const pattern = createInbox();
    const prefix = createInbox();
    await pubsub.subscribe('price.*', pattern.handler);
    await pubsub.subscribe('price', prefix.handler);
    await pubsub.publish('price.updated', { n: 1 });
    await pubsub.publish('price.*', 'sentinel');
    await pubsub.publish('price', 'sentinel');
    expect(await pattern.received(1)).toEqual(['sentinel']);
    expect(await prefix.received(1)).toEqual(['sentinel']);
  });

  it('delivers each message to every subscriber of the topic', async () => {
    const pubsub = create();
    const inboxes = [createInbox(), createInbox(), createInbox()];
    for (const inbox of inboxes) await pubsub.subscribe('price.updated', inbox.handler);
    await pubsub.publish('price.updated', { n: 1 });
    await pubsub.publish('price.updated', { n: 2 });
    for (const inbox of inboxes) expect(await inbox.received(2)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('delivers messages of one publisher in publish order', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('price.updated', inbox.handler);
    const sent = Array.from({ length: 50 }, (_, n) => ({ n }));
    await Promise.all(sent.map((payload) => pubsub.publish('price.updated', payload)));
    expect(await inbox.received(sent.length)).toEqual(sent);
  });

  it('stops delivering after unsubscribe, and keeps delivering to the other subscribers', async () => {
    const pubsub = create();
    const leaving = createInbox();
    const staying = createInbox();
    const unsubscribe = await pubsub.subscribe('price.updated', leaving.handler);
    await pubsub.subscribe('price.updated', staying.handler);
    await pubsub.publish('price.updated', { n: 1 });
    await leaving.received(1);

    await unsubscribe();
    await pubsub.publish('price.updated', { n: 2 });
    expect(await staying.received(2)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(leaving.messages).toEqual([{ n: 1 }]);
  });

  it('stops delivering after the last subscriber of a topic leaves, and can subscribe again', async () => {
    const pubsub = create();
    const first = createInbox();
    const witness = createInbox();
    const unsubscribe = await pubsub.subscribe('price.updated', first.handler);
    await pubsub.subscribe('sentinel', witness.handler);
    await unsubscribe();
    await pubsub.publish('price.updated', { n: 1 });
    await pubsub.publish('sentinel', 'sentinel');
    await witness.received(1);
    expect(first.messages).toEqual([]);

    const second = createInbox();
    await pubsub.subscribe('price.updated', second.handler);
    await pubsub.publish('price.updated', { n: 2 });
    expect(await second.received(1)).toEqual([{ n: 2 }]);
  });

  it('delivers a JSON-equal copy that later changes by the publisher do not reach', async () => {
    const pubsub = create();
    const inbox = createInbox();
    await pubsub.subscribe('price.updated', inbox.handler);
    const payload = {
      token: { chain: 'SOLANA', address: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263' },
      priceUsd: 0.0000231,
      change: -12.5,
      tags: ['meme', 'dog'],
      nested: { empty: [], none: null, flag: false },
      at: '2026-11-27T03:00:00.000Z',
    };
    const expected = JSON.parse(JSON.stringify(payload)) as unknown;
    await pubsub.publish('price.updated', payload);
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
    await subscriberSide.subscribe('price.updated', remote.handler);
    await publisherSide.subscribe('price.updated', local.handler);
    await publisherSide.publish('price.updated', { from: 'publisher side' });
    expect(await remote.received(1)).toEqual([{ from: 'publisher side' }]);
    expect(await local.received(1)).toEqual([{ from: 'publisher side' }]);
  });

  it('isolates instances with different channel prefixes', async () => {
    const deploymentA = openRedisPubSub(`${runPrefix}deployment-a:`);
    const deploymentB = openRedisPubSub(`${runPrefix}deployment-b:`);
    const inA = createInbox();
    const inB = createInbox();
    await deploymentA.subscribe('price.updated', inA.handler);
    await deploymentB.subscribe('price.updated', inB.handler);
    await deploymentA.publish('price.updated', { for: 'a' });
    await deploymentB.publish('price.updated', { for: 'b' });
    expect(await inB.received(1)).toEqual([{ for: 'b' }]);
    expect(await inA.received(1)).toEqual([{ for: 'a' }]);
    expect(inA.messages).toEqual([{ for: 'a' }]);
  });
});
