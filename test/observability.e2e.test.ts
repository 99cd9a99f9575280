/**
 * Observability of the real services, each in its own process as in production (gateway, tokens,
 * market-data on Redis and Postgres, the fake upstream): /metrics on every service moving under load,
 * request ids from the client through every service's log to the upstream call, one OpenTelemetry trace
 * from the gateway through the tokens subgraph to Postgres (received by a real OTLP/HTTP receiver), and
 * market-data giving its leases back on SIGTERM.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { startFakeUpstream, marketDataTestEnv, type FakeUpstream } from '@memegraph/local';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { startOtlpReceiver, type ReceivedSpan } from './harness/otlp-receiver.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import { createTestDatabase, testEnv, type TestDatabase } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

const ADMIN_KEY = 'observability-admin-key-0123456789';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
/** Tokens no upstream knows and discovery never stores: tracking them without metadata asks the upstreams. */
const UNKNOWN = [fakeSolanaAddress(9001, 'Trace'), fakeSolanaAddress(9002, 'Trace')] as const;
const redis = useTestRedis('observability');

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let fake: FakeUpstream;
let database: TestDatabase;
let gateway: ServiceProcess;
let tokens: ServiceProcess;
let marketData: ServiceProcess;
let graphqlUrl: string;

beforeAll(async () => {
  [receiver, fake, database] = await Promise.all([
    startOtlpReceiver(),
    startFakeUpstream(),
    createTestDatabase(testEnv('TEST_DATABASE_URL'), 'observability'),
  ]);
  const [gatewayPort, tokensPort, marketDataPort] = await Promise.all([getFreePort(), getFreePort(), getFreePort()]);
  const common = {
    LOG_LEVEL: 'info',
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: redis.prefix,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    // The SDK's own variable: export batches every 100 ms instead of 5 s, so the test waits less.
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  const marketDataUrl = `http://127.0.0.1:${marketDataPort}/graphql`;
  const tokensUrl = `http://127.0.0.1:${tokensPort}/graphql`;
  [marketData, tokens, gateway] = await Promise.all([
    spawnService('subgraphs/market-data', marketDataPort, {
      ...common,
      ...marketDataTestEnv(fake),
      MARKET_DATA_PORT: String(marketDataPort),
      // Leases of tokens polled outlive the test unless given back on shutdown.
      POLL_COLD_INTERVAL_MS: '120000',
      INSTANCE_ID: 'observability-market-data',
    }),
    spawnService('subgraphs/tokens', tokensPort, {
      ...common,
      TOKENS_PORT: String(tokensPort),
      TOKENS_HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      MARKET_DATA_URL: marketDataUrl,
      ADMIN_API_KEY: ADMIN_KEY,
      // Every read reaches Postgres, so the trace test always has a 'pg query' span (a token read within
      // READ_CACHE_TTL_MS of an earlier test is otherwise served from tokens' read cache).
      READ_CACHE_TTL_MS: '0',
    }),
    spawnService('gateway', gatewayPort, {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: tokensUrl,
      MARKET_DATA_URL: marketDataUrl,
    }),
  ]);
  graphqlUrl = `${gateway.baseUrl}/graphql`;
  const tracked = await postGraphql(
    graphqlUrl,
    `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "dogwifhat Example", symbol: "WIFX" }) { symbol } }`,
    { a: WIFX },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'WIFX' } } });
}, 120_000);

afterAll(async () => {
  for (const service of [gateway, tokens, marketData]) service?.kill();
  await Promise.all([gateway?.exited, tokens?.exited, marketData?.exited]);
  await Promise.all([receiver?.close(), fake?.close(), database?.drop()]);
});

const TOKEN_QUERY = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`;

describe('/metrics', () => {
  it('every service serves the Prometheus format with its own series and the process metrics', async () => {
    const [g, t, m] = await Promise.all([scrape(gateway.baseUrl), scrape(tokens.baseUrl), scrape(marketData.baseUrl)]);
    for (const text of [g, t, m]) {
      expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(text).toContain('# TYPE memegraph_graphql_request_duration_seconds histogram');
    }
    expect(getSample(g, 'memegraph_ws_connections', { scope: 'instance' })).toBe(0);
    expect(getSample(g, 'memegraph_ws_connections', { scope: 'global' })).toBe(0);
    expect(getSample(t, 'memegraph_db_pool_connections', { server: 'primary', state: 'total' })).toBeGreaterThan(0);
    expect(
      getSample(t, 'memegraph_db_query_duration_seconds_count', { server: 'primary', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    for (const source of ['DEXSCREENER', 'GECKOTERMINAL', 'JUPITER']) {
      expect(getSample(m, 'memegraph_upstream_circuit_state', { source, state: 'CLOSED' })).toBe(1);
      expect(getSample(m, 'memegraph_upstream_circuit_state', { source, state: 'OPEN' })).toBe(0);
      expect(getSample(m, 'memegraph_upstream_rate_limited_total', { source })).toBeDefined();
    }
    // market-data polls the tracked token on the fake upstream.
    await waitFor(
      async () =>
        (getSample(await scrape(marketData.baseUrl), 'memegraph_upstream_requests_total', { source: 'DEXSCREENER' }) ??
          0) > 0,
      10_000,
      'DexScreener requests counted',
    );
  });

  it('counts requests, latency, subgraph fetches, cache lookups and DB queries as load arrives', async () => {
    const N = 5;
    const [g0, t0, m0] = await Promise.all([
      scrape(gateway.baseUrl),
      scrape(tokens.baseUrl),
      scrape(marketData.baseUrl),
    ]);
    for (let i = 0; i < N; i += 1) {
      const { body } = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX });
      expect(body.data?.token?.symbol).toBe('WIFX');
    }
    const invalid = await postGraphql(graphqlUrl, '{ nope }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const [g1, t1, m1] = await Promise.all([
      scrape(gateway.baseUrl),
      scrape(tokens.baseUrl),
      scrape(marketData.baseUrl),
    ]);
    const delta = (before: string, after: string, name: string, labels: Record<string, string>) =>
      (getSample(after, name, labels) ?? 0) - (getSample(before, name, labels) ?? 0);

    expect(delta(g0, g1, 'memegraph_graphql_requests_total', { operation: 'query', outcome: 'ok' })).toBe(N);
    expect(delta(g0, g1, 'memegraph_graphql_request_duration_seconds_count', { operation: 'query' })).toBe(N);
    expect(delta(g0, g1, 'memegraph_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(delta(g0, g1, 'memegraph_graphql_requests_total', { operation: 'unknown', outcome: 'error' })).toBe(1);
    for (const subgraph of ['tokens', 'market-data']) {
      expect(delta(g0, g1, 'memegraph_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })).toBe(N);
    }
    expect(delta(t0, t1, 'memegraph_graphql_requests_total', { operation: 'query', outcome: 'ok' })).toBe(N);
    expect(
      delta(t0, t1, 'memegraph_db_query_duration_seconds_count', { server: 'primary', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(N);
    expect(delta(m0, m1, 'memegraph_graphql_requests_total', { operation: 'query', outcome: 'ok' })).toBe(N);
    const lookups =
      delta(m0, m1, 'memegraph_cache_lookups_total', { level: 'l1', result: 'hit' }) +
      delta(m0, m1, 'memegraph_cache_lookups_total', { level: 'l1', result: 'miss' });
    expect(lookups).toBeGreaterThanOrEqual(N);
  });

  it('counts WebSocket connections and the messages sent over them', async () => {
    const before = await scrape(gateway.baseUrl);
    const client = createClient({ url: graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false });
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: TOKEN_QUERY, variables: { a: WIFX } },
          { next: (data) => (value = data), error: reject, complete: () => resolve(value) },
        );
      });
      expect(result).toMatchObject({ data: { token: { symbol: 'WIFX' } } });
      const during = await scrape(gateway.baseUrl);
      expect(getSample(during, 'memegraph_ws_connections', { scope: 'instance' })).toBe(1);
      expect(
        (getSample(during, 'memegraph_ws_messages_sent_total') ?? 0) -
          (getSample(before, 'memegraph_ws_messages_sent_total') ?? 0),
      ).toBe(1);
    } finally {
      await client.dispose();
    }
    await waitFor(
      async () => getSample(await scrape(gateway.baseUrl), 'memegraph_ws_connections', { scope: 'instance' }) === 0,
      5_000,
      'the socket to be counted closed',
    );
  });
});

describe('request ids', () => {
  const logged = (service: ServiceProcess, requestId: string) =>
    service.logs().filter((line) => line.requestId === requestId && line.msg === 'graphql request');

  it('takes the client id, returns it, and logs it in the gateway and the subgraphs it reached', async () => {
    const requestId = `obs-${randomUUID()}`;
    const response = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX }, { 'x-request-id': requestId });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await waitFor(
      () => [gateway, tokens, marketData].every((service) => logged(service, requestId).length > 0),
      5_000,
      'the request id in every service log',
    );
    expect(logged(gateway, requestId)[0]).toMatchObject({ service: 'gateway', operation: 'query' });
    expect(logged(tokens, requestId)[0]).toMatchObject({ service: 'tokens', operation: 'query' });
  });

  it('makes one up when the client sent none (or an unusable one)', async () => {
    const none = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX });
    const bad = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX }, { 'x-request-id': 'has spaces and <html>' });
    for (const response of [none, bad]) expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
  });

  it('reaches the upstream calls market-data makes on behalf of the request', async () => {
    const requestId = `obs-${randomUUID()}`;
    const [address] = UNKNOWN;
    const tracked = await postGraphql(
      graphqlUrl,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { symbol } }`,
      { a: address },
      { authorization: `Bearer ${ADMIN_KEY}`, 'x-request-id': requestId },
    );
    // No upstream knows it: the lookup ran (tokens → market-data → upstreams) and found nothing.
    expect(tracked.body.errors?.[0]?.extensions?.code).not.toBe('BAD_USER_INPUT');
    expect(tracked.body.errors?.[0]?.extensions?.code).toBeDefined();
    const upstreamCalls = fake.requests().filter((request) => request.headers['x-request-id'] === requestId);
    expect(upstreamCalls.length).toBeGreaterThan(0);
    expect(
      upstreamCalls.every((request) => `${request.path}?${request.searchParams.toString()}`.includes(address)),
    ).toBe(true);
    await waitFor(() => logged(marketData, requestId).length > 0, 5_000, 'the request id in the market-data log');
    // Polling is not on behalf of a request: its calls carry no id.
    expect(fake.requests().some((request) => request.headers['x-request-id'] === undefined)).toBe(true);
  });
});

describe('traces', () => {
  it('one trace spans gateway → tokens subgraph → Postgres, and gateway → market-data → upstream', async () => {
    const requestId = `trace-${randomUUID()}`;
    const { body } = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX }, { 'x-request-id': requestId });
    expect(body.data?.token?.symbol).toBe('WIFX');
    const serverSpan = (service: string) =>
      receiver
        .spans()
        .find((span) => span.service === service && span.attributes['memegraph.request_id'] === requestId);
    await waitFor(
      () => Boolean(serverSpan('gateway') && serverSpan('tokens') && serverSpan('market-data')),
      10_000,
      'spans',
    );
    const traceId = serverSpan('gateway')!.traceId;
    const inTrace = (service: string): ReceivedSpan[] =>
      receiver.spans().filter((span) => span.traceId === traceId && span.service === service);
    await waitFor(() => inTrace('tokens').some((span) => span.name === 'pg query'), 10_000, 'the Postgres span');

    expect(serverSpan('tokens')!.traceId).toBe(traceId);
    expect(serverSpan('market-data')!.traceId).toBe(traceId);
    // Apollo gateway's own spans are in the same trace; the tokens request is a child of a gateway fetch.
    const gatewaySpans = inTrace('gateway');
    expect(gatewaySpans.map((span) => span.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.fetch']));
    const fetches = gatewaySpans.filter((span) => span.name === 'gateway.fetch').map((span) => span.spanId);
    expect(fetches).toContain(serverSpan('tokens')!.parentSpanId);
    const query = inTrace('tokens').find((span) => span.name === 'pg query')!;
    expect(query.attributes).toMatchObject({ 'db.system': 'postgresql', 'db.namespace': expect.any(String) });
    expect(String(query.attributes['db.query.text'])).toMatch(/select/i);

    // An upstream call made for a request is in that request's trace too.
    const lookupId = `trace-${randomUUID()}`;
    await postGraphql(
      graphqlUrl,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { symbol } }`,
      { a: UNKNOWN[1] },
      { authorization: `Bearer ${ADMIN_KEY}`, 'x-request-id': lookupId },
    );
    await waitFor(
      () => {
        const root = receiver
          .spans()
          .find((span) => span.service === 'gateway' && span.attributes['memegraph.request_id'] === lookupId);
        return Boolean(
          root &&
          receiver
            .spans()
            .some(
              (span) =>
                span.traceId === root.traceId && span.service === 'market-data' && span.name.startsWith('upstream '),
            ),
        );
      },
      10_000,
      'the upstream span in the request trace',
    );
  });
});

describe('shutdown', () => {
  it('market-data gives back its leases on SIGTERM and exits 0', async () => {
    const [connection] = redis.connectionsFor(1);
    const leases = () => connection!.keys(`${redis.prefix}lease:*`);
    await waitFor(async () => (await leases()).some((key) => key.includes('lease:poll:')), 10_000, 'poll leases');
    const held = await leases();
    expect(held).toEqual(expect.arrayContaining([`${redis.prefix}lease:discovery`]));
    expect(await connection!.get(held[0]!)).toBe('observability-market-data');
    expect(await marketData.stop('SIGTERM')).toBe(0);
    expect(await leases()).toEqual([]);
    expect(marketData.logs().some((line) => line.msg === 'released polling leases')).toBe(true);
  }, 30_000);

  it('tokens and the gateway exit 0 on SIGTERM', async () => {
    expect(await Promise.all([gateway.stop('SIGTERM'), tokens.stop('SIGTERM')])).toEqual([0, 0]);
  }, 30_000);
});
