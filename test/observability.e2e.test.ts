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
import { postGraphql, waitFor } from './harness/graphql-http.js';
import {
  OBSERVED_ADMIN_KEY as ADMIN_KEY,
  startObservedStack,
  WIFX,
  type ObservedStack,
} from './harness/observed-stack.js';
import { startOtlpReceiver, type ReceivedSpan } from './harness/otlp-receiver.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { describeRequestIds } from './harness/request-id-cases.js';
import type { ServiceProcess } from './harness/service-process.js';
import { testEnv } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

/** Tokens no upstream knows and discovery never stores: tracking them without metadata asks the upstreams. */
const UNKNOWN = [fakeSolanaAddress(9001, 'Trace'), fakeSolanaAddress(9002, 'Trace')] as const;
const redis = useTestRedis('observability');

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let stack: ObservedStack;
let gateway: ServiceProcess;
let tokens: ServiceProcess;
let marketData: ServiceProcess;
let graphqlUrl: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startObservedStack({
    name: 'observability',
    redisUrl: testEnv('TEST_REDIS_URL'),
    redisPrefix: redis.prefix,
    otlpEndpoint: receiver.url,
  });
  ({ gateway, tokens, marketData, graphqlUrl } = stack);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await receiver?.close();
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

describeRequestIds(() => stack, UNKNOWN[0]);

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
