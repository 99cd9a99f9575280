import { z } from 'zod';
import { commonConfigSchema, envPort, envPositiveInt, loadConfig } from '@memegraph/infra';

/** Environment of the market-data subgraph; every variable is documented in .env.example. */
export const marketDataConfigSchema = commonConfigSchema.extend({
  /** HTTP port of the subgraph. */
  MARKET_DATA_PORT: envPort.default(4002),
  /** Interface to bind; 127.0.0.1 keeps the subgraph private to the host. */
  MARKET_DATA_HOST: z.string().default('0.0.0.0'),
  /** DexScreener token/pair endpoints budget (documented public limit: 300/min). */
  DEXSCREENER_RATE_LIMIT_PER_MINUTE: envPositiveInt.default(300),
  /** GeckoTerminal budget (documented public limit: 30/min). */
  GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: envPositiveInt.default(30),
  /** Jupiter budget; the documented limit is 30/min keyless, 60/min with JUPITER_API_KEY. */
  JUPITER_RATE_LIMIT_PER_MINUTE: envPositiveInt.optional(),
  /** Optional Jupiter API key (raises the documented limit to 60/min). */
  JUPITER_API_KEY: z.string().optional(),
});

export type MarketDataConfig = z.output<typeof marketDataConfigSchema>;

/** Parses the market-data subgraph's environment, reporting every problem at once. */
export const loadMarketDataConfig = (env: NodeJS.ProcessEnv = process.env): MarketDataConfig =>
  loadConfig(marketDataConfigSchema, env);
