import { describe, expect, it } from '@jest/globals';
import { createMemoryTokenBucket, RateLimitExceededError } from '@memegraph/infra';
import { createMemoryUpstreamBackoff } from './upstream-backoff.js';
import { createUpstreamBudgets, toBucketShape, toBudgetShapes, UpstreamCoolingDownError } from './upstream-budget.js';

/** Most a bucket admits in any 60 s window. */
const perMinute = (shape: { capacity: number; refillPerMinute: number } | null) =>
  shape ? shape.capacity + shape.refillPerMinute : 0;

describe('toBudgetShapes', () => {
  it.each([4, 10, 30, 60, 300, 1000])(
    'keeps both shares of %i/min within the limit, on-demand bursting half',
    (limit) => {
      const { onDemand, background } = toBudgetShapes(limit, 20);
      expect(perMinute(onDemand) + perMinute(background)).toBeLessThanOrEqual(limit);
      expect(perMinute(onDemand)).toBeGreaterThanOrEqual(2);
      expect(onDemand!.capacity).toBe(Math.floor(perMinute(onDemand) / 2));
      expect(background).toEqual(toBucketShape(limit - perMinute(onDemand)));
    },
  );

  it('gives 30/min (Jupiter keyless, GeckoTerminal) 6 on-demand (3 at once) and 24 to the pollers', () => {
    expect(toBudgetShapes(30, 20)).toEqual({
      onDemand: { capacity: 3, refillPerMinute: 3 },
      background: { capacity: 1, refillPerMinute: 23 },
    });
  });

  it('does not split a limit below 4/min', () => {
    expect(toBudgetShapes(3, 20)).toEqual({ onDemand: null, background: toBucketShape(3) });
  });
});

/** The acquire hook of budgets with one limit, no back-off. */
const createAcquireHook = (
  bucket: ReturnType<typeof createMemoryTokenBucket>,
  limits: Record<string, number>,
  maxWaitMs: number,
  onDemandPercent: number,
) => createUpstreamBudgets({ bucket, limits, maxWaitMs, onDemandPercent }).acquire;

describe('createUpstreamBudgets: people first', () => {
  const limits = { 'JUPITER:default': 30 } as const;

  it('serves on-demand calls from their own share while background calls are refused', async () => {
    let now = 0;
    const bucket = createMemoryTokenBucket(() => now);
    const acquire = createAcquireHook(bucket, limits, 0, 20);
    // The pollers spend the background share (capacity 1) and are then refused.
    await acquire('JUPITER', 'default', 'background');
    await expect(acquire('JUPITER', 'default', 'background')).rejects.toBeInstanceOf(RateLimitExceededError);
    // A person still gets three calls at once (half of the 6/min share).
    for (let i = 0; i < 3; i++) await acquire('JUPITER', 'default', 'on-demand');
    now += 1_000;
    await expect(acquire('JUPITER', 'default', 'on-demand')).rejects.toBeInstanceOf(RateLimitExceededError);
  });

  it('lets on-demand calls take spare background budget before their own share', async () => {
    const bucket = createMemoryTokenBucket(() => 0);
    const acquire = createAcquireHook(bucket, limits, 0, 20);
    for (let i = 0; i < 4; i++) await acquire('JUPITER', 'default', 'on-demand'); // 3 own + 1 spare background
    await expect(acquire('JUPITER', 'default', 'background')).rejects.toBeInstanceOf(RateLimitExceededError);
  });

  it('does not limit a source without a configured budget', async () => {
    const acquire = createAcquireHook(createMemoryTokenBucket(), limits, 0, 20);
    for (let i = 0; i < 100; i++) await acquire('DEXSCREENER', 'pairs', 'background');
  });
});

describe('createUpstreamBudgets: shared back-off after 429s', () => {
  const limits = { 'DEXSCREENER:pairs': 300 } as const;

  it('closes the budget until Retry-After for every caller sharing the back-off, then halves the rate', async () => {
    let now = 1_000_000;
    const backoff = createMemoryUpstreamBackoff({}, () => now);
    // Two instances: their own hooks, one shared back-off (Redis in production) and bucket.
    const bucket = createMemoryTokenBucket(() => now);
    const [a, b] = [0, 1].map(() =>
      createUpstreamBudgets({ bucket, limits, maxWaitMs: 0, onDemandPercent: 20, backoff }),
    );
    await a!.acquire('DEXSCREENER', 'pairs', 'background');
    await a!.rateLimited('DEXSCREENER', 'pairs', 30_000);
    for (const instance of [a!, b!]) {
      for (const priority of ['background', 'on-demand'] as const) {
        await expect(instance.acquire('DEXSCREENER', 'pairs', priority)).rejects.toBeInstanceOf(
          UpstreamCoolingDownError,
        );
      }
    }
    now += 29_999;
    await expect(b!.acquire('DEXSCREENER', 'pairs', 'background')).rejects.toMatchObject({ waitMs: 1 });
    now += 1;
    await b!.acquire('DEXSCREENER', 'pairs', 'background');
    expect(await backoff.state('DEXSCREENER:pairs')).toMatchObject({ closedForMs: 0 });
    expect((await backoff.state('DEXSCREENER:pairs')).factor).toBeCloseTo(0.5 + 0.1 * (30_000 / 60_000), 9);
  });

  it('uses the default cool-down without Retry-After and caps a long one', async () => {
    const backoff = createMemoryUpstreamBackoff({}, () => 0);
    const budgets = createUpstreamBudgets({
      bucket: createMemoryTokenBucket(() => 0),
      limits,
      maxWaitMs: 0,
      onDemandPercent: 20,
      backoff,
      cooldown: { defaultMs: 7_000, maxMs: 60_000 },
    });
    await budgets.rateLimited('DEXSCREENER', 'pairs', undefined);
    expect((await backoff.state('DEXSCREENER:pairs')).closedForMs).toBe(7_000);
    await budgets.rateLimited('DEXSCREENER', 'pairs', 3_600_000);
    expect((await backoff.state('DEXSCREENER:pairs')).closedForMs).toBe(60_000);
  });
});

describe('createUpstreamBudgets: backfill at the lowest priority', () => {
  const limits = { 'GECKOTERMINAL:default': 30 } as const;

  it.each([10, 20, 50])('carves %i % of 30/min out of the pollers, the three shares within the limit', (percent) => {
    const { onDemand, background, backfill } = toBudgetShapes(30, 20, percent);
    expect(perMinute(onDemand) + perMinute(background) + perMinute(backfill ?? null)).toBeLessThanOrEqual(30);
    expect(perMinute(onDemand)).toBe(6);
    expect(perMinute(background)).toBeGreaterThanOrEqual(2);
  });

  it('gives GeckoTerminal 6 on-demand, 6 to the backfill and 18 to the pollers at 20 %', () => {
    expect(toBudgetShapes(30, 20, 20)).toEqual({
      onDemand: { capacity: 3, refillPerMinute: 3 },
      background: toBucketShape(18),
      backfill: toBucketShape(6),
    });
  });

  it('spends only its own share, never waits, and leaves the pollers and people theirs', async () => {
    let now = 0;
    const bucket = createMemoryTokenBucket(() => now);
    const { acquire } = createUpstreamBudgets({
      bucket,
      limits,
      maxWaitMs: 0,
      onDemandPercent: 20,
      backfillPercent: { 'GECKOTERMINAL:default': 20 },
    });
    await acquire('GECKOTERMINAL', 'default', 'backfill');
    await expect(acquire('GECKOTERMINAL', 'default', 'backfill')).rejects.toBeInstanceOf(RateLimitExceededError);
    // The pollers and a person are untouched by what the backfill spent.
    await acquire('GECKOTERMINAL', 'default', 'background');
    await acquire('GECKOTERMINAL', 'default', 'on-demand');
    now += 12_000; // 5/min refill: one more backfill call after 12 s
    await acquire('GECKOTERMINAL', 'default', 'backfill');
  });

  it('refuses backfill calls on a budget without a backfill share', async () => {
    const acquire = createAcquireHook(
      createMemoryTokenBucket(() => 0),
      limits,
      0,
      20,
    );
    await expect(acquire('GECKOTERMINAL', 'default', 'backfill')).rejects.toBeInstanceOf(RateLimitExceededError);
  });
});
