import type { Logger, TokenBucket, TokenBucketOptions } from '@memegraph/infra';
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

/**
 * A documented limit split into two buckets: `onDemand` (at least 2/min, `onDemandPercent` of the limit,
 * half of it available at once) for calls a person waits on, `background` (the rest) for pollers. Each bucket admits at most its share in any
 * minute, so both together stay within the limit. A limit too small to split (below 4/min) is one
 * background bucket that on-demand calls share (`onDemand` null).
 */
export function toBudgetShapes(perMinute: number, onDemandPercent: number): BudgetShapes {
  const onDemand = Math.min(perMinute - 2, Math.max(2, Math.round((perMinute * onDemandPercent) / 100)));
  if (onDemand < 2) return { onDemand: null, background: toBucketShape(perMinute) };
  // People come in bursts (an admin tracking a list): half the share may go at once, the rest refills.
  const burst = Math.floor(onDemand / 2);
  return {
    onDemand: { capacity: burst, refillPerMinute: onDemand - burst },
    background: toBucketShape(perMinute - onDemand),
  };
}

/** The buckets of one budget (see {@link toBudgetShapes}). */
export interface BudgetShapes {
  onDemand: TokenBucketOptions | null;
  background: TokenBucketOptions;
}

/** The most one caller of each priority waits for budget (a person: never long). */
const ON_DEMAND_MAX_WAIT_MS = 2_000;

/**
 * The rate-limit hook: per source and endpoint class, one shared bucket for background calls and one for
 * on-demand calls (see {@link toBudgetShapes}). Background calls wait at most `maxWaitMs` on theirs. An
 * on-demand call takes from its own bucket, else from the background bucket if it has budget now, else
 * waits (at most 2 s) for its own to refill; then it is refused with the wait it would have needed.
 */
export function createAcquireHook(
  bucket: TokenBucket,
  limits: Partial<Record<`${Source}:${EndpointClass}`, number>>,
  maxWaitMs: number,
  onDemandPercent: number,
): AcquireHook {
  return async (source, endpointClass, priority) => {
    // A class without a limit of its own shares the source's default budget (and bucket).
    const bucketClass = limits[`${source}:${endpointClass}`] !== undefined ? endpointClass : 'default';
    const perMinute = limits[`${source}:${bucketClass}`];
    if (perMinute === undefined) return;
    const { onDemand, background } = toBudgetShapes(perMinute, onDemandPercent);
    const key = `${source}:${bucketClass}`;
    if (priority === 'background' || !onDemand) {
      const wait = priority === 'background' ? maxWaitMs : Math.min(maxWaitMs, ON_DEMAND_MAX_WAIT_MS);
      await bucket.acquire(key, background, { maxWaitMs: wait });
      return;
    }
    if ((await bucket.tryAcquire(`${key}:on-demand`, onDemand)).allowed) return;
    if ((await bucket.tryAcquire(key, background)).allowed) return;
    await bucket.acquire(`${key}:on-demand`, onDemand, { maxWaitMs: ON_DEMAND_MAX_WAIT_MS });
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
    config.RATE_LIMIT_ON_DEMAND_PERCENT,
  );
  const common = { tracker: deps.tracker, log: deps.log, acquire, timeoutMs: config.UPSTREAM_TIMEOUT_MS };
  return {
    DEXSCREENER: new DexScreenerClient({ ...common, baseUrl: config.DEXSCREENER_BASE_URL }),
    GECKOTERMINAL: new GeckoTerminalClient({ ...common, baseUrl: config.GECKOTERMINAL_BASE_URL }),
    JUPITER: new JupiterClient({ ...common, baseUrl: config.JUPITER_BASE_URL, apiKey: config.JUPITER_API_KEY }),
  };
}
