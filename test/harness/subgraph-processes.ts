import { getFreePort } from './free-port.js';
import { spawnService, type ServiceProcess } from './service-process.js';
import { createTestDatabase, testEnv, type TestDatabase } from './test-database.js';

/** Both subgraphs, each its own process (as in production), so a test can freeze (SIGSTOP) or kill one. */
export interface SubgraphProcesses {
  db: TestDatabase;
  tokens: ServiceProcess;
  marketData: ServiceProcess;
  /** Their /graphql URLs, for the gateway's TOKENS_URL and MARKET_DATA_URL. */
  tokensUrl: string;
  marketDataUrl: string;
  /** Kills both (SIGKILL also ends a stopped process) and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts tokens (database `mg_<name>_…` on TEST_DATABASE_URL, admin mutations behind `adminKey`) and
 * market-data (polling off: no upstream is called) as processes on free loopback ports, without Redis.
 */
export async function startSubgraphProcesses(name: string, adminKey: string): Promise<SubgraphProcesses> {
  const db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), name);
  const [tokensPort, marketDataPort] = await Promise.all([getFreePort(), getFreePort()]);
  const tokensUrl = `http://127.0.0.1:${tokensPort}/graphql`;
  const marketDataUrl = `http://127.0.0.1:${marketDataPort}/graphql`;
  const started = await Promise.allSettled([
    spawnService('subgraphs/tokens', tokensPort, {
      LOG_LEVEL: 'warn',
      TOKENS_PORT: String(tokensPort),
      TOKENS_HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      MARKET_DATA_URL: marketDataUrl,
      ADMIN_API_KEY: adminKey,
    }),
    spawnService('subgraphs/market-data', marketDataPort, {
      LOG_LEVEL: 'warn',
      MARKET_DATA_PORT: String(marketDataPort),
      MARKET_DATA_HOST: '127.0.0.1',
      POLLING_ENABLED: 'false',
      TOKENS_URL: tokensUrl,
    }),
  ]);
  const services = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async () => {
    for (const service of services) service.kill();
    await Promise.all(services.map((service) => service.exited));
    await db.drop();
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  const [tokens, marketData] = services as [ServiceProcess, ServiceProcess];
  return { db, tokens, marketData, tokensUrl, marketDataUrl, close };
}
