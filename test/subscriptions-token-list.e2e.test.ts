/**
 * tokenListUpdated end to end: real graphql-ws clients → gateway instances on one real Redis → tokens (real
 * Postgres) + market-data polling the fake upstream on the test's command. Snapshot equal to Query.tokens'
 * page, one ranking per demanded list per poll batch whatever the number of subscribers and gateways,
 * ENTERED/LEFT/MOVED in order with consecutive sequences, coalescing, and resync after a queue overflow.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Topic,
  topics,
  toTokenListKey,
  toTokenListSpec,
  type EventMarket,
  type TokenListArgs,
  type Topics,
} from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { startCountingProxy, type CountingProxy } from './harness/counting-proxy.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import {
  closeOf,
  nextMessage,
  toWebSocketUrl,
  useRawSockets,
  useSubscriptionClients,
  type SubscriptionInbox,
} from './harness/subscription-inbox.js';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'token-list-e2e-admin-key-0123456789';
const TOKENS = {
  BONKX: 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4',
  WIFX: 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
  PEPSOL: 'PEPSExamp1e1MJgpjKdMjehMxJ5kyuL967cYy33Fpump',
  GIGAX: 'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump',
} as const;
type Symbol = keyof typeof TOKENS;
const prefix = `test:token-list:${randomUUID()}:`;
const log = createLogger('test', 'silent');
const redis = { REDIS_URL: testEnv('TEST_REDIS_URL'), REDIS_KEY_PREFIX: prefix };

let fake: FakeUpstream;
let subgraphs: TestSubgraphs;
/** In front of the tokens subgraph: made slow for the overflow case. */
let tokensProxy: CountingProxy;
let publisher: PubSubPort<Topics>;
const gateways: RunningGateway[] = [];
const clients = useSubscriptionClients();
const raw = useRawSockets();

async function startInstance(extra: Record<string, string> = {}): Promise<RunningGateway> {
  const gateway = await startGateway(
    loadGatewayConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: tokensProxy.url,
      MARKET_DATA_URL: subgraphs.marketData.url,
      ...redis,
      SUBSCRIPTION_DEMAND_INTERVAL_MS: '200',
      SUBSCRIPTION_LIST_WINDOW_MS: '100',
      ...extra,
    }),
    log,
  );
  gateways.push(gateway);
  return gateway;
}

const subscribe = (gateway: RunningGateway, query: string, variables: Record<string, unknown> = {}) =>
  clients.subscribe({ url: toWebSocketUrl(gateway.url) }, query, variables);

const DEXSCREENER_ROUND = { source: 'DEXSCREENER', intervalMs: 1_000, ratePerMinute: 300, chunkSize: 30 } as const;
/** One poll batch of DexScreener (leases of the previous round expire after POLL_COLD_INTERVAL_MS=400). */
async function pollOnce(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 450));
  return subgraphs.marketData.scheduler.pollSource(DEXSCREENER_ROUND);
}

/** A market record as a ranking event carries it. */
const market = (priceUsd: number): EventMarket => ({
  priceUsd,
  priceNative: null,
  marketCapUsd: null,
  fdvUsd: null,
  liquidityUsd: 1_000,
  priceSpreadPct: null,
  volumeUsd: {},
  priceChangePct: {},
  txns: {},
  updatedAt: '2026-12-03T00:00:00.000Z',
  stale: false,
});
/** Publishes a ranking of the list named by `args`, as market-data does after a poll batch. */
async function publishRanking(args: TokenListArgs, symbols: Symbol[], version: number, at?: string): Promise<void> {
  const spec = toTokenListSpec(args);
  await publisher.publish(Topic.LIST_RANKED, {
    list: toTokenListKey(spec),
    spec,
    version,
    at: at ?? `2026-12-03T00:00:0${version}.000Z`,
    entries: symbols.map((symbol) => ({ chain: 'SOLANA', address: TOKENS[symbol], market: market(1) })),
  });
}

type Row = { address: string; symbol: string };
type Change = { kind: string; rank: number | null; previousRank: number | null; token: Row };
type Message = { sequence: number; snapshot: Row[] | null; changes: Change[] };
const messages = (inbox: SubscriptionInbox) => inbox.received.map((data) => data.tokenListUpdated as Message);

/** What a client does with the messages, in order: a snapshot replaces the list, changes apply to it. */
function applyAll(received: Message[]): string[] {
  let rows: string[] = [];
  for (const message of received) {
    if (message.snapshot) {
      rows = message.snapshot.map((row) => row.symbol);
      continue;
    }
    const changed = new Set(message.changes.map((c) => c.token.symbol));
    rows = rows.filter((symbol) => !changed.has(symbol));
    const placed = message.changes.filter((c) => c.rank !== null).sort((a, b) => a.rank! - b.rank!);
    for (const change of placed) rows.splice(change.rank! - 1, 0, change.token.symbol);
  }
  return rows;
}
const show = (changes: Change[]) =>
  changes.map((c) => `${c.kind} ${c.token.symbol} ${c.rank ?? '-'}←${c.previousRank ?? '-'}`);

const LIST_QUERY = `subscription($filter: TokenFilter, $first: Int) {
  tokenListUpdated(filter: $filter, sort: { field: LIQUIDITY }, first: $first) {
    sequence
    snapshot { address symbol }
    changes { kind rank previousRank token { address symbol } }
  }
}`;

beforeAll(async () => {
  fake = await startFakeUpstream();
  subgraphs = await startTestSubgraphs('token_list_e2e', ADMIN_KEY, {
    env: redis,
    // Polling stays off (the harness's default): the test runs each poll batch itself.
    marketDataEnv: { ...marketDataTestEnv(fake), LISTING_PAGE_TTL_MS: '0' },
  });
  tokensProxy = await startCountingProxy(subgraphs.tokens.url);
  publisher = createRedisPubSub({ events: topics, url: redis.REDIS_URL, channelPrefix: prefix, log });
  const admin = await startInstance();
  for (const [symbol, address] of Object.entries(TOKENS)) {
    const tracked = await postGraphql(
      admin.url,
      `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $s, symbol: $s }) { symbol } }`,
      { a: address, s: symbol },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    expect(tracked.body.errors).toBeUndefined();
  }
  // market-data learns the tracked set from the tokens.tracking stream; DexScreener's fixtures know all four.
  const merged: number[] = [];
  await waitFor(
    async () => {
      merged.push(await pollOnce());
      const listed = await postGraphql(admin.url, `{ tokens(filter: { chain: SOLANA }) { totalCount } }`);
      return (listed.body.data?.tokens as { totalCount: number } | undefined)?.totalCount === 4;
    },
    20_000,
    'the four tracked tokens listed',
  ).catch((error: Error) => {
    throw new Error(`${error.message} (merged per round: ${merged.join()})`);
  });
}, 60_000);

afterAll(async () => {
  await clients.disposeAll();
  raw.terminateAll();
  await publisher?.close();
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await tokensProxy?.close();
  await subgraphs?.close();
  await fake?.close();
});

describe('tokenListUpdated', () => {
  it('sends first the page Query.tokens(filter, sort, first) returns, from the query and from the held list', async () => {
    const gateway = gateways[0]!;
    const query = `subscription { tokenListUpdated(filter: { chain: SOLANA }, sort: { field: LIQUIDITY }, first: 4) {
      sequence changes { kind } snapshot { address symbol market { priceUsd liquidityUsd } } } }`;
    const page = await postGraphql(
      gateway.url,
      `{ tokens(filter: { chain: SOLANA }, sort: { field: LIQUIDITY }, first: 4) { edges { node { address symbol market { priceUsd liquidityUsd } } } } }`,
    );
    const nodes = (page.body.data?.tokens as { edges: Array<{ node: unknown }> }).edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(4);
    const expected = { tokenListUpdated: { sequence: 1, changes: [], snapshot: nodes } };

    const first = subscribe(gateway, query); // a list new on this instance: one Query.tokens
    expect((await first.count(1))[0]).toEqual(expected);
    const second = subscribe(gateway, query); // the list held here since
    expect((await second.count(1))[0]).toEqual(expected);
    expect(gateway.lists.stats().snapshot_queries).toBe(1);
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('ranks a list once per poll batch for all its subscribers on two gateways, and sends the change to each', async () => {
    // Two instances of their own, so their counters see this list only.
    const [a, b] = [await startInstance(), await startInstance()];
    const filter = { chain: 'SOLANA', minLiquidityUsd: 1 };
    const perGateway = 3;
    const inboxes = [a, b].flatMap((gateway) =>
      Array.from({ length: perGateway }, () => subscribe(gateway, LIST_QUERY, { filter, first: 10 })),
    );
    await Promise.all(inboxes.map((inbox) => inbox.count(1)));
    // This list and the first test's (its clients are still open).
    await waitFor(() => subgraphs.marketData.lists.stats().demanded === 2, 10_000, 'market-data told of the lists');
    const listed = messages(inboxes[0]!)[0]!.snapshot!.map((row) => row.symbol);
    expect(listed).toContain('BONKX');
    const before = subgraphs.marketData.lists.stats();

    fake.scalePrice(TOKENS.BONKX, 3);
    try {
      expect(await pollOnce()).toBeGreaterThan(0);
    } finally {
      fake.scalePrice(TOKENS.BONKX, 1);
    }
    // One poll batch: each demanded list ranked once, whatever the number of subscribers and gateways.
    expect(subgraphs.marketData.lists.stats().rankings - before.rankings).toBe(2);
    await Promise.all(inboxes.map((inbox) => inbox.count(2)));
    const rank = listed.indexOf('BONKX') + 1;
    for (const inbox of inboxes) {
      const received = messages(inbox);
      expect(received.map((m) => m.sequence)).toEqual([1, 2]);
      expect(show(received[1]!.changes)).toEqual([`UPDATED BONKX ${rank}←${rank}`]);
    }
    // Each gateway received the ranking once and made one change message for its three subscribers.
    for (const gateway of [a, b]) expect(gateway.lists.stats()).toMatchObject({ rankings_received: 1, messages: 1 });
    expect(inboxes.flatMap((inbox) => inbox.errors)).toEqual([]);
  });

  it('sends ENTERED, MOVED and LEFT in new rank order, LEFT last, with consecutive sequences', async () => {
    const gateway = gateways[0]!;
    // A filter nothing real passes: the list holds only what the test publishes.
    const filter = { chain: 'SOLANA' as const, minLiquidityUsd: 1e15 };
    const args = { filter, sort: { field: 'LIQUIDITY' }, first: 3 };
    const inbox = subscribe(gateway, LIST_QUERY, { filter, first: 3 });
    await inbox.count(1);
    await publishRanking(args, ['BONKX', 'WIFX', 'PEPSOL'], 1);
    await inbox.count(2);
    await publishRanking(args, ['WIFX', 'BONKX', 'GIGAX'], 2);
    await inbox.count(3);
    const received = messages(inbox);
    expect(received.map((m) => m.sequence)).toEqual([1, 2, 3]);
    expect(received[0]).toEqual({ sequence: 1, snapshot: [], changes: [] });
    expect(received[1]!.snapshot).toBeNull();
    expect(show(received[1]!.changes)).toEqual(['ENTERED BONKX 1←-', 'ENTERED WIFX 2←-', 'ENTERED PEPSOL 3←-']);
    expect(show(received[2]!.changes)).toEqual([
      'MOVED WIFX 1←2',
      'MOVED BONKX 2←1',
      'ENTERED GIGAX 3←-',
      'LEFT PEPSOL -←3',
    ]);
    expect(received[2]!.changes[0]!.token).toEqual({ address: TOKENS.WIFX, symbol: 'WIFX' });
    expect(applyAll(received)).toEqual(['WIFX', 'BONKX', 'GIGAX']);
    expect(inbox.errors).toEqual([]);
  });

  it('coalesces rankings within SUBSCRIPTION_LIST_WINDOW_MS into one message', async () => {
    const gateway = await startInstance({ SUBSCRIPTION_LIST_WINDOW_MS: '1000' });
    const filter = { chain: 'SOLANA' as const, minLiquidityUsd: 2e15 };
    const args = { filter, sort: { field: 'LIQUIDITY' }, first: 3 };
    const inbox = subscribe(gateway, LIST_QUERY, { filter, first: 3 });
    await inbox.count(1);
    await publishRanking(args, ['BONKX'], 1);
    await inbox.count(2); // the first change after a quiet window goes at once
    await publishRanking(args, ['BONKX', 'WIFX'], 2);
    await publishRanking(args, ['WIFX', 'BONKX'], 3);
    await publishRanking(args, ['WIFX', 'BONKX', 'PEPSOL'], 4);
    await inbox.count(3, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const received = messages(inbox);
    expect(received.map((m) => m.sequence)).toEqual([1, 2, 3]);
    expect(show(received[2]!.changes)).toEqual(['ENTERED WIFX 1←-', 'MOVED BONKX 2←1', 'ENTERED PEPSOL 3←-']);
    expect(gateway.lists.stats()).toMatchObject({ rankings_received: 4, messages: 2 });
  });

  it('resyncs a subscriber whose queue overflowed with a snapshot, never a gap', async () => {
    const gateway = await startInstance({
      SUBSCRIPTION_LIST_WINDOW_MS: '20',
      SUBSCRIPTION_LIST_MAX_QUEUED: '2',
      // Every message hydrates `symbol` through the (slowed) tokens subgraph.
      SUBSCRIPTION_METADATA_TTL_MS: '0',
    });
    const filter = { chain: 'SOLANA' as const, minLiquidityUsd: 3e15 };
    const args = { filter, sort: { field: 'LIQUIDITY' }, first: 3 };
    const inbox = subscribe(gateway, LIST_QUERY, { filter, first: 3 });
    await inbox.count(1);
    tokensProxy.delayMs = 400;
    const orders: Symbol[][] = [
      ['BONKX', 'WIFX', 'PEPSOL'],
      ['WIFX', 'PEPSOL', 'BONKX'],
      ['PEPSOL', 'BONKX', 'WIFX'],
      ['GIGAX', 'BONKX', 'WIFX'],
      ['WIFX', 'GIGAX', 'BONKX'],
      ['BONKX', 'PEPSOL', 'GIGAX'],
      ['WIFX', 'BONKX', 'GIGAX'],
    ];
    try {
      for (const [i, order] of orders.entries()) {
        await publishRanking(args, order, i + 1);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      await waitFor(
        () => {
          const received = messages(inbox);
          return received.length > 1 && applyAll(received).join() === orders.at(-1)!.join();
        },
        15_000,
        'the client to hold the last ranking',
      );
    } finally {
      tokensProxy.delayMs = 0;
    }
    const received = messages(inbox);
    expect(received.map((m) => m.sequence)).toEqual(received.map((_m, n) => n + 1));
    expect(gateway.lists.stats().resyncs).toBeGreaterThan(0);
    // A resync is a snapshot after the first message; fewer messages than rankings reached the client.
    expect(received.slice(1).some((m) => m.snapshot !== null)).toBe(true);
    expect(received.length).toBeLessThan(orders.length + 1);
    expect(inbox.errors).toEqual([]);
  }, 30_000);

  it('closes a subscriber that stops reading once WS_MAX_BUFFERED_BYTES is queued (4008), as for every subscription', async () => {
    const gateway = await startInstance({ WS_MAX_BUFFERED_BYTES: '262144', SUBSCRIPTION_LIST_WINDOW_MS: '1' });
    const filter = { chain: 'SOLANA' as const, minLiquidityUsd: 4e15 };
    const args = { filter, sort: { field: 'LIQUIDITY' }, first: 3 };
    const socket = await raw.open(toWebSocketUrl(gateway.url));
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await nextMessage(socket);
    const query = `subscription($filter: TokenFilter) { tokenListUpdated(filter: $filter, sort: { field: LIQUIDITY }, first: 3) { sequence at changes { kind } } }`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { filter } } }));
    await nextMessage(socket); // the (empty) snapshot
    (socket as unknown as { _socket: Socket })._socket.pause();
    // Rankings that swap two tokens, each carrying a large `at` (every message repeats it).
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && gateway.subscriptions.slowConsumersClosed === 0; i += 1) {
      await publishRanking(args, i % 2 ? ['WIFX', 'BONKX'] : ['BONKX', 'WIFX'], i + 1, `${i}${big}`);
    }
    await waitFor(() => gateway.subscriptions.slowConsumersClosed === 1, 10_000, 'slow consumer closed');
    (socket as unknown as { _socket: Socket })._socket.resume();
    expect(await closed).toEqual({ code: 4008, reason: 'slow consumer: more than 262144 bytes queued' });
  });

  it('ends the subscriptions with the error when the first page cannot be read, and reads again for the next', async () => {
    // market-data at a closed port: Query.tokens fails.
    const gateway = await startInstance({ MARKET_DATA_URL: 'http://127.0.0.1:9/graphql' });
    const variables = { filter: { chain: 'SOLANA', minLiquidityUsd: 5e15 }, first: 3 };
    const first = subscribe(gateway, LIST_QUERY, variables);
    await waitFor(() => first.errors.length > 0, 10_000, 'the first subscriber error');
    const second = subscribe(gateway, LIST_QUERY, variables);
    await waitFor(() => second.errors.length > 0, 10_000, 'the second subscriber error, not a wait');
    expect([first.received, second.received]).toEqual([[], []]);
    expect(gateway.lists.stats()).toMatchObject({ snapshot_queries: 2, lists: 0 });
    await waitFor(() => gateway.executor.subscriberCount === 0, 10_000, 'both subscriptions ended');
  });

  it('refuses first above 100 with BAD_USER_INPUT, as Query.tokens does', async () => {
    const inbox = subscribe(gateways[0]!, LIST_QUERY, { filter: null, first: 101 });
    await waitFor(() => inbox.errors.length > 0, 10_000, 'the error');
    const [errors] = inbox.errors as Array<Array<{ message: string; extensions?: { code?: string } }>>;
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errors?.[0]?.message).toMatch(/"first": must be an integer from 1 to 100, got 101/);
    expect(inbox.received).toEqual([]);
  });
});
