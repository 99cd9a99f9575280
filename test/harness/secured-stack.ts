import { afterAll, beforeAll } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketDataService, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokensService, type TokensService } from '@memegraph/tokens';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from './fake-upstream.js';
import { createTestDatabase, testEnv, type TestDatabase } from './test-database.js';

/** Secret the stack's services share (the gateway sends it, the subgraphs require it). */
export const STACK_SUBGRAPH_SECRET = 'secured-stack-subgraph-secret-0123456789';
/** Admin key of the stack's tokens subgraph. */
export const STACK_ADMIN_KEY = 'secured-stack-admin-key-0123456789';

/** The real services of one test file: subgraphs behind counting proxies, and its gateways. */
export interface SecuredStack {
  tokens: TokensService;
  marketData: MarketDataService;
  /** In front of the tokens and market-data subgraphs: every request a gateway makes is counted. */
  proxies: { tokens: CountingProxy; marketData: CountingProxy };
  /** Requests that reached either subgraph so far. */
  subgraphRequests(): number;
  /** Starts another gateway on this stack; `env` adds to or overrides the stack's gateway settings. */
  startGateway(env?: Record<string, string>): Promise<RunningGateway>;
}

/**
 * Starts, in beforeAll, tokens (real Postgres) and market-data (polling off, upstreams faked) with SUBGRAPH_SECRET, each
 * behind a counting proxy, and closes everything (gateways included) in afterAll. Read the result
 * inside tests or hooks.
 */
export function useSecuredStack(name: string): () => SecuredStack {
  let stack: SecuredStack | undefined;
  let db: TestDatabase | undefined;
  let fake: FakeUpstream | undefined;
  const gateways: RunningGateway[] = [];
  const quiet = { LOG_LEVEL: 'silent', SUBGRAPH_SECRET: STACK_SUBGRAPH_SECRET };
  beforeAll(async () => {
    db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), name);
    // Upstream lookups (trackToken without metadata) go to the recorded fixtures, never the internet.
    fake = await startFakeUpstream();
    const marketData = await startMarketDataService(
      loadMarketDataConfig({ ...quiet, ...marketDataTestEnv(fake), POLLING_ENABLED: 'false' }),
    );
    const tokens = await startTokensService(
      loadTokensConfig({
        ...quiet,
        DATABASE_URL: db.url,
        TOKENS_PORT: '0',
        TOKENS_HOST: '127.0.0.1',
        MARKET_DATA_URL: marketData.url,
        ADMIN_API_KEY: STACK_ADMIN_KEY,
      }),
    );
    const proxies = {
      tokens: await startCountingProxy(tokens.url),
      marketData: await startCountingProxy(marketData.url),
    };
    stack = {
      tokens,
      marketData,
      proxies,
      subgraphRequests: () => proxies.tokens.requests + proxies.marketData.requests,
      async startGateway(env = {}) {
        const config = loadGatewayConfig({
          ...quiet,
          GATEWAY_PORT: '0',
          GATEWAY_HOST: '127.0.0.1',
          TOKENS_URL: proxies.tokens.url,
          MARKET_DATA_URL: proxies.marketData.url,
          ...env,
        });
        const gateway = await startGateway(config, createLogger('gateway', 'silent'));
        gateways.push(gateway);
        return gateway;
      },
    };
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await stack?.proxies.tokens.close();
    await stack?.proxies.marketData.close();
    await stack?.marketData.close();
    await stack?.tokens.close();
    await fake?.close();
    await db?.drop();
  });
  return () => {
    if (!stack) throw new Error('the secured stack is not started (use it inside tests or hooks)');
    return stack;
  };
}
