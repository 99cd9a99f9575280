import { afterAll, beforeAll } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import type { MarketDataService } from '@memegraph/market-data';
import type { TokensService } from '@memegraph/tokens';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { startTestSubgraphs, type TestSubgraphs } from './test-subgraphs.js';

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
  let subgraphs: TestSubgraphs | undefined;
  let fake: FakeUpstream | undefined;
  const gateways: RunningGateway[] = [];
  const quiet = { LOG_LEVEL: 'silent', SUBGRAPH_SECRET: STACK_SUBGRAPH_SECRET };
  beforeAll(async () => {
    // Upstream lookups (trackToken without metadata) go to the recorded fixtures, never the internet.
    fake = await startFakeUpstream();
    subgraphs = await startTestSubgraphs(name, STACK_ADMIN_KEY, {
      env: { SUBGRAPH_SECRET: STACK_SUBGRAPH_SECRET },
      marketDataEnv: marketDataTestEnv(fake),
    });
    const { tokens, marketData } = subgraphs;
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
    await subgraphs?.close();
    await fake?.close();
  });
  return () => {
    if (!stack) throw new Error('the secured stack is not started (use it inside tests or hooks)');
    return stack;
  };
}
