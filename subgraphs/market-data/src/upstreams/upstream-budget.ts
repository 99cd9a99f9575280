import { RateLimitExceededError, type Logger, type TokenBucket, type TokenBucketOptions } from '@memegraph/infra';
import type { Source } from '../model/market-model.js';
import type { UpstreamBackoffPort } from './upstream-backoff.js';
import {
  ON_DEMAND_MAX_WAIT_MS,
  type AcquireHook,
  type EndpointClass,
  type RateLimitedHook,
} from './upstream-client.js';
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
 * A documented limit split into buckets: `onDemand` (at least 2/min, `onDemandPercent` of the limit, half of
 * it available at once) for calls a person waits on, `backfill` (`backfillPercent` of the limit, present only
 * when that is above 0) for history backfill, `background` (the rest, at least 2/min) for pollers. Each bucket
 * admits at most its share in any minute, so together they stay within the limit. A limit too small to split
 * (below 4/min) is one background bucket that on-demand calls share (`onDemand` null), without backfill.
 */
export function toBudgetShapes(perMinute: number, onDemandPercent: number, backfillPercent = 0): BudgetShapes {
  const onDemand = Math.min(perMinute - 2, Math.max(2, Math.round((perMinute * onDemandPercent) / 100)));
  if (onDemand < 2) return { onDemand: null, background: toBucketShape(perMinute) };
  // People come in bursts (an admin tracking a list): half the share may go at once, the rest refills.
  const burst = Math.floor(onDemand / 2);
  // Backfill's share comes out of the pollers' and leaves them at least 2/min.
  const backfill =
    backfillPercent > 0
      ? Math.min(perMinute - onDemand - 2, Math.max(1, Math.round((perMinute * backfillPercent) / 100)))
      : 0;
  return {
    onDemand: { capacity: burst, refillPerMinute: onDemand - burst },
    background: toBucketShape(perMinute - onDemand - backfill),
    ...(backfill >= 1 && { backfill: toBucketShape(backfill) }),
  };
}

/** The buckets of one budget (see {@link toBudgetShapes}). */
export interface BudgetShapes {
  onDemand: TokenBucketOptions | null;
  background: TokenBucketOptions;
  /** Absent when the budget has no backfill share. */
  backfill?: TokenBucketOptions;
}

/** The budget key of a request: its endpoint class, or the source's default when the class has no limit of its own. */
export type BudgetLimits = Partial<Record<`${Source}:${EndpointClass}`, number>>;

/** How 429s close a budget for everyone. */
export interface CooldownOptions {
  /** Cool-down after a 429 without Retry-After. */
  defaultMs: number;
  /** Longest cool-down honoured (a Retry-After of hours is capped here). */
  maxMs: number;
}

/** Options of {@link createUpstreamBudgets}. */
export interface UpstreamBudgetOptions {
  bucket: TokenBucket;
  limits: BudgetLimits;
  /** Longest wait of a background call for budget (RATE_LIMIT_MAX_WAIT_MS). */
  maxWaitMs: number;
  /** RATE_LIMIT_ON_DEMAND_PERCENT. */
  onDemandPercent: number;
  /** Share of a budget backfill calls may spend, in percent (BACKFILL_RATE_LIMIT_PERCENT); none when absent. */
  backfillPercent?: Partial<Record<`${Source}:${EndpointClass}`, number>>;
  /** Shared back-off after 429s; without it a 429 only fails its own call. */
  backoff?: UpstreamBackoffPort;
  cooldown?: CooldownOptions;
  tracker?: UpstreamStatusTracker;
  log?: Logger;
}

/** A budget is cooling down after a 429: nobody calls the upstream before `waitMs` has passed. */
export class UpstreamCoolingDownError extends RateLimitExceededError {
  constructor(key: string, waitMs: number) {
    super(key, waitMs);
    this.message = `${key} is cooling down after HTTP 429 for ${waitMs} ms more`;
  }
}

/**
 * The rate-limit hooks every upstream call passes: `acquire` before each attempt, `rateLimited` on a 429.
 *
 * - Per source and endpoint class, one shared bucket for background calls, one for on-demand calls and, with
 *   a backfill share, one for backfill calls (see {@link toBudgetShapes}); a backfill call only ever takes
 *   from its own bucket, at once or not at all. Background calls wait at most `maxWaitMs` on theirs. An on-demand call
 *   takes from its own bucket, else from the background bucket if it has budget now, else waits (at most
 *   2 s) for its own to refill; then it is refused with the wait it would have needed.
 * - With `backoff`: a 429 closes the budget for every instance until its Retry-After (or the default
 *   cool-down) has passed, and halves its effective rate, which recovers additively toward the
 *   documented limit; both buckets are sized from the effective rate.
 */
export function createUpstreamBudgets(options: UpstreamBudgetOptions): {
  acquire: AcquireHook;
  rateLimited: RateLimitedHook;
} {
  const { bucket, limits, maxWaitMs, onDemandPercent, backfillPercent = {}, backoff, tracker, log } = options;
  const cooldown = options.cooldown ?? { defaultMs: 30_000, maxMs: 600_000 };
  const budgetOf = (source: Source, endpointClass: EndpointClass) => {
    // A class without a limit of its own shares the source's default budget (and bucket).
    const bucketClass = limits[`${source}:${endpointClass}`] !== undefined ? endpointClass : 'default';
    const perMinute = limits[`${source}:${bucketClass}`];
    const key = `${source}:${bucketClass}` as const;
    return perMinute === undefined ? undefined : { key, perMinute, bucketClass };
  };
  const acquire: AcquireHook = async (source, endpointClass, priority) => {
    const budget = budgetOf(source, endpointClass);
    if (!budget) return;
    const { key } = budget;
    let perMinute = budget.perMinute;
    if (backoff) {
      const state = await backoff.state(key);
      tracker?.recordBackoff(source, budget.bucketClass, state);
      if (state.closedForMs > 0) throw new UpstreamCoolingDownError(key, state.closedForMs);
      perMinute = Math.max(1, Math.floor(perMinute * state.factor));
    }
    const { onDemand, background, backfill } = toBudgetShapes(perMinute, onDemandPercent, backfillPercent[key] ?? 0);
    if (priority === 'backfill') {
      // The lowest priority never waits and never borrows: only its own share, else refused until a later try.
      if (!backfill) throw new RateLimitExceededError(`${key}:backfill`, Infinity);
      const taken = await bucket.tryAcquire(`${key}:backfill`, backfill);
      if (!taken.allowed) throw new RateLimitExceededError(`${key}:backfill`, taken.waitMs);
      return;
    }
    if (priority === 'background' || !onDemand) {
      const wait = priority === 'background' ? maxWaitMs : Math.min(maxWaitMs, ON_DEMAND_MAX_WAIT_MS);
      await bucket.acquire(key, background, { maxWaitMs: wait });
      return;
    }
    if ((await bucket.tryAcquire(`${key}:on-demand`, onDemand)).allowed) return;
    if ((await bucket.tryAcquire(key, background)).allowed) return;
    await bucket.acquire(`${key}:on-demand`, onDemand, { maxWaitMs: ON_DEMAND_MAX_WAIT_MS });
  };
  const rateLimited: RateLimitedHook = async (source, endpointClass, retryAfterMs) => {
    const budget = budgetOf(source, endpointClass);
    if (!budget || !backoff) return;
    const closeMs = Math.min(cooldown.maxMs, retryAfterMs ?? cooldown.defaultMs);
    const state = await backoff.penalize(budget.key, closeMs);
    tracker?.recordBackoff(source, budget.bucketClass, state);
    log?.warn(
      {
        source,
        budget: budget.key,
        closedForMs: state.closedForMs,
        effectivePerMinute: Math.max(1, Math.floor(budget.perMinute * state.factor)),
      },
      `upstream ${source} answered 429: no instance calls ${budget.key} for ${Math.ceil(state.closedForMs / 1000)} s; ` +
        `effective rate ${Math.round(state.factor * 100)} % of ${budget.perMinute}/min, recovering`,
    );
  };
  return { acquire, rateLimited };
}
