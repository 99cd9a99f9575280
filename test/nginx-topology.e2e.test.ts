/**
 * The docker/ topology as real processes: nginx (Debian's package, running the shipped
 * docker/nginx.conf.template rendered with loopback addresses) in front of two gateway processes
 * (`node --import tsx src/main.ts`, as in the image) sharing one real Redis, both subgraphs behind
 * them (tokens on real Postgres). Queries and graphql-ws subscriptions go through nginx; then one
 * gateway is SIGKILLed and the clients carry on through the other.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { getSample, scrape } from './harness/prometheus-text.js';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { startNginx, type RunningNginx } from './harness/nginx.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import { trackDemoTokens } from '@memegraph/local';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';
import { priceUpdatedEvent, upgradeStatus } from './harness/subscription-inbox.js';

const ADMIN_KEY = 'nginx-topology-admin-key-0123456789';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const prefix = `test:nginx-topology:${randomUUID()}:`;
const log = createLogger('test', 'silent');

interface GatewayProcess {
  name: string;
  /** host:port, as nginx's upstream block and access log name it. */
  address: string;
  process: ServiceProcess;
}

let subgraphs: TestSubgraphs;
let gateways: [GatewayProcess, GatewayProcess];
let nginx: RunningNginx;
let publisher: PubSubPort<Topics>;
const clients: Client[] = [];
const subscribers: Array<ReturnType<typeof subscribeThroughNginx>> = [];

async function startGatewayProcess(name: string): Promise<GatewayProcess> {
  const port = await getFreePort();
  const address = `127.0.0.1:${port}`;
  const service = await spawnService('gateway', port, {
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraphs.tokens.url,
    MARKET_DATA_URL: subgraphs.marketData.url,
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: prefix,
    INSTANCE_ID: name,
    // Browsers elsewhere are refused, so the same-origin rule (Origin host = Host through nginx) is what admits ours.
    CORS_ORIGINS: 'https://app.example',
  });
  return { name, address, process: service };
}

/** Open graphql-ws connections on one gateway, read from its own /metrics (not through nginx). */
async function wsConnections(gateway: GatewayProcess): Promise<number> {
  const text = await scrape(`http://${gateway.address}`);
  const value = getSample(text, 'memegraph_ws_connections', { scope: 'instance' });
  if (value === undefined)
    throw new Error(`no memegraph_ws_connections{scope="instance"} in ${gateway.name}'s /metrics`);
  return value;
}

const connectionsOn = (gateway: GatewayProcess, n: number) =>
  waitFor(async () => (await wsConnections(gateway)) === n, 10_000, `${n} WebSocket(s) on ${gateway.name}`);

/**
 * A graphql-ws client subscribed through nginx to BONKX's price updates. It retries a lost connection
 * quickly (the default backoff is seconds) and resubscribes, as graphql-ws does after a reconnect.
 */
function subscribeThroughNginx() {
  const received: number[] = [];
  const errors: unknown[] = [];
  let connected = 0;
  const client = createClient({
    url: `${nginx.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 20,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 100)),
    shouldRetry: () => true,
    on: { connected: () => void (connected += 1) },
    onNonLazyError: (error) => void errors.push(error),
  });
  clients.push(client);
  client.subscribe<{ priceUpdated: { changePct: number; token: { symbol: string } } }>(
    {
      query: `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) { changePct token { symbol } } }`,
      variables: { a: [BONKX] },
    },
    {
      next: (result) =>
        void (result.errors ? errors.push(result.errors) : received.push(result.data!.priceUpdated.changePct)),
      error: (error) => void errors.push(error),
      complete: () => undefined,
    },
  );
  return {
    received,
    errors,
    connections: () => connected,
  };
}

const publishPrice = (changePct: number) =>
  publisher.publish(Topic.PRICE_UPDATED, priceUpdatedEvent({ address: BONKX, changePct }));

/** Subscribed is not the same as connected: publishes `changePct` until every subscriber has it (no sleeps). */
const publishUntilAllReceive = (changePct: number) =>
  waitFor(
    async () => {
      await publishPrice(changePct);
      return subscribers.every((subscriber) => subscriber.received.includes(changePct));
    },
    10_000,
    `every subscriber to receive changePct ${changePct}`,
  );

/**
 * The gateways nginx tried for each of the `count` queries (POST) logged after its first `skip` requests.
 * nginx writes a request's log line just after sending the response, so this waits for the lines.
 */
/** The queries the balancing tests count (a query string nginx logs and Apollo ignores on POST). */
const TAGGED_PATH = '/graphql?counted=1';

async function queryUpstreamsSince(skip: number, count: number): Promise<string[][]> {
  const logged = () =>
    nginx
      .requestsLogged()
      .slice(skip)
      // Only this test's queries: nginx may log an earlier request (beforeAll's) after `skip` was read.
      .filter(({ request }) => request.startsWith(`POST ${TAGGED_PATH}`))
      .map(({ upstreams }) => upstreams);
  await waitFor(() => logged().length >= count, 5_000, `${count} queries in nginx's access log`);
  return logged();
}

/** GET `path` exactly as written (fetch would resolve dot segments before sending): status and body. */
const getRaw = (baseUrl: string, path: string, accept = '*/*') =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers: { accept } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.path = path;
    req.on('error', reject).end();
  });

const queryThroughNginx = () =>
  postGraphql(`${nginx.url}${TAGGED_PATH}`, `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`, {
    a: BONKX,
  });

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('nginx_topology', ADMIN_KEY);
  gateways = (await Promise.all([startGatewayProcess('gateway-1'), startGatewayProcess('gateway-2')])) as [
    GatewayProcess,
    GatewayProcess,
  ];
  nginx = await startNginx([gateways[0].address, gateways[1].address]);
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  await trackDemoTokens(`${nginx.url}/graphql`, ADMIN_KEY, [{ address: BONKX, name: 'Bonk Example', symbol: 'BONKX' }]);
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await nginx?.stop();
  await Promise.all((gateways ?? []).map((gateway) => gateway.process.stop()));
  await publisher?.close();
  await subgraphs?.close();
});

describe('nginx in front of two gateway processes', () => {
  it('balances queries over both gateways', async () => {
    const before = nginx.requestsLogged().length;
    for (let i = 0; i < 6; i += 1) {
      const result = await queryThroughNginx();
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ data: { token: { symbol: 'BONKX' } } });
    }
    const used = await queryUpstreamsSince(before, 6);
    expect(used).toHaveLength(6);
    expect(new Set(used.flat())).toEqual(new Set(gateways.map((gateway) => gateway.address)));
  });

  it('serves /graphql and GraphiQL only: /health, /ready and /metrics stay internal (404)', async () => {
    const page = await getRaw(nginx.url, '/graphql', 'text/html');
    expect(page.status).toBe(200);
    const script = /src="([^"]*graphiql\.js[^"]*)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expect((await getRaw(nginx.url, new URL(script!, `${nginx.url}/graphql`).pathname)).status).toBe(200);
    // The same gateways answer these directly (probes and Prometheus on the operator's network)…
    expect((await getRaw(`http://${gateways[0].address}`, '/metrics')).status).toBe(200);
    // …and nginx, on the public side, does not, however the path is spelled.
    const paths = [
      '/health',
      '/ready',
      '/metrics',
      '/metrics?x=1',
      '/METRICS',
      '/%6Detrics',
      '/graphql/../metrics',
      '/graphql/%2e%2e/ready',
      '/',
    ];
    const statuses = await Promise.all(paths.map(async (path) => [path, (await getRaw(nginx.url, path)).status]));
    expect(statuses).toEqual(paths.map((path) => [path, 404]));
    expect(await getRaw(nginx.statusUrl, '/health')).toEqual({ status: 200, body: 'ok\n' });
  });

  it('carries graphql-ws through its WebSocket upgrade, one subscriber per gateway, and a publish reaches both', async () => {
    subscribers.push(subscribeThroughNginx());
    // least_conn: the second WebSocket goes to the gateway that does not hold the first.
    await waitFor(
      async () => (await Promise.all(gateways.map(wsConnections))).reduce((sum, n) => sum + n, 0) === 1,
      10_000,
      'the first WebSocket',
    );
    subscribers.push(subscribeThroughNginx());
    await Promise.all(gateways.map((gateway) => connectionsOn(gateway, 1)));
    await publishUntilAllReceive(1);
    await publishPrice(2);
    await waitFor(() => subscribers.every((s) => s.received.includes(2)), 10_000, 'the second event');
    for (const subscriber of subscribers) {
      expect(subscriber.errors).toEqual([]);
      expect(subscriber.received.filter((changePct) => changePct !== 1)).toEqual([2]);
    }
  });

  it("passes the client's Host (with its port) through, so a page served via nginx may open a WebSocket and others may not", async () => {
    const url = `${nginx.url.replace(/^http/, 'ws')}/graphql`;
    expect(await upgradeStatus(url, new URL(nginx.url).origin)).toBe(101);
    expect(await upgradeStatus(url, 'https://evil.example')).toBe(403);
  });

  it('survives a gateway killed with SIGKILL: queries fail over, the WebSocket reconnects and gets events again', async () => {
    const [victim, survivor] = gateways;
    const before = nginx.requestsLogged().length;
    await victim.process.stop('SIGKILL');

    for (let i = 0; i < 10; i += 1) {
      const result = await queryThroughNginx();
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ data: { token: { symbol: 'BONKX' } } });
    }
    const tried = await queryUpstreamsSince(before, 10);
    // Every request ended on the survivor; the first ones tried the dead gateway first (refused) and were passed on.
    expect(tried.map((addresses) => addresses.at(-1))).toEqual(Array(10).fill(survivor.address));
    expect(tried).toContainEqual([victim.address, survivor.address]);

    // The subscriber whose gateway died reconnects through nginx to the survivor and resubscribes.
    await connectionsOn(survivor, 2);
    expect(subscribers.map((s) => s.connections()).sort()).toEqual([1, 2]);
    await publishUntilAllReceive(3);
    for (const subscriber of subscribers) expect(subscriber.errors).toEqual([]);
  });
});
