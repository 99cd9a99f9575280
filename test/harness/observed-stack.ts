import { expect } from '@jest/globals';
import { startFakeUpstream, marketDataTestEnv, type FakeUpstream } from '@memegraph/local';
import { getFreePort } from './free-port.js';
import { postGraphql } from './graphql-http.js';
import { spawnService, type ServiceProcess } from './service-process.js';
import { createTestDatabase, testEnv } from './test-database.js';

export const OBSERVED_ADMIN_KEY = 'observability-admin-key-0123456789';
/** Tracked (with its metadata) when the stack starts; the fake upstream quotes it. */
export const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';

/** Gateway, tokens and market-data, each in its own process, on the fake upstream, Postgres and Redis. */
export interface ObservedStack {
  fake: FakeUpstream;
  gateway: ServiceProcess;
  tokens: ServiceProcess;
  marketData: ServiceProcess;
  graphqlUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the stack the observability tests watch (logs at info) and tracks WIFX. `otlpEndpoint` set:
 * every service exports its traces there (tracing on); unset: tracing off, as by default.
 */
export async function startObservedStack(options: {
  name: string;
  redisUrl: string;
  redisPrefix: string;
  otlpEndpoint?: string;
}): Promise<ObservedStack> {
  const [fake, database] = await Promise.all([
    startFakeUpstream(),
    createTestDatabase(testEnv('TEST_DATABASE_URL'), options.name),
  ]);
  const [gatewayPort, tokensPort, marketDataPort] = await Promise.all([getFreePort(), getFreePort(), getFreePort()]);
  const common = {
    LOG_LEVEL: 'info',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.redisPrefix,
    ...(options.otlpEndpoint && {
      OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
      // The SDK's own variable: export batches every 100 ms instead of 5 s, so the test waits less.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    }),
  };
  const marketDataUrl = `http://127.0.0.1:${marketDataPort}/graphql`;
  const tokensUrl = `http://127.0.0.1:${tokensPort}/graphql`;
  const [marketData, tokens, gateway] = await Promise.all([
    spawnService('subgraphs/market-data', marketDataPort, {
      ...common,
      ...marketDataTestEnv(fake),
      MARKET_DATA_PORT: String(marketDataPort),
      // Leases of tokens polled outlive the test unless given back on shutdown.
      POLL_COLD_INTERVAL_MS: '120000',
      INSTANCE_ID: `${options.name}-market-data`,
    }),
    spawnService('subgraphs/tokens', tokensPort, {
      ...common,
      TOKENS_PORT: String(tokensPort),
      TOKENS_HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      MARKET_DATA_URL: marketDataUrl,
      ADMIN_API_KEY: OBSERVED_ADMIN_KEY,
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
  const graphqlUrl = `${gateway.baseUrl}/graphql`;
  const stack: ObservedStack = {
    fake,
    gateway,
    tokens,
    marketData,
    graphqlUrl,
    async close() {
      for (const service of [gateway, tokens, marketData]) service.kill();
      await Promise.all([gateway.exited, tokens.exited, marketData.exited]);
      await Promise.all([fake.close(), database.drop()]);
    },
  };
  try {
    const tracked = await postGraphql(
      graphqlUrl,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "dogwifhat Example", symbol: "WIFX" }) { symbol } }`,
      { a: WIFX },
      { authorization: `Bearer ${OBSERVED_ADMIN_KEY}` },
    );
    expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'WIFX' } } });
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}
