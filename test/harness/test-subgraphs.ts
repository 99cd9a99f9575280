import { loadMarketDataConfig, startMarketDataService, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokensService, type TokensService } from '@memegraph/tokens';
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
 * Starts tokens (database `mg_<name>_…` on TEST_DATABASE_URL, admin mutations behind `adminKey`) and
 * market-data with polling off: tests never call the real upstreams, their events come from the test.
 */
export async function startTestSubgraphs(name: string, adminKey: string): Promise<TestSubgraphs> {
  const quiet = { LOG_LEVEL: 'silent' };
  const db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), name);
  const tokens = await startTokensService(
    loadTokensConfig({
      ...quiet,
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: adminKey,
    }),
  );
  const marketData = await startMarketDataService(
    loadMarketDataConfig({ ...quiet, MARKET_DATA_PORT: '0', MARKET_DATA_HOST: '127.0.0.1', POLLING_ENABLED: 'false' }),
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
