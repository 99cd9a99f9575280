/**
 * Subscriptions survive a Redis restart: a gateway on a throwaway redis-server of its own (never the shared
 * one), a real graphql-ws subscriber, the server killed and started again on the same port.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { waitFor } from './harness/graphql-http.js';
import { startPrivateRedis, type PrivateRedis } from './harness/private-redis.js';
import { priceUpdatedEvent, toWebSocketUrl, useSubscriptionClients } from './harness/subscription-inbox.js';

const log = createLogger('test', 'silent');
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';

let redis: PrivateRedis;
let gateway: RunningGateway;
let publisher: PubSubPort<Topics>;
const clients = useSubscriptionClients();

beforeAll(async () => {
  redis = await startPrivateRedis();
  const redisUrl = redis.url;
  gateway = await startGateway(
    loadGatewayConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: 'test:redis-restart:',
    }),
    log,
  );
  publisher = createRedisPubSub({ events: topics, url: redisUrl, channelPrefix: 'test:redis-restart:', log });
});

afterAll(async () => {
  await clients.disposeAll();
  await gateway?.close();
  await publisher?.close();
  await redis?.close();
});

const event = (changePct: number) => priceUpdatedEvent({ address: BONKX, changePct });

describe('Redis restart', () => {
  it('delivers events to an existing subscriber again once Redis is back', async () => {
    // token { chain address } is carried by the event: no subgraph is involved.
    const inbox = clients.subscribe(
      { url: toWebSocketUrl(gateway.url) },
      `subscription { priceUpdated(chain: SOLANA) { changePct token { address } } }`,
    );
    const received = (): number[] => inbox.received.map((data) => data.priceUpdated.changePct as number);
    await waitFor(() => gateway.executor.subscriberCount === 1, 10_000, 'the subscription');
    await publisher.publish(Topic.PRICE_UPDATED, event(1));
    await waitFor(() => received().includes(1), 10_000, 'the event before the restart');

    await redis.kill();
    await redis.restart();
    // Until ioredis has reconnected and resubscribed, publishes reach nobody (or fail): keep publishing.
    await waitFor(
      async () => {
        await publisher.publish(Topic.PRICE_UPDATED, event(2)).catch(() => undefined);
        return received().includes(2);
      },
      20_000,
      'an event after the restart',
    );
    expect(received()[0]).toBe(1);
    expect(
      received()
        .slice(1)
        .every((changePct) => changePct === 2),
    ).toBe(true);
    expect(inbox.errors).toEqual([]);
    // The socket itself never dropped: the same subscription resumed.
    expect(gateway.executor.subscriberCount).toBe(1);
  }, 40_000);
});
