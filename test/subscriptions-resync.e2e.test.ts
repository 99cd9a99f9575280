/**
 * Subscriptions against live market data: real graphql-ws clients → gateway instances on one real Redis →
 * tokens (real Postgres) + market-data polling the fake upstream. Snapshot then deltas, failover to another
 * instance with resync, auth through connection_init, and the global connection count in /metrics.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample } from './harness/prometheus-text.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import {
  closeOf,
  priceUpdatedEvent,
  toWebSocketUrl,
  useRawSockets,
  useSubscriptionClients,
} from './harness/subscription-inbox.js';
import { createTestDatabase, testEnv, type TestDatabase } from './harness/test-database.js';

const ADMIN_KEY = 'subscriptions-resync-admin-key-0123456789';
const WS_TOKEN = 'subscriptions-resync-ws-token';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const prefix = `test:subscriptions-resync:${randomUUID()}:`;
const log = createLogger('test', 'silent');
const PRICE_QUERY = `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) {
  priceUsd previousPriceUsd changePct token { address symbol } } }`;

let db: TestDatabase;
let tokens: TokensService;
let fake: FakeUpstream;
let marketData: MarketDataService;
let publisher: PubSubPort<Topics>;
/** BONKX's merged market price once it has settled (every source answered). */
let marketPrice: number;
const gateways: RunningGateway[] = [];
const children: ServiceProcess[] = [];

const gatewayEnv = (extra: Record<string, string> = {}) => ({
  LOG_LEVEL: 'silent',
  GATEWAY_PORT: '0',
  GATEWAY_HOST: '127.0.0.1',
  TOKENS_URL: tokens.url,
  MARKET_DATA_URL: marketData.url,
  REDIS_URL: testEnv('TEST_REDIS_URL'),
  REDIS_KEY_PREFIX: prefix,
  ...extra,
});
async function startInstance(extra: Record<string, string> = {}): Promise<RunningGateway> {
  const gateway = await startGateway(loadGatewayConfig(gatewayEnv(extra)), log);
  gateways.push(gateway);
  return gateway;
}
const wsUrl = (gateway: RunningGateway) => toWebSocketUrl(gateway.url);

const { subscribe, disposeAll } = useSubscriptionClients();

const subscribed = (gateway: RunningGateway, n: number) =>
  waitFor(() => gateway.executor.subscriberCount >= n, 10_000, `${n} subscription(s)`);

const delta = (changePct: number) => priceUpdatedEvent({ address: BONKX, changePct });
const snapshot = () => ({
  priceUpdated: {
    priceUsd: marketPrice,
    previousPriceUsd: null,
    changePct: 0,
    token: { address: BONKX, symbol: 'BONKX' },
  },
});
const deltaMessage = (changePct: number) => ({
  priceUpdated: { priceUsd: 1, previousPriceUsd: 0.9, changePct, token: { address: BONKX, symbol: 'BONKX' } },
});
/**
 * What a subscriber saw of this test: snapshots and the deltas the test published (market-data also
 * publishes BONKX's own price moves while its sources arrive; those are not what is asserted here).
 */
const ours = (received: Array<Record<string, any>>, deltas: number[]) =>
  received.filter(
    ({ priceUpdated }) => priceUpdated.previousPriceUsd === null || deltas.includes(priceUpdated.changePct),
  );

async function readMarketPrice(): Promise<number | undefined> {
  const result = await postGraphql(
    testGatewayUrl(),
    `query($a: String!) { token(chain: SOLANA, address: $a) { market { priceUsd } } }`,
    { a: BONKX },
  );
  return (result.body.data?.token as { market: { priceUsd: number } | null } | null)?.market?.priceUsd;
}
const testGatewayUrl = () => gateways[0]!.url;

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'subscriptions_resync_e2e');
  const redis = { REDIS_URL: testEnv('TEST_REDIS_URL'), REDIS_KEY_PREFIX: prefix };
  tokens = await startTokens(
    loadTokensConfig({
      LOG_LEVEL: 'silent',
      ...redis,
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  );
  fake = await startFakeUpstream();
  marketData = await startMarketData(
    loadMarketDataConfig({
      LOG_LEVEL: 'silent',
      ...marketDataTestEnv(fake),
      ...redis,
      DISCOVERY_INTERVAL_MS: '600000',
    }),
    log,
  );
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  await startInstance();
  // trackToken stores the token and announces it on the durable tokens.tracking stream market-data polls from.
  const tracked = await postGraphql(
    testGatewayUrl(),
    `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Bonk Example", symbol: "BONKX" }) { symbol } }`,
    { a: BONKX },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  expect(tracked.body.errors).toBeUndefined();
  // Settled: the same price over more than a full round of every source's polling.
  let last: number | undefined;
  let since = Date.now();
  await waitFor(
    async () => {
      const price = await readMarketPrice();
      if (price !== last) [last, since] = [price, Date.now()];
      return last !== undefined && Date.now() - since > 1_500;
    },
    20_000,
    'a settled BONKX market price',
  );
  // Polling stops here, so the price a snapshot carries cannot move under the tests (a late answer of one
  // source changed it between the settle check and a snapshot once); close() stopping it again is harmless.
  await marketData.scheduler.stop();
  marketPrice = (await readMarketPrice())!;
}, 60_000);

afterAll(async () => {
  await disposeAll();
  raw.terminateAll();
  for (const child of children) child.kill();
  await publisher?.close();
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await marketData?.close();
  await fake?.close();
  await tokens?.close();
  await db?.drop();
});

describe('snapshot then deltas', () => {
  it('sends a subscriber to named addresses their current market value first, then the deltas in order', async () => {
    const gateway = gateways[0]!;
    const base = gateway.executor.subscriberCount;
    const inbox = subscribe({ url: wsUrl(gateway) }, PRICE_QUERY, { a: [BONKX] });
    await subscribed(gateway, base + 1);
    // The snapshot is queued before the subscriber joins the index, so it precedes whatever is published now.
    for (const changePct of [41, 42, 43]) await publisher.publish(Topic.PRICE_UPDATED, delta(changePct));
    await waitFor(() => ours(inbox.received, [41, 42, 43]).length >= 4, 10_000, 'snapshot and three deltas');
    expect(inbox.received[0]).toEqual(snapshot());
    expect(ours(inbox.received, [41, 42, 43])).toEqual([
      snapshot(),
      deltaMessage(41),
      deltaMessage(42),
      deltaMessage(43),
    ]);
    expect(inbox.errors).toEqual([]);
  });
});

describe('failover', () => {
  it('reconnects a client of a stopped instance (1012) to another one, which resyncs it with a snapshot', async () => {
    const first = await startInstance();
    const second = await startInstance();
    let connects = 0;
    const inbox = subscribe(
      {
        // The load balancer's job, played by the client: the first instance, then the other.
        url: () => wsUrl(connects++ === 0 ? first : second),
        retryAttempts: 5,
        retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
      },
      PRICE_QUERY,
      { a: [BONKX] },
    );
    await subscribed(first, 1);
    await publisher.publish(Topic.PRICE_UPDATED, delta(51));
    await waitFor(() => ours(inbox.received, [51]).length >= 2, 10_000, 'snapshot and delta on the first instance');

    await first.close();
    await subscribed(second, 1);
    await waitFor(() => ours(inbox.received, [51]).length >= 3, 10_000, 'the snapshot from the second instance');
    await publisher.publish(Topic.PRICE_UPDATED, delta(52));
    await waitFor(() => ours(inbox.received, [51, 52]).length >= 4, 10_000, 'a delta from the second instance');
    expect(ours(inbox.received, [51, 52])).toEqual([snapshot(), deltaMessage(51), snapshot(), deltaMessage(52)]);
    expect(connects).toBe(2);
    expect(inbox.errors).toEqual([]);
  });
});

const raw = useRawSockets();
const openRaw = (url: string) => raw.open(url);

describe('auth via connection_init', () => {
  it('accepts the bearer token as authorization or headers.authorization, closes others with 4403', async () => {
    const gateway = await startInstance({ WS_AUTH_TOKEN: WS_TOKEN });
    const query = `subscription { priceUpdated(minChangePct: 60) { changePct } }`;
    const direct = subscribe({ url: wsUrl(gateway), connectionParams: { authorization: `Bearer ${WS_TOKEN}` } }, query);
    const headers = subscribe(
      { url: wsUrl(gateway), connectionParams: { headers: { authorization: `Bearer ${WS_TOKEN}` } } },
      query,
    );
    await subscribed(gateway, 2);
    await publisher.publish(Topic.PRICE_UPDATED, delta(61));
    expect(await direct.count(1)).toEqual([{ priceUpdated: { changePct: 61 } }]);
    expect(await headers.count(1)).toEqual([{ priceUpdated: { changePct: 61 } }]);

    for (const payload of [undefined, { authorization: 'Bearer not-the-token-at-all' }, { authorization: WS_TOKEN }]) {
      const socket = await openRaw(wsUrl(gateway));
      const closed = closeOf(socket);
      socket.send(JSON.stringify({ type: 'connection_init', ...(payload && { payload }) }));
      expect(await closed).toEqual({ code: 4403, reason: 'Forbidden' });
    }
    expect(gateway.executor.subscriberCount).toBe(2);
  });
});

/** The memegraph_ws_connections gauge of one instance's /metrics. */
async function connectionGauge(baseUrl: string): Promise<{ instance?: number; global?: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return {
    instance: getSample(text, 'memegraph_ws_connections', { scope: 'instance' }),
    global: getSample(text, 'memegraph_ws_connections', { scope: 'global' }),
  };
}

/** A gateway in its own process (so it can die without cleaning up), on its own free port. */
async function spawnGateway(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await getFreePort();
  const gateway = await spawnService('gateway', port, { NODE_ENV: 'test', ...env, GATEWAY_PORT: String(port) });
  children.push(gateway);
  return gateway;
}

describe('global connection count', () => {
  it('sums the live instances in Redis and drops a killed instance once its heartbeat expires', async () => {
    // A prefix of its own: the other tests' sockets stay out of the sums.
    const countEnv = {
      REDIS_KEY_PREFIX: `${prefix}count:`,
      WS_CONNECTIONS_HEARTBEAT_MS: '100',
      WS_CONNECTIONS_TTL_MS: '600',
    };
    const inProcess = await startInstance(countEnv);
    const local = inProcess.url.replace(/\/graphql$/, '');
    const remote = await spawnGateway(gatewayEnv(countEnv));
    const init = (socket: WebSocket) => socket.send(JSON.stringify({ type: 'connection_init' }));
    for (let i = 0; i < 3; i += 1) init(await openRaw(wsUrl(inProcess)));
    for (let i = 0; i < 2; i += 1) init(await openRaw(`${remote.baseUrl.replace(/^http/, 'ws')}/graphql`));

    await waitFor(async () => (await connectionGauge(local)).global === 5, 10_000, 'global 5 on the first instance');
    expect(await connectionGauge(local)).toEqual({ instance: 3, global: 5 });
    expect(await connectionGauge(remote.baseUrl)).toEqual({ instance: 2, global: 5 });

    remote.child.kill('SIGKILL');
    await waitFor(async () => (await connectionGauge(local)).global === 3, 10_000, 'the killed instance expired');
    expect(await connectionGauge(local)).toEqual({ instance: 3, global: 3 });
  }, 60_000);
});
