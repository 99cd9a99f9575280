import type { Logger, TokenBucket } from '@memegraph/infra';
import type { MarketDataConfig } from '../market-data.config.js';
import type { Source } from '../market/market-model.js';
import type { UpstreamClients } from '../polling/refresh-source.js';
import { DexScreenerClient } from './dexscreener.client.js';
import { GeckoTerminalClient } from './geckoterminal.client.js';
import { JupiterClient } from './jupiter.client.js';
import type { AcquireHook, EndpointClass } from './upstream-client.js';
import type { UpstreamStatusTracker } from './upstream-status.js';

/**
 * Bucket shape for a documented limit of `perMinute` requests. A token bucket admits up to
 * capacity + refill in any 60 s window, so the refill is the limit minus the burst: no instance mix can
 * exceed the documented limit in any minute.
 */
export function toBucketShape(perMinute: number): { capacity: number; refillPerMinute: number } {
  const capacity = Math.max(1, Math.floor(perMinute / 30));
  return { capacity, refillPerMinute: Math.max(1, perMinute - capacity) };
}

/** The rate-limit hook: one shared bucket per source and endpoint class, waiting at most `maxWaitMs`. */
export function createAcquireHook(
  bucket: TokenBucket,
  limits: Partial<Record<`${Source}:${EndpointClass}`, number>>,
  maxWaitMs: number,
): AcquireHook {
  return async (source, endpointClass) => {
    // A class without a limit of its own shares the source's default budget (and bucket).
    const bucketClass = limits[`${source}:${endpointClass}`] !== undefined ? endpointClass : 'default';
    const perMinute = limits[`${source}:${bucketClass}`];
    if (perMinute === undefined) return;
    await bucket.acquire(`${source}:${bucketClass}`, toBucketShape(perMinute), { maxWaitMs });
  };
}

/** The three upstream adapters, all behind the shared rate limits. */
export function createUpstreamClients(
  config: MarketDataConfig,
  deps: { tracker: UpstreamStatusTracker; log: Logger; bucket: TokenBucket; rateLimits: Record<Source, number> },
): UpstreamClients {
  const acquire = createAcquireHook(
    deps.bucket,
    {
      'DEXSCREENER:pairs': deps.rateLimits.DEXSCREENER,
      'DEXSCREENER:discovery': config.DEXSCREENER_DISCOVERY_RATE_LIMIT_PER_MINUTE,
      'GECKOTERMINAL:default': deps.rateLimits.GECKOTERMINAL,
      'JUPITER:default': deps.rateLimits.JUPITER,
    },
    config.RATE_LIMIT_MAX_WAIT_MS,
  );
  const common = { tracker: deps.tracker, log: deps.log, acquire, timeoutMs: config.UPSTREAM_TIMEOUT_MS };
  return {
    DEXSCREENER: new DexScreenerClient({ ...common, baseUrl: config.DEXSCREENER_BASE_URL }),
    GECKOTERMINAL: new GeckoTerminalClient({ ...common, baseUrl: config.GECKOTERMINAL_BASE_URL }),
    JUPITER: new JupiterClient({ ...common, baseUrl: config.JUPITER_BASE_URL, apiKey: config.JUPITER_API_KEY }),
  };
}
