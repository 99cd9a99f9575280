/**
 * The upstream adapters against the fake upstream over real HTTP: fixture answers, retries with
 * Retry-After, timeouts, malformed bodies, the circuit breaker, the rate-limit hook and status tracking.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import type { Source } from '../src/model/market-model.js';
import { DexScreenerClient } from '../src/upstreams/dexscreener.client.js';
import { GeckoTerminalClient } from '../src/upstreams/geckoterminal.client.js';
import { JupiterClient } from '../src/upstreams/jupiter.client.js';
import { parseRetryAfter, type EndpointClass, type UpstreamAdapterOptions } from '../src/upstreams/upstream-client.js';
import { UpstreamError } from '../src/upstreams/upstream-error.js';
import { UpstreamStatusTracker } from '../src/upstreams/upstream-status.js';

const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
const MOONX = 'MooNExamp1eK9XaDorhCqCTjgiM87ZVBtmvX1W2Mpump';
const GIGAX = 'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump';
const CATX = 'CATXExamp1e6X83f8kKQnRrzpXGcA6RHoCJ5L3ZTpump';
const unknownMint = (i: number) => `UnknownExamp1e${String(i).padStart(30, '0')}`;

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Adapters on the fake with short delays; `acquired` records every call of the rate-limit hook. */
function setup(overrides: Partial<UpstreamAdapterOptions> & { apiKey?: string } = {}) {
  const tracker = new UpstreamStatusTracker({
    rateLimitPerMinute: { DEXSCREENER: 300, GECKOTERMINAL: 30, JUPITER: 30 },
  });
  const log = createLogger('upstream-clients-test', 'silent');
  const acquired: [Source, EndpointClass][] = [];
  const options: UpstreamAdapterOptions = {
    tracker,
    log,
    timeoutMs: 2_000,
    acquire: async (source, endpointClass) => void acquired.push([source, endpointClass]),
    retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 3_000 },
    breaker: { consecutiveFailures: 50, halfOpenAfterMs: 150 },
    ...overrides,
  };
  return {
    tracker,
    log,
    acquired,
    dexScreener: new DexScreenerClient({ ...options, baseUrl: `${fake.url}/dexscreener` }),
    geckoTerminal: new GeckoTerminalClient({ ...options, baseUrl: `${fake.url}/geckoterminal` }),
    jupiter: new JupiterClient({ ...options, baseUrl: `${fake.url}/jupiter`, apiKey: overrides.apiKey }),
  };
}

/** The UpstreamError a call rejects with. */
async function failureOf(call: Promise<unknown>): Promise<UpstreamError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

describe('adapters over HTTP', () => {
  it('DexScreener tokens: only the requested base tokens, unknown ones absent, one budget token per call', async () => {
    const { dexScreener, acquired } = setup();
    const { pools } = await dexScreener.getTokens('SOLANA', [BONKX, WIFX, unknownMint(1)]);
    expect(pools.map((p) => p.base.address).sort()).toEqual([BONKX, WIFX].sort());
    expect(fake.requests('dexscreener').map((r) => r.path)).toEqual([
      `/tokens/v1/solana/${BONKX},${WIFX},${unknownMint(1)}`,
    ]);
    expect(acquired).toEqual([['DEXSCREENER', 'pairs']]);
  });

  it('DexScreener tokens: splits more than 30 addresses into calls of at most 30', async () => {
    const { dexScreener } = setup();
    const addresses = [BONKX, ...Array.from({ length: 64 }, (_, i) => unknownMint(i))];
    const { pools } = await dexScreener.getTokens('SOLANA', addresses);
    expect(pools.map((p) => p.base.symbol)).toEqual(['BONKX']);
    const sizes = fake.requests('dexscreener').map((r) => r.path.split('/').at(-1)?.split(',').length);
    expect(sizes).toEqual([30, 30, 5]);
  });

  it('DexScreener token pairs, search and discovery (discovery has its own budget class)', async () => {
    const { dexScreener, acquired } = setup();
    const pairs = await dexScreener.getTokenPairs('SOLANA', WIFX);
    expect(pairs.pools).toHaveLength(2);
    expect(pairs.otherPools).toHaveLength(1);
    expect((await dexScreener.search('pepe')).map((p) => p.dex)).toEqual(['pumpswap', 'raydium']);
    expect(await dexScreener.getLatestProfiles()).toHaveLength(3);
    expect(await dexScreener.getLatestBoosts()).toHaveLength(3);
    expect(acquired.map(([, c]) => c)).toEqual(['pairs', 'pairs', 'discovery', 'discovery']);
    expect(fake.requests().map((r) => r.endpointClass)).toEqual(['pairs', 'pairs', 'discovery', 'discovery']);
  });

  it('GeckoTerminal tokens/multi with top pools, trending and new pools', async () => {
    const { geckoTerminal } = setup();
    const { tokens, pools } = await geckoTerminal.getTokensMulti('SOLANA', [BONKX, GIGAX, unknownMint(1)]);
    expect(tokens.map((t) => t.symbol)).toEqual(['BONKX', 'GIGAX']);
    expect(pools.map((p) => p.base.symbol)).toEqual(['BONKX', 'GIGAX']);
    expect(fake.requests()[0]?.searchParams.get('include')).toBe('top_pools');
    expect(await geckoTerminal.getTrendingPools('SOLANA')).toHaveLength(6);
    expect(await geckoTerminal.getTrendingPools('SOLANA', 2)).toEqual([]);
    expect((await geckoTerminal.getNewPools('SOLANA')).map((p) => p.base.symbol)).toEqual(['RUGX', 'MOONX']);
    expect(fake.requests().map((r) => r.searchParams.get('page'))).toEqual([null, '1', '2', '1']);
  });

  it('Jupiter prices: omitted mints stay unknown, 50 ids per call, x-api-key only when configured', async () => {
    const keyed = setup({ apiKey: 'test-key' });
    const quotes = await keyed.jupiter.getPrices([
      BONKX,
      MOONX,
      CATX,
      ...Array.from({ length: 57 }, (_, i) => unknownMint(i)),
    ]);
    expect(quotes.map((q) => q.address)).toEqual([BONKX, CATX]);
    expect(fake.requests().map((r) => r.searchParams.get('ids')?.split(',').length)).toEqual([50, 10]);
    expect(fake.requests().map((r) => r.headers['x-api-key'])).toEqual(['test-key', 'test-key']);
    await setup().jupiter.getPrices([BONKX]);
    expect(fake.requests().at(-1)?.headers).not.toHaveProperty('x-api-key');
  });

  it('Jupiter token search carries the 24 h volume', async () => {
    const { jupiter } = setup();
    const [bonk] = await jupiter.searchTokens('bonkers');
    expect(bonk).toMatchObject({ address: BONKX, volumeUsd24h: 1712330.2 + 1698544.1 });
  });
});

describe('retries', () => {
  it('waits for Retry-After on a 429, then succeeds, spending one budget token per attempt', async () => {
    const { jupiter, tracker, acquired } = setup();
    fake.fail('/jupiter/price', { status: 429, retryAfter: 1, times: 1 });
    expect(await jupiter.getPrices([BONKX])).toHaveLength(1);
    const [first, second] = fake.requests();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(acquired).toHaveLength(2);
    expect(tracker.counters('JUPITER')).toMatchObject({ requests: 2, rateLimited: 1 });
    expect(tracker.get('JUPITER')).toMatchObject({ healthy: true, circuit: 'CLOSED' });
  });

  it('gives up at once when Retry-After exceeds the cap, reporting how long to wait', async () => {
    const { jupiter } = setup();
    fake.fail('/jupiter/price', { status: 429, retryAfter: 120 });
    const error = await failureOf(jupiter.getPrices([BONKX]));
    expect(error).toMatchObject({ source: 'JUPITER', code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 120_000 });
    expect(fake.requests()).toHaveLength(1);
  });

  it('honours Retry-After as an HTTP date', () => {
    const now = Date.parse('2025-06-15T12:00:00Z');
    expect(parseRetryAfter('Sun, 15 Jun 2025 12:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Sun, 15 Jun 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('retries a 5xx and succeeds; lastError keeps the failure, health comes back', async () => {
    const { geckoTerminal, tracker, acquired } = setup();
    fake.fail('/geckoterminal', { status: 503, times: 2 });
    expect(await geckoTerminal.getTrendingPools('SOLANA')).toHaveLength(6);
    expect(fake.requests()).toHaveLength(3);
    expect(acquired).toHaveLength(3);
    expect(tracker.counters('GECKOTERMINAL').errorsByCode).toEqual({ UPSTREAM_UNAVAILABLE: 2 });
    expect(tracker.get('GECKOTERMINAL')).toMatchObject({ healthy: true, lastError: 'UPSTREAM_UNAVAILABLE: HTTP 503' });
  });

  it('fails with UPSTREAM_UNAVAILABLE after the bounded attempts; a 404 is not retried', async () => {
    const { dexScreener, tracker } = setup();
    fake.fail('/dexscreener/latest', { status: 502 });
    expect(await failureOf(dexScreener.search('x'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 502 });
    expect(fake.requests()).toHaveLength(3);
    expect(tracker.get('DEXSCREENER').healthy).toBe(false);
    fake.reset();
    fake.fail('/dexscreener/latest', { status: 404 });
    expect(await failureOf(dexScreener.search('x'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 404 });
    expect(fake.requests()).toHaveLength(1);
  });

  it('maps a slow answer to UPSTREAM_TIMEOUT (retried like a 5xx)', async () => {
    const { jupiter, tracker } = setup({ timeoutMs: 100, retry: { maxRetries: 1, initialDelayMs: 1 } });
    fake.delay(1_000);
    expect(await failureOf(jupiter.getPrices([BONKX]))).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(fake.requests()).toHaveLength(2);
    expect(tracker.counters('JUPITER').errorsByCode).toEqual({ UPSTREAM_TIMEOUT: 2 });
  });
});

describe('malformed responses', () => {
  it.each(['invalid-json', 'wrong-shape'] as const)(
    'rejects a %s body with UPSTREAM_MALFORMED, without retrying or echoing it',
    async (kind) => {
      const { dexScreener, tracker } = setup();
      fake.malformed('/dexscreener/tokens', { kind });
      const error = await failureOf(dexScreener.getTokens('SOLANA', [BONKX]));
      expect(error).toMatchObject({ source: 'DEXSCREENER', code: 'UPSTREAM_MALFORMED' });
      expect(error.message).not.toMatch(/chainId|not the expected shape/);
      expect(fake.requests()).toHaveLength(1);
      expect(tracker.counters('DEXSCREENER')).toMatchObject({ malformedResponses: 1 });
      expect(tracker.get('DEXSCREENER').lastError).toMatch(/^UPSTREAM_MALFORMED: /);
    },
  );

  it('drops and counts a bad item of a valid list, returns the rest, and logs the rejection', async () => {
    const { jupiter, tracker, log } = setup();
    const warn = jest.spyOn(log, 'warn');
    fake.respond('/jupiter/price', { body: { [BONKX]: { usdPrice: 0.1 }, [WIFX]: { usdPrice: 'high' } } });
    expect((await jupiter.getPrices([BONKX, WIFX])).map((q) => q.address)).toEqual([BONKX]);
    expect(tracker.counters('JUPITER')).toMatchObject({ malformedItems: 1, malformedResponses: 0 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ source: 'JUPITER', endpoint: 'price', path: 'price/v3' }),
      expect.stringContaining('dropped 1 malformed item'),
    );
  });
});

describe('circuit breaker', () => {
  const breakerSetup = () =>
    setup({ retry: { maxRetries: 0 }, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 150 } });

  it('opens after N failures, then fails fast without calling the upstream or spending budget', async () => {
    const { dexScreener, tracker, acquired } = breakerSetup();
    fake.fail('/dexscreener', { status: 500 });
    for (let i = 0; i < 3; i += 1) await failureOf(dexScreener.search('x'));
    expect(tracker.get('DEXSCREENER')).toMatchObject({ circuit: 'OPEN', healthy: false });
    const error = await failureOf(dexScreener.search('x'));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'circuit open' });
    expect(fake.requests()).toHaveLength(3);
    expect(acquired).toHaveLength(3);
    expect(tracker.counters('DEXSCREENER')).toMatchObject({ requests: 3, circuitRejections: 1 });
    expect(tracker.get('DEXSCREENER').lastError).toBe('UPSTREAM_UNAVAILABLE: HTTP 500');
  });

  it('half-opens after the delay, lets one trial through and closes on its success', async () => {
    const { dexScreener, tracker } = breakerSetup();
    fake.fail('/dexscreener', { status: 500, times: 3 });
    for (let i = 0; i < 3; i += 1) await failureOf(dexScreener.search('x'));
    expect(tracker.get('DEXSCREENER').circuit).toBe('OPEN');
    await sleep(200); // the breaker's half-open delay is the behaviour under test
    fake.delay(100, { times: 1 });
    const trial = dexScreener.search('bonk');
    await fake.waitForRequest('/dexscreener');
    expect(tracker.get('DEXSCREENER').circuit).toBe('HALF_OPEN');
    expect(await trial).toHaveLength(1);
    expect(tracker.get('DEXSCREENER')).toMatchObject({ circuit: 'CLOSED', healthy: true });
  });

  it('re-opens when the trial fails', async () => {
    const { dexScreener, tracker } = breakerSetup();
    fake.fail('/dexscreener', { status: 500 });
    for (let i = 0; i < 3; i += 1) await failureOf(dexScreener.search('x'));
    await sleep(200);
    expect(await failureOf(dexScreener.search('x'))).toMatchObject({ message: 'HTTP 500' });
    expect(tracker.get('DEXSCREENER').circuit).toBe('OPEN');
    expect(await failureOf(dexScreener.search('x'))).toMatchObject({ message: 'circuit open' });
    expect(fake.requests()).toHaveLength(4);
  });

  it('does not count 429s or refusals of our own budget as upstream failures', async () => {
    const refuse = async () => {
      throw Object.assign(new Error('bucket empty'), { waitMs: 1_500 });
    };
    const { jupiter, tracker } = setup({ acquire: refuse, breaker: { consecutiveFailures: 1 } });
    const error = await failureOf(jupiter.getPrices([BONKX]));
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 1_500, retryable: false });
    expect(fake.requests()).toHaveLength(0);
    expect(tracker.counters('JUPITER')).toMatchObject({ budgetRefusals: 1, requests: 0 });
    expect(tracker.get('JUPITER')).toMatchObject({ circuit: 'CLOSED', lastError: null });
    const limited = setup({ retry: { maxRetries: 0 }, breaker: { consecutiveFailures: 1 } });
    fake.fail('/jupiter', { status: 429 });
    await failureOf(limited.jupiter.getPrices([BONKX]));
    expect(limited.tracker.get('JUPITER').circuit).toBe('CLOSED');
  });
});

describe('fake upstream rate limit and request accounting', () => {
  it('answers 429 + Retry-After once a source exceeds its limit, and counts requests per window', async () => {
    const { jupiter, tracker } = setup({ retry: { maxRetries: 0 } });
    const from = Date.now();
    fake.enforceRateLimit({ source: 'jupiter', perMinute: 2 });
    await jupiter.getPrices([BONKX]);
    await jupiter.getPrices([BONKX]);
    const error = await failureOf(jupiter.getPrices([BONKX]));
    expect(error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(fake.rateLimited('jupiter')).toHaveLength(1);
    expect(fake.countInWindow('jupiter', from, Date.now())).toBe(3);
    expect(tracker.get('JUPITER').requestsLastMinute).toBe(3);
  });

  it('limits a budget class on its own, and a keyed Jupiter caller by the keyed limit', async () => {
    const { dexScreener } = setup({ retry: { maxRetries: 0 } });
    fake.enforceRateLimit({ source: 'dexscreener', endpointClass: 'discovery', perMinute: 1 });
    await dexScreener.getLatestBoosts();
    expect(await failureOf(dexScreener.getLatestProfiles())).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(await dexScreener.search('bonk')).toHaveLength(1);
    const keyed = setup({ apiKey: 'k', retry: { maxRetries: 0 } });
    fake.enforceRateLimit({ source: 'jupiter', perMinute: 1, perMinuteWithApiKey: 2 });
    await keyed.jupiter.getPrices([BONKX]);
    await keyed.jupiter.getPrices([BONKX]);
    await failureOf(keyed.jupiter.getPrices([BONKX]));
    expect(fake.rateLimited().map((r) => r.source)).toEqual(['dexscreener', 'jupiter']);
  });

  it('keeps requestsLastMinute to a sliding 60 s window', () => {
    let now = 0;
    const tracker = new UpstreamStatusTracker({
      rateLimitPerMinute: { DEXSCREENER: 300, GECKOTERMINAL: 30, JUPITER: 60 },
      now: () => now,
    });
    for (const at of [0, 30_000, 59_000]) {
      now = at;
      tracker.recordRequest('JUPITER');
    }
    now = 60_500;
    expect(tracker.get('JUPITER')).toMatchObject({ requestsLastMinute: 2, rateLimitPerMinute: 60 });
    now = 119_500;
    expect(tracker.get('JUPITER').requestsLastMinute).toBe(0);
    expect(tracker.counters('JUPITER').requests).toBe(3);
  });

  it('serves a committed fixture copy identical to ../shared where that exists', () => {
    const committed = fileURLToPath(new URL('../../../local/fixtures/upstream/', import.meta.url));
    const shared = fileURLToPath(new URL('../../../../shared/fixtures/upstream/', import.meta.url));
    if (!existsSync(shared)) return; // a clone without ../shared: the committed copy is the reference
    const json = (dir: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort();
    expect(json(committed)).toEqual(json(shared));
    for (const file of json(shared)) {
      expect(readFileSync(`${committed}${file}`, 'utf8')).toBe(readFileSync(`${shared}${file}`, 'utf8'));
    }
  });
});
