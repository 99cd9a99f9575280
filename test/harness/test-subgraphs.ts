import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { createTestDatabase, testEnv, type TestDatabase } from './test-database.js';

/** Both subgraphs in this process, on free loopback ports: tokens on a fresh real Postgres database. */
export interface TestSubgraphs {
  db: TestDatabase;
  tokens: TokensService;
  marketData: MarketDataService;
  /** Closes both services and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts market-data (polling off: tests never call the real upstreams, their events come from the test)
 * and tokens (database `mg_<name>_…` on TEST_DATABASE_URL, admin mutations behind `adminKey`, metadata
 * lookups on this market-data). `env` goes to both services (e.g. SUBGRAPH_SECRET), `marketDataEnv` to
 * market-data only (e.g. upstreams pointed at a fake), `tokensEnv` to tokens only.
 */
export async function startTestSubgraphs(
  name: string,
  adminKey: string,
  {
    env = {},
    marketDataEnv = {},
    tokensEnv = {},
  }: { env?: Record<string, string>; marketDataEnv?: Record<string, string>; tokensEnv?: Record<string, string> } = {},
): Promise<TestSubgraphs> {
  const quiet = { LOG_LEVEL: 'silent', ...env };
  const db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), name);
  const marketData = await startMarketData(
    loadMarketDataConfig({
      ...quiet,
      MARKET_DATA_PORT: '0',
      MARKET_DATA_HOST: '127.0.0.1',
      POLLING_ENABLED: 'false',
      ...marketDataEnv,
    }),
  );
  const tokens = await startTokens(
    loadTokensConfig({
      ...quiet,
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      MARKET_DATA_URL: marketData.url,
      ADMIN_API_KEY: adminKey,
      ...tokensEnv,
    }),
  );
  return {
    db,
    tokens,
    marketData,
    async close() {
      await marketData.close();
      await tokens.close();
      await db.drop();
    },
  };
}
