/** The whole stack over real HTTP: gateway → tokens (real Postgres) + market-data, on free ports. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from './harness/test-database.js';

const ADMIN_KEY = 'gateway-e2e-admin-key-0123456789';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const quiet = { LOG_LEVEL: 'silent' };

let db: TestDatabase;
let tokens: TokensService;
let marketData: MarketDataService;
let gateway: RunningGateway;
let base: string;

// Polling off: this test is about the gateway, and tests never call the real upstreams.
const startQuietMarketData = (port = '0') =>
  startMarketData(
    loadMarketDataConfig({ ...quiet, MARKET_DATA_PORT: port, MARKET_DATA_HOST: '127.0.0.1', POLLING_ENABLED: 'false' }),
  );

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'gateway_e2e');
  tokens = await startTokens(
    loadTokensConfig({
      ...quiet,
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  );
  marketData = await startQuietMarketData();
  const config = loadGatewayConfig({
    ...quiet,
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: tokens.url,
    MARKET_DATA_URL: marketData.url,
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    DEPENDENCY_CHECK_INTERVAL_MS: '200',
  });
  gateway = await startGateway(config, createLogger('gateway', 'silent'));
  base = gateway.http.url;
});

afterAll(async () => {
  await gateway?.close();
  await marketData?.close();
  await tokens?.close();
  await db?.drop();
});

const TRACK = `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Bonk Example", symbol: "BONKX" }) { symbol } }`;

/** GET /ready: its status code and body. */
async function readiness() {
  const response = await fetch(`${base}/ready`);
  const body = (await response.json()) as { status: string; dependencies: Array<{ name: string; up: boolean }> };
  return { status: response.status, body };
}

const dependencyUp = async (name: string) =>
  (await readiness()).body.dependencies.find((dependency) => dependency.name === name)?.up;

describe('gateway', () => {
  it('forwards the admin key to the tokens subgraph and refuses without it (HTTP 200, coded error)', async () => {
    const refused = await postGraphql(gateway.url, TRACK, { a: BONKX });
    expect(refused.status).toBe(200);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', serviceName: 'tokens' });
    const tracked = await postGraphql(gateway.url, TRACK, { a: BONKX }, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'BONKX' } } });
    expect(tracked.headers.get('x-read-after')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it("keeps @apollo/gateway's usage telemetry off by default (nothing is sent to Apollo)", () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('answers a query joining both subgraphs', async () => {
    const result = await postGraphql(
      gateway.url,
      `query($a: String!) { token(chain: SOLANA, address: $a) { name symbol tracked market { priceUsd } pools { address } } upstreams { source circuit rateLimitPerMinute } }`,
      { a: BONKX },
    );
    expect(result.body.errors).toBeUndefined();
    // No upstream has reported this token yet (the market-data issue fills the store): a real empty answer.
    expect(result.body.data?.token).toEqual({
      name: 'Bonk Example',
      symbol: 'BONKX',
      tracked: true,
      market: null,
      pools: [],
    });
    expect(result.body.data?.upstreams).toEqual([
      { source: 'DEXSCREENER', circuit: 'CLOSED', rateLimitPerMinute: 300 },
      { source: 'GECKOTERMINAL', circuit: 'CLOSED', rateLimitPerMinute: 30 },
      { source: 'JUPITER', circuit: 'CLOSED', rateLimitPerMinute: 30 },
    ]);
  });

  it('passes subgraph validation errors through with their code and argument', async () => {
    const result = await postGraphql(gateway.url, `{ searchTokens(query: "") { name } }`);
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'query' });
  });

  it('serves introspection in development', async () => {
    const result = await postGraphql(gateway.url, `{ __schema { subscriptionType { fields { name } } } }`);
    expect(result.body.data?.__schema).toEqual({
      subscriptionType: {
        fields: [
          { name: 'priceUpdated' },
          { name: 'volumeSpike' },
          { name: 'tokenDiscovered' },
          { name: 'tokenListUpdated' },
        ],
      },
    });
  });

  it('serves GraphiQL from its own bundle to browsers and JSON to API clients', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const script = /src="([^"]*graphiql\.js[^"]*)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(new URL(script!, base));
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"']*\.(js|css)/);
  });

  it('reports liveness, readiness, and the status of subgraphs (with Postgres) and Redis', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // The dependencies are checked in the background; the first round may still be running.
    await waitFor(async () => (await readiness()).body.dependencies.every((d) => d.up), 5_000, 'every dependency up');
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.dependencies.map((d) => [d.name, d.up])).toEqual([
      ['tokens', true],
      ['market-data', true],
      ['redis', true],
    ]);
  });

  it('returns partial data plus an error, not HTTP 500, when a subgraph is down', async () => {
    await marketData.close();
    try {
      const result = await postGraphql(
        gateway.url,
        `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`,
        {
          a: BONKX,
        },
      );
      expect(result.status).toBe(200);
      expect(result.body.data?.token).toEqual({ symbol: 'BONKX', market: null });
      expect(result.body.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        serviceName: 'market-data',
      });
      // Still ready (it serves partial data); the body says which dependency is down.
      await waitFor(async () => (await dependencyUp('market-data')) === false, 5_000, 'market-data reported down');
      expect((await readiness()).status).toBe(200);
    } finally {
      marketData = await startQuietMarketData(new URL(marketData.url).port);
    }
    await waitFor(async () => (await dependencyUp('market-data')) === true, 5_000, 'market-data reported up');
  });
});
