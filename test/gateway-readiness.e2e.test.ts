/**
 * The gateway's /ready means "this instance can serve": gateway, tokens and market-data each in its own
 * process, the gateway on a private redis-server. A frozen subgraph (SIGSTOP) or a frozen or dead Redis
 * leaves /ready at 200 (answered at once) while its body and memegraph_dependency_up say which dependency
 * is down, and back up after; a gateway that is shutting down answers 503 (draining). GraphiQL can be
 * switched off (GRAPHIQL_ENABLED=false).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { startPrivateRedis, type PrivateRedis } from './harness/private-redis.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import { startSubgraphProcesses, type SubgraphProcesses } from './harness/subgraph-processes.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

const ADMIN_KEY = 'gateway-readiness-admin-key-0123456789';
const ADDRESS = fakeSolanaAddress(1, 'Ready');
const CHECK_INTERVAL_MS = 250;
const READY_TIMEOUT_MS = 1_000;

let subgraphs: SubgraphProcesses;
let redis: PrivateRedis;
let gateway: ServiceProcess;
const gateways: ServiceProcess[] = [];

async function startGatewayProcess(env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await getFreePort();
  const service = await spawnService('gateway', port, {
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraphs.tokensUrl,
    MARKET_DATA_URL: subgraphs.marketDataUrl,
    REDIS_URL: redis.url,
    DEPENDENCY_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
    READY_TIMEOUT_MS: String(READY_TIMEOUT_MS),
    ...env,
  });
  gateways.push(service);
  return service;
}

interface Readiness {
  status: number;
  ms: number;
  body: { status?: string; dependencies?: Array<{ name: string; up: boolean }> };
}

async function readiness(baseUrl = gateway.baseUrl): Promise<Readiness> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/ready`);
  const body = (await response.json()) as Readiness['body'];
  return { status: response.status, ms: Math.round(performance.now() - started), body };
}

/** `{ tokens: true, 'market-data': false, … }` from /ready's body. */
const upByName = (ready: Readiness) =>
  Object.fromEntries((ready.body.dependencies ?? []).map(({ name, up }) => [name, up]));

/** memegraph_dependency_up of each dependency on /metrics. */
async function upOnMetrics(): Promise<Record<string, number | undefined>> {
  const text = await scrape(gateway.baseUrl);
  return Object.fromEntries(
    ['tokens', 'market-data', 'redis'].map((name) => [
      name,
      getSample(text, 'memegraph_dependency_up', { dependency: name }),
    ]),
  );
}

/** Waits until /ready's body says `name` is `up`; returns how long that took. */
async function reported(name: string, up: boolean): Promise<number> {
  const started = performance.now();
  await waitFor(async () => upByName(await readiness())[name] === up, 10_000, `${name} reported ${up ? 'up' : 'down'}`);
  return Math.round(performance.now() - started);
}

const ALL_UP = { tokens: true, 'market-data': true, redis: true };

beforeAll(async () => {
  [subgraphs, redis] = await Promise.all([startSubgraphProcesses('gateway_ready', ADMIN_KEY), startPrivateRedis()]);
  gateway = await startGatewayProcess();
  const tracked = await postGraphql(
    `${gateway.baseUrl}/graphql`,
    `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Ready", symbol: "RDY" }) { symbol } }`,
    { a: ADDRESS },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'RDY' } } });
}, 120_000);

afterAll(async () => {
  // SIGKILL ends stopped processes too.
  for (const service of gateways) service.kill();
  await Promise.all(gateways.map((service) => service.exited));
  await Promise.all([subgraphs?.close(), redis?.close()]);
});

describe('gateway /ready', () => {
  it('is 200 and lists every dependency up, as /metrics does', async () => {
    await reported('redis', true);
    await waitFor(async () => Object.values(upByName(await readiness())).every(Boolean), 10_000, 'all up');
    const ready = await readiness();
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(upByName(ready)).toEqual(ALL_UP);
    expect(await upOnMetrics()).toEqual({ tokens: 1, 'market-data': 1, redis: 1 });
  });

  it('stays 200, answered at once, while market-data hangs (SIGSTOP); body and metrics say it is down, then up after SIGCONT', async () => {
    subgraphs.marketData.child.kill('SIGSTOP');
    try {
      const detectedMs = await reported('market-data', false);
      const ready = await readiness();
      expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
      expect(ready.ms).toBeLessThan(READY_TIMEOUT_MS);
      expect(upByName(ready)).toEqual({ ...ALL_UP, 'market-data': false });
      expect((await upOnMetrics())['market-data']).toBe(0);
      console.log(
        `[figures] market-data frozen: /ready stayed 200 (answered in ${ready.ms} ms), reported down after ` +
          `${detectedMs} ms (DEPENDENCY_CHECK_INTERVAL_MS=${CHECK_INTERVAL_MS}, READY_TIMEOUT_MS=${READY_TIMEOUT_MS})`,
      );
    } finally {
      subgraphs.marketData.child.kill('SIGCONT');
    }
    const backMs = await reported('market-data', true);
    expect((await upOnMetrics())['market-data']).toBe(1);
    console.log(`[figures] market-data after SIGCONT: reported up after ${backMs} ms`);
  }, 30_000);

  it('stays 200 while Redis is frozen and while it is down; body and metrics say so, then up after it is back', async () => {
    redis.freeze();
    try {
      await reported('redis', false);
      const ready = await readiness();
      expect(ready).toMatchObject({ status: 200, body: { status: 'ready' } });
      expect(upByName(ready)).toEqual({ ...ALL_UP, redis: false });
      expect((await upOnMetrics()).redis).toBe(0);
    } finally {
      redis.thaw();
    }
    await reported('redis', true);

    await redis.kill();
    await reported('redis', false);
    expect(await readiness()).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect((await upOnMetrics()).redis).toBe(0);
    await redis.restart();
    const backMs = await reported('redis', true);
    expect((await upOnMetrics()).redis).toBe(1);
    console.log(`[figures] Redis restarted: reported up after ${backMs} ms`);
  }, 40_000);
});

/** Opens a graphql-ws upgrade by hand and then never reads, so it never answers the server's close frame. */
async function openDeafWebSocket(baseUrl: string): Promise<Socket> {
  const { port } = new URL(baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.write(
      'GET /graphql HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${port}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    socket.once('data', (chunk: Buffer) =>
      chunk.toString().startsWith('HTTP/1.1 101') ? resolve() : reject(new Error(chunk.toString())),
    );
  });
  return socket;
}

describe('a second gateway with GRAPHIQL_ENABLED=false', () => {
  let second: ServiceProcess;

  beforeAll(async () => {
    // A long init timeout: the hand-made WebSocket below never sends connection_init.
    second = await startGatewayProcess({ GRAPHIQL_ENABLED: 'false', WS_INIT_TIMEOUT_MS: '60000' });
  }, 60_000);

  it('serves no GraphiQL page or bundle, and still answers queries', async () => {
    const page = await fetch(`${second.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).not.toContain('text/html');
    // Apollo's mount on /graphql answers it (400), not GraphiQL's router.
    const bundle = await fetch(`${second.baseUrl}/graphql/graphiql.js`);
    expect(bundle.status).not.toBe(200);
    expect(bundle.headers.get('content-type')).not.toContain('javascript');
    const result = await postGraphql(
      `${second.baseUrl}/graphql`,
      `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`,
      {
        a: ADDRESS,
      },
    );
    expect(result.body).toEqual({ data: { token: { symbol: 'RDY' } } });
  });

  it('answers /ready with 503 (draining) once it is shutting down', async () => {
    expect((await readiness(second.baseUrl)).status).toBe(200);
    // Shutdown closes WebSockets first and waits up to 1 s for this one's close handshake: /ready still answers.
    const socket = await openDeafWebSocket(second.baseUrl);
    try {
      second.child.kill('SIGTERM');
      let seen: Readiness | undefined;
      await waitFor(
        async () => {
          seen = await readiness(second.baseUrl);
          return seen.status !== 200;
        },
        5_000,
        '/ready to change on SIGTERM',
        10,
      );
      expect(seen).toMatchObject({ status: 503, body: { status: 'draining' } });
      expect(await second.exited).toBe(0);
    } finally {
      socket.destroy();
    }
  }, 30_000);
});
