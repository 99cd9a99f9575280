/**
 * Two market-data instances (production mode, own Redis connections, one key prefix) poll the fake
 * upstream. DexScreener answers one 429 with Retry-After: no instance may call that budget again before it
 * expires, the effective rate drops and shows in Query.upstreams and /metrics on both, and polling resumes
 * after the cool-down.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Stream, streams, type Streams } from '@memegraph/contracts';
import {
  createLogger,
  createRedisDurableStream,
  SUBGRAPH_SECRET_HEADER,
  type DurableStreamPort,
} from '@memegraph/infra';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { getSample, scrape } from '../../../test/harness/prometheus-text.js';
import { testEnv } from '../../../test/harness/test-database.js';

const log = createLogger('test', 'silent');
const SECRET = randomBytes(24).toString('base64url');
const RETRY_AFTER_SECONDS = 4;
const TOKENS = [
  'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4',
  'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
  'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump',
];
const UPSTREAMS = `{ upstreams { source rateLimitPerMinute effectiveRateLimitPerMinute coolingDownUntil } }`;

let fake: FakeUpstream;
let stream: DurableStreamPort<Streams>;
let redis: Redis;
let prefix: string;
const services: MarketDataService[] = [];

/** DexScreener's row of Query.upstreams on one instance. */
async function dexScreenerStatus(service: MarketDataService) {
  const result = await postGraphql(service.url, UPSTREAMS, {}, { [SUBGRAPH_SECRET_HEADER]: SECRET });
  const rows = result.body.data?.upstreams as Array<{
    source: string;
    rateLimitPerMinute: number;
    effectiveRateLimitPerMinute: number;
    coolingDownUntil: string | null;
  }>;
  return rows.find((row) => row.source === 'DEXSCREENER')!;
}

const pairCalls = () => fake.requests('dexscreener').filter((r) => r.endpointClass === 'pairs');

beforeAll(async () => {
  prefix = `test:backoff-e2e:${randomBytes(4).toString('hex')}:`;
  fake = await startFakeUpstream();
  stream = createRedisDurableStream({ events: streams, url: testEnv('TEST_REDIS_URL'), log, keyPrefix: prefix });
  redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
  for (const address of TOKENS)
    await stream.append(Stream.TOKENS_TRACKING, { chain: 'SOLANA', address, tracked: true });
  for (const id of ['a', 'b']) {
    const config = loadMarketDataConfig({
      ...marketDataTestEnv(fake),
      NODE_ENV: 'production',
      SUBGRAPH_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      REDIS_URL: testEnv('TEST_REDIS_URL'),
      REDIS_KEY_PREFIX: prefix,
      INSTANCE_ID: `backoff-${id}`,
      // Cold tokens due every 200 ms: without a shared cool-down both instances would call again at once.
      POLL_COLD_INTERVAL_MS: '200',
    });
    services.push(await startMarketData(config, log));
  }
  await waitFor(() => pairCalls().length >= 3, 10_000, 'both instances polling DexScreener');
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.close()));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await stream?.close();
  await fake?.close();
});

describe('a 429 with Retry-After, shared by every instance', () => {
  let limitedAt = 0;

  it('stops every instance from calling that budget until Retry-After has passed', async () => {
    fake.fail('/dexscreener/tokens/v1/', { status: 429, retryAfter: RETRY_AFTER_SECONDS, times: 1 });
    const limited = await fake.waitForRequest('/dexscreener/tokens/v1/');
    limitedAt = limited.at;
    await waitFor(() => pairCalls().some((r) => r.at > limitedAt), 15_000, 'DexScreener polled again');
    const next = pairCalls().find((r) => r.at > limitedAt)!;
    console.log(
      `[figures] next DexScreener call from either instance ${next.at - limitedAt} ms after a 429 with Retry-After: ${RETRY_AFTER_SECONDS}`,
    );
    // Not one call from either instance inside the window (the fake stamps arrival on its own clock).
    expect(next.at - limitedAt).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000 - 50);
    // And they did come back soon after it, not after a long stall.
    expect(next.at - limitedAt).toBeLessThan(RETRY_AFTER_SECONDS * 1000 + 3_000);
  }, 20_000);

  it('halves the effective rate on every instance, visible in Query.upstreams and /metrics, recovering', async () => {
    for (const service of services) {
      const status = await dexScreenerStatus(service);
      expect(status.rateLimitPerMinute).toBe(300);
      // 300 × 0.5, plus at most the 10 %/min recovered since the 429 (a few seconds: < 8/min).
      expect(status.effectiveRateLimitPerMinute).toBeGreaterThanOrEqual(150);
      expect(status.effectiveRateLimitPerMinute).toBeLessThan(165);
      const metrics = await scrape(service.url.replace('/graphql', ''));
      // Read a moment later: the rate may have recovered by one request per minute since.
      const gauge = getSample(metrics, 'memegraph_upstream_effective_rate_per_minute', { source: 'DEXSCREENER' })!;
      expect(gauge - status.effectiveRateLimitPerMinute).toBeGreaterThanOrEqual(0);
      expect(gauge - status.effectiveRateLimitPerMinute).toBeLessThanOrEqual(2);
      expect(
        getSample(metrics, 'memegraph_upstream_rate_limited_total', { source: 'DEXSCREENER' }),
      ).toBeLessThanOrEqual(1);
    }
    const answered429 = await Promise.all(
      services.map(async (s) =>
        getSample(await scrape(s.url.replace('/graphql', '')), 'memegraph_upstream_rate_limited_total', {
          source: 'DEXSCREENER',
        }),
      ),
    );
    expect(answered429.reduce((sum, n) => sum! + n!, 0)).toBe(1);
  });

  it('shows the cool-down while it lasts', async () => {
    fake.fail('/dexscreener/tokens/v1/', { status: 429, retryAfter: 30, times: 1 });
    const limited = await fake.waitForRequest('/dexscreener/tokens/v1/');
    // Both instances see the shared cool-down at their next poll round.
    await waitFor(
      async () => (await Promise.all(services.map(dexScreenerStatus))).every((s) => s.coolingDownUntil !== null),
      5_000,
      'cool-down visible on both instances',
    );
    for (const service of services) {
      const until = Date.parse((await dexScreenerStatus(service)).coolingDownUntil!);
      expect(Math.abs(until - (limited.at + 30_000))).toBeLessThan(2_000);
      const metrics = await scrape(service.url.replace('/graphql', ''));
      expect(getSample(metrics, 'memegraph_upstream_cooling_down', { source: 'DEXSCREENER' })).toBe(1);
      // Two 429s: a quarter of the limit (plus the little recovered since).
      expect((await dexScreenerStatus(service)).effectiveRateLimitPerMinute).toBeLessThan(100);
    }
    const before = pairCalls().length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pairCalls().length).toBe(before);
  });
});
