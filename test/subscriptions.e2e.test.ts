/**
 * Live subscriptions end to end: real graphql-ws clients → two gateway instances on one real Redis →
 * tokens subgraph (real Postgres, behind a counting proxy) + market-data; events published on Redis.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { Topic, topics, type Chain, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import {
  closeOf,
  nextMessage,
  priceUpdatedEvent,
  toWebSocketUrl,
  useRawSockets,
  useSubscriptionClients,
} from './harness/subscription-inbox.js';
import { startCountingProxy, type CountingProxy } from './harness/counting-proxy.js';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'subscriptions-e2e-admin-key-0123456789';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const WIFX = 'WiFXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4a';
const quiet = { LOG_LEVEL: 'silent' };
const prefix = `test:subscriptions:${randomUUID()}:`;
const log = createLogger('test', 'silent');

let subgraphs: TestSubgraphs;
/** In front of the tokens subgraph, counting the hydration queries (tokensByAddress) reaching it. */
let proxy: CountingProxy;
/** In front of the market-data subgraph, counting every request reaching it. */
let marketProxy: CountingProxy;
let a: RunningGateway;
let b: RunningGateway;
let limited: RunningGateway;
let publisher: PubSubPort<Topics>;
const gatewayEnv = (extra: Record<string, string> = {}) =>
  loadGatewayConfig({
    ...quiet,
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: proxy.url,
    MARKET_DATA_URL: marketProxy.url,
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: prefix,
    SUBSCRIPTION_DEMAND_INTERVAL_MS: '200',
    // Token metadata stays kept for the whole file, so the hydration counts below do not depend on timing.
    SUBSCRIPTION_METADATA_TTL_MS: '600000',
    ...extra,
  });

const wsUrl = (gateway: RunningGateway) => toWebSocketUrl(gateway.url);

const clients = useSubscriptionClients();
/** A graphql-ws client on `gateway` subscribed to `query`, recording what it receives. */
const subscribe = (gateway: RunningGateway, query: string, variables: Record<string, unknown> = {}) =>
  clients.subscribe({ url: wsUrl(gateway) }, query, variables);

/** Waits until `gateway` holds `n` open subscriptions (the client's subscribe reached the executor). */
const subscribed = (gateway: RunningGateway, n: number) =>
  waitFor(() => gateway.executor.subscriberCount >= n, 10_000, `${n} subscription(s)`);

const priceEvent = (address: string, changePct: number, chain: Chain = 'SOLANA', at?: string) =>
  priceUpdatedEvent({ address, changePct, chain, at, priceUsd: 0.5, previousPriceUsd: 0.4 });

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('subscriptions_e2e', ADMIN_KEY);
  proxy = await startCountingProxy(subgraphs.tokens.url, 'tokensByAddress');
  marketProxy = await startCountingProxy(subgraphs.marketData.url);
  a = await startGateway(gatewayEnv(), log);
  b = await startGateway(gatewayEnv(), log);
  limited = await startGateway(
    gatewayEnv({
      WS_MAX_CONNECTIONS: '2',
      WS_INIT_TIMEOUT_MS: '300',
      WS_MAX_BUFFERED_BYTES: '262144',
      WS_MAX_MESSAGE_BYTES: '4096',
    }),
    log,
  );
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  for (const [address, name, symbol] of [
    [BONKX, 'Bonk Example', 'BONKX'],
    [WIFX, 'Wif Example', 'WIFX'],
  ] as const) {
    const tracked = await postGraphql(
      a.url,
      `mutation($a: String!, $n: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $n, symbol: $s }) { symbol } }`,
      { a: address, n: name, s: symbol },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    expect(tracked.body.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await clients.disposeAll();
  raw.terminateAll();
  await publisher?.close();
  await Promise.all([a?.close(), b?.close(), limited?.close()]);
  await proxy?.close();
  await marketProxy?.close();
  await subgraphs?.close();
});

describe('subscriptions over graphql-ws', () => {
  it('delivers one publish to subscribers on both instances exactly once, with fields from both subgraphs', async () => {
    const query = `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) { changePct token { address name symbol market { priceUsd } } } }`;
    const onA = subscribe(a, query, { a: [BONKX] });
    const onB = subscribe(b, query, { a: [BONKX] });
    await subscribed(a, 1);
    await subscribed(b, 1);
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(BONKX, 5));
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(BONKX, 7));
    for (const inbox of [onA, onB]) {
      // No market yet (empty store): the snapshot is skipped, so the deltas are all that arrives, once each.
      expect(await inbox.count(2)).toEqual([
        {
          priceUpdated: {
            changePct: 5,
            token: { address: BONKX, name: 'Bonk Example', symbol: 'BONKX', market: null },
          },
        },
        {
          priceUpdated: {
            changePct: 7,
            token: { address: BONKX, name: 'Bonk Example', symbol: 'BONKX', market: null },
          },
        },
      ]);
      expect(inbox.errors).toEqual([]);
    }
  });

  it('filters by chain, addresses and |changePct| through the token index', async () => {
    const base = a.executor.subscriberCount;
    const selection = `{ changePct token { chain address } }`;
    const all = subscribe(a, `subscription { priceUpdated ${selection} }`);
    const big = subscribe(a, `subscription { priceUpdated(minChangePct: 10) ${selection} }`);
    const wif = subscribe(a, `subscription { priceUpdated(chain: SOLANA, addresses: ["${WIFX}"]) ${selection} }`);
    const eth = subscribe(a, `subscription { priceUpdated(chain: ETHEREUM) ${selection} }`);
    await subscribed(a, base + 4);
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(BONKX, 5));
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(BONKX, -12));
    // Sentinels each subscriber accepts: anything delivered before them was delivered in order.
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(WIFX, 20));
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent('0xabc', 1, 'ETHEREUM'));
    const token = (address: string, chain = 'SOLANA') => ({ chain, address });
    expect(await all.count(4)).toEqual([
      { priceUpdated: { changePct: 5, token: token(BONKX) } },
      { priceUpdated: { changePct: -12, token: token(BONKX) } },
      { priceUpdated: { changePct: 20, token: token(WIFX) } },
      { priceUpdated: { changePct: 1, token: token('0xabc', 'ETHEREUM') } },
    ]);
    expect(await big.count(2)).toEqual([
      { priceUpdated: { changePct: -12, token: token(BONKX) } },
      { priceUpdated: { changePct: 20, token: token(WIFX) } },
    ]);
    expect(await wif.count(1)).toEqual([{ priceUpdated: { changePct: 20, token: token(WIFX) } }]);
    expect(await eth.count(1)).toEqual([{ priceUpdated: { changePct: 1, token: token('0xabc', 'ETHEREUM') } }]);
    // Nothing extra arrived after the sentinels either.
    expect([all, big, wif, eth].map((inbox) => inbox.received.length)).toEqual([4, 2, 1, 1]);
  });

  it('hydrates once per event and selection, however many subscribers share it, and metadata once per token', async () => {
    // Different operations (minRatio) with the same token selection: execution is not shared, hydration must be.
    const query = (i: number) =>
      `subscription { volumeSpike(chain: SOLANA, minRatio: ${3 + i / 100}) { ratio token { symbol market { priceUsd } } } }`;
    const runFor = async (subscribers: number, ratio: number) => {
      const base = a.executor.subscriberCount;
      const inboxes = Array.from({ length: subscribers }, (_, i) => subscribe(a, query(base + i)));
      await subscribed(a, base + subscribers);
      const before = proxy.matching;
      await publisher.publish(Topic.VOLUME_SPIKED, {
        token: { chain: 'SOLANA', address: BONKX },
        window: 'M5',
        volumeUsd: 30_000,
        baselineVolumeUsd: 1_000,
        ratio,
        at: '2026-11-27T03:00:00.000Z',
      });
      for (const inbox of inboxes) {
        expect(await inbox.count(1)).toEqual([{ volumeSpike: { ratio, token: { symbol: 'BONKX', market: null } } }]);
      }
      return proxy.matching - before;
    };
    // First event: the metadata (symbol) and the live part (market) are two queries.
    expect(await runFor(1, 30)).toBe(2);
    // The first group is still subscribed: 1 + 6 subscribers, one query for the live part, symbol kept.
    const metrics = async () => {
      const text = await scrape(a.url.replace(/\/graphql$/, ''));
      return {
        keptHits: getSample(text, 'memegraph_subscription_hydration_events', { event: 'lasting_kept_hits' }) ?? NaN,
        queries: getSample(text, 'memegraph_subscription_hydration_query_seconds_count') ?? NaN,
      };
    };
    const before = await metrics();
    expect(await runFor(6, 31)).toBe(1);
    const after = await metrics();
    // Each of the 7 distinct operations asked for the symbol; all were served from what was kept.
    expect(after.keptHits - before.keptHits).toBe(7);
    // The one query that ran (the live part) was timed.
    expect(after.queries - before.queries).toBe(1);
  });

  it('answers market fields from the market record a price event carries: no subgraph call per event', async () => {
    const market = {
      priceUsd: 0.5,
      priceNative: null,
      marketCapUsd: 500_000,
      fdvUsd: null,
      liquidityUsd: 90_000,
      priceSpreadPct: 0.1,
      volumeUsd: { H24: 12_345 },
      priceChangePct: { H1: 2.5 },
      txns: { H1: { buys: 3, sells: 4 } },
      updatedAt: '2026-11-27T03:00:00.000Z',
      stale: false,
    };
    // No addresses: no snapshot on subscribe, so every request counted below is an event's.
    const base = a.executor.subscriberCount;
    const inbox = subscribe(
      a,
      `subscription { priceUpdated(chain: SOLANA, minChangePct: 60) { changePct token { symbol name market { priceUsd
        liquidity: liquidityUsd volumeUsd(window: H24) m5: volumeUsd(window: M5) txns(window: H1) { buys } stale } } } }`,
    );
    await subscribed(a, base + 1);
    const calls = () => ({ tokens: proxy.requests, marketData: marketProxy.requests });
    const perEvent: Array<{ tokens: number; marketData: number }> = [];
    for (const [i, changePct] of [61, 62, 63].entries()) {
      const before = calls();
      await publisher.publish(Topic.PRICE_UPDATED, { ...priceEvent(WIFX, changePct), market });
      expect((await inbox.count(i + 1))[i]).toEqual({
        priceUpdated: {
          changePct,
          token: {
            symbol: 'WIFX',
            name: 'Wif Example',
            market: { priceUsd: 0.5, liquidity: 90_000, volumeUsd: 12_345, m5: null, txns: { buys: 3 }, stale: false },
          },
        },
      });
      const after = calls();
      perEvent.push({ tokens: after.tokens - before.tokens, marketData: after.marketData - before.marketData });
    }
    // The metadata (symbol, name) once per token for SUBSCRIPTION_METADATA_TTL_MS; market never.
    expect(perEvent).toEqual([
      { tokens: 1, marketData: 0 },
      { tokens: 0, marketData: 0 },
      { tokens: 0, marketData: 0 },
    ]);
    expect(inbox.errors).toEqual([]);
  });

  it('measures each delivery from the event arriving to the socket in /metrics', async () => {
    // Every `next` message a subscription sends is one measured delivery (earlier tests' subscribers on
    // this instance may get the event too).
    const counters = async () => {
      const text = await scrape(a.url.replace(/\/graphql$/, ''));
      return {
        deliveries: getSample(text, 'memegraph_subscription_delivery_seconds_count') ?? NaN,
        messages: getSample(text, 'memegraph_ws_messages_sent_total') ?? NaN,
      };
    };
    const before = await counters();
    const subscribers = a.executor.subscriberCount;
    const inbox = subscribe(a, `subscription { priceUpdated(chain: SOLANA, addresses: ["${WIFX}"]) { changePct } }`);
    await subscribed(a, subscribers + 1);
    await publisher.publish(Topic.PRICE_UPDATED, priceEvent(WIFX, 3));
    await inbox.count(1);
    const after = await counters();
    expect(after.deliveries - before.deliveries).toBeGreaterThanOrEqual(1);
    expect(after.deliveries - before.deliveries).toBe(after.messages - before.messages);
  });

  it('announces tokens with live subscribers to market-data, so they are polled first', async () => {
    const announced: string[][] = [];
    const unsubscribe = await publisher.subscribe(Topic.DEMAND_SUBSCRIBED, (payload) => {
      announced.push((payload as { tokens: string[] }).tokens);
    });
    try {
      // An address no other test names, mixed-case on an EVM chain: announced lower-cased.
      const evm = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf02';
      subscribe(a, `subscription { priceUpdated(chain: BASE, addresses: ["${evm}"]) { priceUsd } }`);
      await waitFor(
        () => announced.some((tokens) => tokens.includes(`BASE:${evm.toLowerCase()}`)),
        10_000,
        'the BASE token announced',
      );
    } finally {
      await unsubscribe();
    }
  });

  it('delivers tokenDiscovered with the stored token', async () => {
    const inbox = subscribe(b, `subscription { tokenDiscovered(chain: SOLANA) { address name symbol } }`);
    await waitFor(() => b.executor.subscriberCount >= 2, 10_000, 'tokenDiscovered subscription');
    await publisher.publish(Topic.TOKEN_DISCOVERED, { chain: 'SOLANA', address: WIFX });
    expect(await inbox.count(1)).toEqual([{ tokenDiscovered: { address: WIFX, name: 'Wif Example', symbol: 'WIFX' } }]);
  });
});

const raw = useRawSockets();
const openRaw = (gateway: RunningGateway) => raw.open(wsUrl(gateway));

describe('connection management', () => {
  it('closes a socket that sends no connection_init within WS_INIT_TIMEOUT_MS (4408)', async () => {
    const socket = await openRaw(limited);
    expect((await closeOf(socket)).code).toBe(4408);
  });

  it('closes a socket that sends connection_init twice (4429)', async () => {
    const socket = await openRaw(limited);
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    expect(await nextMessage(socket)).toEqual({ type: 'connection_ack' });
    socket.send(JSON.stringify({ type: 'connection_init' }));
    expect((await closed).code).toBe(4429);
  });

  it.each([
    ['a message that is not graphql-transport-ws (4400)', [{ type: 'connection_init' }, 'not json'], 4400],
    [
      'a subscribe before connection_ack (4401)',
      [{ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }],
      4401,
    ],
    [
      'a message larger than WS_MAX_MESSAGE_BYTES (1009)',
      [{ type: 'connection_init', payload: { pad: 'x'.repeat(5000) } }],
      1009,
    ],
  ])('closes a socket that sends %s', async (_name, messages, code) => {
    await waitFor(() => limited.subscriptions.connections === 0, 10_000, 'earlier sockets closed');
    const socket = await openRaw(limited);
    const closed = closeOf(socket);
    for (const message of messages) socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    expect((await closed).code).toBe(code);
  });

  it('closes a socket that subscribes twice with one id (4409)', async () => {
    await waitFor(() => limited.subscriptions.connections === 0, 10_000, 'earlier sockets closed');
    const socket = await openRaw(limited);
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    expect(await nextMessage(socket)).toEqual({ type: 'connection_ack' });
    const subscribe = { id: '1', type: 'subscribe', payload: { query: 'subscription { priceUpdated { at } }' } };
    socket.send(JSON.stringify(subscribe));
    socket.send(JSON.stringify(subscribe));
    expect((await closed).code).toBe(4409);
  });

  it('refuses upgrades beyond WS_MAX_CONNECTIONS with HTTP 503', async () => {
    await waitFor(() => limited.subscriptions.connections === 0, 10_000, 'earlier sockets closed');
    const open = [await openRaw(limited), await openRaw(limited)];
    const refused = new WebSocket(wsUrl(limited), 'graphql-transport-ws');
    refused.on('error', () => undefined);
    const status = await new Promise<number | undefined>((resolve) => {
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      refused.once('open', () => resolve(undefined));
    });
    expect(status).toBe(503);
    for (const socket of open) socket.terminate();
  });

  it('closes a consumer that stops reading once WS_MAX_BUFFERED_BYTES is queued (4008)', async () => {
    await waitFor(() => limited.subscriptions.connections === 0, 10_000, 'earlier sockets closed');
    const socket = await openRaw(limited);
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await nextMessage(socket);
    const base = limited.executor.subscriberCount;
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { priceUpdated { at } }' } }),
    );
    await subscribed(limited, base + 1);
    (socket as unknown as { _socket: Socket })._socket.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && limited.subscriptions.slowConsumersClosed === 0; i += 1) {
      await publisher.publish(Topic.PRICE_UPDATED, priceEvent(BONKX, 1, 'SOLANA', `${i}${big}`));
    }
    await waitFor(() => limited.subscriptions.slowConsumersClosed === 1, 10_000, 'slow consumer closed');
    (socket as unknown as { _socket: Socket })._socket.resume();
    expect(await closed).toEqual({ code: 4008, reason: 'slow consumer: more than 262144 bytes queued' });
  });

  it('closes sockets with 1012 when the gateway shuts down', async () => {
    const socket = await openRaw(b);
    const closed = closeOf(socket);
    await b.close();
    expect((await closed).code).toBe(1012);
  });
});
