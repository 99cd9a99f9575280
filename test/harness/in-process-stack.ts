import { randomBytes } from 'node:crypto';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { createTestDatabase, testEnv, type TestDatabase } from './test-database.js';

/** Options of {@link startInProcessStack}. */
export interface InProcessStackOptions {
  /** Names the test database and prefixes every Redis key (`test:<name>:<random>:`). */
  name: string;
  /** The tokens subgraph's ADMIN_API_KEY (trackToken needs it). */
  adminKey: string;
  /** NODE_ENV=production (per-client limits, no GraphiQL bundling) unless false (development). Default true. */
  production?: boolean;
  /** A fake upstream the caller owns (kept open by close); else the stack starts and closes its own. */
  fake?: FakeUpstream;
  /** Extra environment of market-data and of tokens. */
  marketDataEnv?: Record<string, string>;
  tokensEnv?: Record<string, string>;
}

/**
 * Gateway, tokens and market-data in this process, on a fresh database on the test Postgres, the test Redis
 * under a prefix of its own, and the fake upstream. market-data can be restarted on the same port and prefix.
 */
export interface InProcessStack {
  fake: FakeUpstream;
  db: TestDatabase;
  gatewayUrl: string;
  /** The running market-data (another one after {@link restartMarketData}). */
  marketData(): MarketDataService;
  /** Stops market-data and starts it again on the same port (gateway and tokens know its URL) and Redis prefix. */
  restartMarketData(): Promise<void>;
  /** Stops the services, drops the database, and closes the fake upstream when the stack started it. */
  close(): Promise<void>;
}

/** Starts an {@link InProcessStack}. */
export async function startInProcessStack(options: InProcessStackOptions): Promise<InProcessStack> {
  const shared = {
    ...(options.production === false ? {} : { NODE_ENV: 'production' }),
    LOG_LEVEL: 'silent',
    SUBGRAPH_SECRET: randomBytes(24).toString('base64url'),
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: `test:${options.name}:${randomBytes(4).toString('hex')}:`,
  };
  const fake = options.fake ?? (await startFakeUpstream());
  const db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), options.name);
  const marketDataConfig = loadMarketDataConfig({ ...shared, ...marketDataTestEnv(fake), ...options.marketDataEnv });
  let marketData = await startMarketData(marketDataConfig, createLogger('market-data', 'silent'));
  const tokens: TokensService = await startTokens(
    loadTokensConfig({
      ...shared,
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: options.adminKey,
      STREAM_BLOCK_MS: '200',
      MARKET_DATA_URL: marketData.url,
      ...options.tokensEnv,
    }),
  );
  const gateway: RunningGateway = await startGateway(
    loadGatewayConfig({
      ...shared,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: tokens.url,
      MARKET_DATA_URL: marketData.url,
    }),
    createLogger('gateway', 'silent'),
  );
  return {
    fake,
    db,
    gatewayUrl: gateway.url,
    marketData: () => marketData,
    async restartMarketData() {
      await marketData.close();
      const port = Number(new URL(marketData.url).port);
      marketData = await startMarketData(
        { ...marketDataConfig, MARKET_DATA_PORT: port },
        createLogger('market-data', 'silent'),
      );
    },
    async close() {
      await gateway.close();
      await marketData.close();
      await tokens.close();
      if (!options.fake) await fake.close();
      await db.drop();
    },
  };
}
