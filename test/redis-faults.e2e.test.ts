/**
 * The stack keeps serving when its Redis freezes or dies, as an operator runs it: gateway, tokens and
 * market-data each in its own process in production mode (per-client rate limit on, SUBGRAPH_SECRET set)
 * on a private redis-server that the test freezes (SIGSTOP) and kills. A client reads token metadata and
 * market data at 4 queries/s throughout; every Redis call on a request path has a short timeout and a
 * fallback (local rate limit, in-process market records served stale), and /metrics and the logs say so.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { startProductionStack, type ProductionStack } from './harness/production-stack.js';
import type { PrivateRedis } from './harness/private-redis.js';
import type { ServiceProcess } from './harness/service-process.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

/** Six tracked tokens; the fake upstream answers any address with a generated token (synthetic mode). */
const TOKENS = Array.from({ length: 6 }, (_, i) => fakeSolanaAddress(100 + i, 'Fau1t'));
const READ = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol name market { priceUsd stale } } }`;
/** How long each fault lasts, how fast the client reads, and how long it waits for one answer. */
const FAULT_MS = 10_000;
const READS_PER_SECOND = 4;
const CLIENT_TIMEOUT_MS = 5_000;
const ANSWER_WITHIN_MS = 2_000;
/** Only the flood test spends this client's budget; the readers each have their own key. */
const RATE_LIMIT = {
  RATE_LIMIT_PER_MINUTE: '600',
  RATE_LIMIT_BURST: '100',
  // Only listed keys have budgets of their own; any other counts as the (one, loopback) address.
  RATE_LIMIT_API_KEYS: ['flood', 'not-the-flood', 'admin', ...TOKENS]
    .map((key) => createHash('sha256').update(key).digest('hex'))
    .join(','),
};

let stack: ProductionStack;
let redis: PrivateRedis;
let gateway: ServiceProcess;
let marketData: ServiceProcess;
let graphqlUrl: string;

beforeAll(async () => {
  stack = await startProductionStack({ name: 'redis_faults', upstream: { synthetic: true }, gatewayEnv: RATE_LIMIT });
  ({ redis, gateway, marketData, graphqlUrl } = stack);
  for (const [i, address] of TOKENS.entries()) {
    const tracked = await stack.track(address, `FLT${i}`);
    expect(tracked.body).toEqual({ data: { trackToken: { symbol: `FLT${i}` } } });
  }
  // Every token priced and fresh before any fault.
  await waitFor(
    async () => (await Promise.all(TOKENS.map((address) => read(address, address)))).every((r) => r.priced && !r.stale),
    30_000,
    'all six tokens priced',
    200,
  );
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

/** One read as the client saw it. */
interface Read {
  startedAt: number;
  ms: number;
  status: number | 'timeout';
  /** Error codes in the body. */
  codes: string[];
  /** token.symbol and market.priceUsd present. */
  priced: boolean;
  stale: boolean | undefined;
}

/** Reads one token as the client with `apiKey` (each has its own rate-limit budget). */
async function read(address: string, apiKey: string): Promise<Read> {
  const startedAt = Date.now();
  try {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: READ, variables: { a: address } }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      data?: { token?: { symbol?: string; market?: { priceUsd?: number | null; stale?: boolean } | null } | null };
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    const market = body.data?.token?.market;
    return {
      startedAt,
      ms: Date.now() - startedAt,
      status: response.status,
      codes: (body.errors ?? []).map((error) => String(error.extensions?.code)),
      priced: Boolean(body.data?.token?.symbol) && typeof market?.priceUsd === 'number',
      stale: market?.stale,
    };
  } catch {
    return { startedAt, ms: Date.now() - startedAt, status: 'timeout', codes: [], priced: false, stale: undefined };
  }
}

/** Reads at READS_PER_SECOND for `durationMs` (each reader its own API key, the tokens in turn); all answers. */
async function readFor(durationMs: number): Promise<Read[]> {
  const reads: Promise<Read>[] = [];
  const count = Math.round((durationMs / 1000) * READS_PER_SECOND);
  const started = Date.now();
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / READS_PER_SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    reads.push(read(TOKENS[i % TOKENS.length]!, `reader-${i % 4}`));
  }
  return Promise.all(reads);
}

const answeredInTime = (r: Read) => r.status === 200 && r.priced && r.ms <= ANSWER_WITHIN_MS;
const figures: string[] = [];

/** ≥ 90 % answered within 2 s with data; nothing failed as a server error. */
function expectServed(reads: Read[], what: string): void {
  const inTime = reads.filter(answeredInTime).length;
  const slowest = Math.max(...reads.map((r) => r.ms));
  // What the rest got, so a failure says why (status, error codes, missing data).
  const missed = reads
    .filter((r) => !answeredInTime(r))
    .map((r) => `${r.status}${r.codes.length ? ` ${r.codes.join('+')}` : ''}${r.priced ? '' : ' unpriced'}`);
  const why = [...new Set(missed)].map((kind) => `${missed.filter((m) => m === kind).length}× ${kind}`);
  figures.push(
    `${what}: ${inTime}/${reads.length} answered within 2 s with data (slowest ${slowest} ms)` +
      (why.length ? `; the rest: ${why.join(', ')}` : ''),
  );
  expect(reads.filter((r) => r.status !== 'timeout' && r.status >= 500)).toEqual([]);
  expect(reads.flatMap((r) => r.codes)).not.toContain('INTERNAL_SERVER_ERROR');
  expect(inTime / reads.length).toBeGreaterThanOrEqual(0.9);
}

/**
 * Records younger than the in-process cache's lifetime (CACHE_L1_TTL_SECONDS, 2 s) are served as they are;
 * past it, they are the last known copies, which Redis cannot confirm: flagged stale (checked from the
 * fault's second half on, well past that lifetime).
 */
function expectStaleOnceUnconfirmed(reads: Read[]): void {
  const late = reads.filter((r) => r.startedAt - reads[0]!.startedAt >= FAULT_MS / 2 && r.priced);
  expect(late.length).toBeGreaterThan(0);
  expect(late.filter((r) => r.stale !== true)).toEqual([]);
}

const redisAvailable = async (service: ServiceProcess) =>
  getSample(await scrape(service.baseUrl), 'memegraph_redis_available');

afterAll(() => {
  if (figures.length > 0)
    console.log(`[figures] Redis faults, ${READS_PER_SECOND} reads/s:\n  ${figures.join('\n  ')}`);
});

describe('Redis frozen (SIGSTOP) for 10 s', () => {
  it('answers ≥ 90 % of reads within 2 s with data, market data stale-flagged once it cannot be confirmed', async () => {
    redis.freeze();
    let reads: Read[];
    try {
      reads = await readFor(FAULT_MS);
    } finally {
      redis.thaw();
    }
    expectServed(reads, 'frozen');
    expectStaleOnceUnconfirmed(reads);
  }, 40_000);

  it('answers normally again after SIGCONT, and says Redis is back on /metrics and in the log', async () => {
    await waitFor(
      async () => (await redisAvailable(gateway)) === 1 && (await redisAvailable(marketData)) === 1,
      15_000,
      'Redis available again on /metrics',
      200,
    );
    await waitFor(
      async () =>
        (await Promise.all(TOKENS.map((address) => read(address, address)))).every((r) => r.priced && !r.stale),
      20_000,
      'fresh market data for every token',
      200,
    );
    for (const service of [gateway, marketData]) {
      const messages = service.logs().map((line) => line.msg);
      expect(messages.filter((msg) => msg === 'redis unavailable; serving from fallbacks').length).toBeGreaterThan(0);
      expect(messages.filter((msg) => msg === 'redis available again').length).toBeGreaterThan(0);
    }
  }, 40_000);
});

describe('Redis down (killed) for 10 s', () => {
  it('answers ≥ 90 % of reads within 2 s with data, stale-flagged, and counts the fallbacks on /metrics', async () => {
    // Counters and log lines are cumulative (the freeze above raised them too): this outage's are the difference.
    const fallbacks = async () => {
      const [g, m] = await Promise.all([scrape(gateway.baseUrl), scrape(marketData.baseUrl)]);
      return {
        rateLimit: getSample(g, 'memegraph_redis_fallbacks_total', { use: 'rate-limit' }) ?? 0,
        marketCache: getSample(m, 'memegraph_redis_fallbacks_total', { use: 'market-cache' }) ?? 0,
      };
    };
    const downLines = (service: ServiceProcess) =>
      service.logs().filter((line) => line.msg === 'redis unavailable; serving from fallbacks').length;
    const before = { ...(await fallbacks()), gatewayLines: downLines(gateway), marketLines: downLines(marketData) };
    await redis.kill();
    const reads = await readFor(FAULT_MS);
    expectServed(reads, 'down');
    expectStaleOnceUnconfirmed(reads);
    const [g, m] = await Promise.all([scrape(gateway.baseUrl), scrape(marketData.baseUrl)]);
    expect(getSample(g, 'memegraph_redis_available')).toBe(0);
    expect(getSample(m, 'memegraph_redis_available')).toBe(0);
    const after = await fallbacks();
    expect(after.rateLimit - before.rateLimit).toBeGreaterThanOrEqual(reads.length);
    expect(after.marketCache - before.marketCache).toBeGreaterThan(0);
    // One line when it went down, not one per request.
    expect(downLines(gateway) - before.gatewayLines).toBeGreaterThanOrEqual(1);
    expect(downLines(gateway) - before.gatewayLines).toBeLessThanOrEqual(2);
    expect(downLines(marketData) - before.marketLines).toBeGreaterThanOrEqual(1);
    expect(downLines(marketData) - before.marketLines).toBeLessThanOrEqual(2);
  }, 40_000);

  it('still refuses a flood from one client with 429 RATE_LIMITED (a local limit), and lets the others through', async () => {
    const started = Date.now();
    const flood = await Promise.all(
      Array.from({ length: 200 }, () =>
        postGraphql(graphqlUrl, '{ upstreams { source } }', {}, { 'x-api-key': 'flood' }),
      ),
    );
    const elapsedMinutes = (Date.now() - started) / 60_000;
    const admitted = flood.filter((r) => r.status === 200).length;
    const refused = flood.filter((r) => r.status === 429);
    expect(admitted + refused.length).toBe(flood.length);
    // The burst, plus what refills while the flood lasts: never the whole flood.
    expect(admitted).toBeLessThanOrEqual(100 + Math.ceil(600 * elapsedMinutes) + 1);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another client has its own budget.
    expect((await read(TOKENS[0]!, 'not-the-flood')).status).toBe(200);
  }, 30_000);
});
