import { marketDataTestEnv, startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '@memegraph/local';
import { getFreePort } from './free-port.js';
import { postGraphql, type GraphqlHttpResult } from './graphql-http.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';
import { spawnService, type ServiceMode, type ServiceProcess } from './service-process.js';
import { createTestDatabase, testEnv, type TestDatabase } from './test-database.js';

/** The admin key and subgraph secret of every production stack (tests only). */
export const STACK_ADMIN_KEY = 'production-stack-admin-key-0123456789';
const SUBGRAPH_SECRET = 'production-stack-subgraph-secret-0123456789';

/** Options of {@link startProductionStack}. */
export interface ProductionStackOptions {
  /** Names the test database (`mg_<name>_…`) and prefixes every Redis key (`<name>:`). */
  name: string;
  /** How the fake upstream answers (e.g. `{ synthetic: true }` for any address). */
  upstream?: FakeUpstreamOptions;
  /** Extra environment of the gateway (e.g. rate limits) and of market-data. */
  gatewayEnv?: Record<string, string>;
  marketDataEnv?: Record<string, string>;
  /** How the services run (default `source`: tsx; `built`: `node dist/main.js`, as in the image). */
  mode?: ServiceMode;
}

/**
 * Gateway, tokens and market-data, each in its own process in production mode (per-client rate limit on,
 * SUBGRAPH_SECRET set), as an operator runs them: on a private redis-server the test may freeze, kill and
 * restart empty, a fresh database on the test Postgres, and a fake upstream.
 */
export interface ProductionStack {
  redis: PrivateRedis;
  fake: FakeUpstream;
  database: TestDatabase;
  gateway: ServiceProcess;
  tokens: ServiceProcess;
  marketData: ServiceProcess;
  /** The gateway's public GraphQL endpoint. */
  graphqlUrl: string;
  /** The prefix of every Redis key of this stack. */
  keyPrefix: string;
  /** trackToken through the gateway as the admin, with `symbol` as name and symbol. */
  track(address: string, symbol: string): Promise<GraphqlHttpResult>;
  /** Stops the services, the Redis, the fake upstream, and drops the database. */
  close(): Promise<void>;
}

/** Starts a {@link ProductionStack}; resolves once every service answers /health. */
export async function startProductionStack(options: ProductionStackOptions): Promise<ProductionStack> {
  const [redis, fake, database] = await Promise.all([
    startPrivateRedis(),
    startFakeUpstream(options.upstream),
    createTestDatabase(testEnv('TEST_DATABASE_URL'), options.name.replace(/\W/g, '_')),
  ]);
  const [gatewayPort, tokensPort, marketDataPort] = await Promise.all([getFreePort(), getFreePort(), getFreePort()]);
  const keyPrefix = `${options.name}:`;
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    SUBGRAPH_SECRET,
  };
  const marketDataUrl = `http://127.0.0.1:${marketDataPort}/graphql`;
  const tokensUrl = `http://127.0.0.1:${tokensPort}/graphql`;
  const services = await Promise.allSettled([
    spawnService(
      'subgraphs/market-data',
      marketDataPort,
      {
        ...common,
        ...marketDataTestEnv(fake),
        MARKET_DATA_PORT: String(marketDataPort),
        INSTANCE_ID: `${options.name}-market-data`,
        TOKENS_URL: tokensUrl,
        ...options.marketDataEnv,
      },
      options.mode,
    ),
    spawnService(
      'subgraphs/tokens',
      tokensPort,
      {
        ...common,
        TOKENS_PORT: String(tokensPort),
        TOKENS_HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        MARKET_DATA_URL: marketDataUrl,
        ADMIN_API_KEY: STACK_ADMIN_KEY,
      },
      options.mode,
    ),
    spawnService(
      'gateway',
      gatewayPort,
      {
        ...common,
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_HOST: '127.0.0.1',
        TOKENS_URL: tokensUrl,
        MARKET_DATA_URL: marketDataUrl,
        ...options.gatewayEnv,
      },
      options.mode,
    ),
  ]);
  const close = async () => {
    const running = services.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const service of running) service.kill();
    await Promise.all(running.map((service) => service.exited));
    await Promise.all([redis.close(), fake.close(), database.drop()]);
  };
  const failed = services.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const [marketData, tokens, gateway] = services.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value) as [
    ServiceProcess,
    ServiceProcess,
    ServiceProcess,
  ];
  const graphqlUrl = `${gateway.baseUrl}/graphql`;
  return {
    redis,
    fake,
    database,
    gateway,
    tokens,
    marketData,
    graphqlUrl,
    keyPrefix,
    track: (address, symbol) =>
      postGraphql(
        graphqlUrl,
        `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $s, symbol: $s }) { symbol } }`,
        { a: address, s: symbol },
        { authorization: `Bearer ${STACK_ADMIN_KEY}`, 'x-api-key': 'admin' },
      ),
    close,
  };
}
