import type { Logger, TokenBucket } from '@memegraph/infra';
import type { MarketDataConfig } from '../market-data.config.js';
import type { Source } from '../model/market-model.js';
import { DexScreenerClient } from './dexscreener.client.js';
import { GeckoTerminalClient } from './geckoterminal.client.js';
import { JupiterClient } from './jupiter.client.js';
import type { UpstreamBackoffPort } from './upstream-backoff.js';
import { createUpstreamBudgets } from './upstream-budget.js';
import type { UpstreamSources } from './upstream-source.js';
import type { UpstreamStatusTracker } from './upstream-status.js';

/** The upstream adapters by source, each an UpstreamSource with its own endpoints besides. */
export interface UpstreamClients extends UpstreamSources {
  DEXSCREENER: DexScreenerClient;
  GECKOTERMINAL: GeckoTerminalClient;
  JUPITER: JupiterClient;
}

/** The three upstream adapters, all behind the shared rate limits and back-off. */
export function createUpstreamClients(
  config: MarketDataConfig,
  deps: {
    tracker: UpstreamStatusTracker;
    log: Logger;
    bucket: TokenBucket;
    backoff: UpstreamBackoffPort;
    rateLimits: Record<Source, number>;
  },
): UpstreamClients {
  const { acquire, rateLimited } = createUpstreamBudgets({
    bucket: deps.bucket,
    limits: {
      'DEXSCREENER:pairs': deps.rateLimits.DEXSCREENER,
      'DEXSCREENER:discovery': config.DEXSCREENER_DISCOVERY_RATE_LIMIT_PER_MINUTE,
      'GECKOTERMINAL:default': deps.rateLimits.GECKOTERMINAL,
      'JUPITER:default': deps.rateLimits.JUPITER,
    },
    maxWaitMs: config.RATE_LIMIT_MAX_WAIT_MS,
    onDemandPercent: config.RATE_LIMIT_ON_DEMAND_PERCENT,
    backfillPercent: { 'GECKOTERMINAL:default': config.BACKFILL_RATE_LIMIT_PERCENT },
    backoff: deps.backoff,
    cooldown: {
      defaultMs: config.UPSTREAM_COOLDOWN_DEFAULT_SECONDS * 1000,
      maxMs: config.UPSTREAM_COOLDOWN_MAX_SECONDS * 1000,
    },
    tracker: deps.tracker,
    log: deps.log,
  });
  const common = {
    tracker: deps.tracker,
    log: deps.log,
    acquire,
    rateLimited,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
  };
  return {
    DEXSCREENER: new DexScreenerClient({ ...common, baseUrl: config.DEXSCREENER_BASE_URL }),
    GECKOTERMINAL: new GeckoTerminalClient({ ...common, baseUrl: config.GECKOTERMINAL_BASE_URL }),
    JUPITER: new JupiterClient({ ...common, baseUrl: config.JUPITER_BASE_URL, apiKey: config.JUPITER_API_KEY }),
  };
}
