/**
 * trackToken without metadata, through the gateway, in production mode on real Postgres, real Redis and
 * the fake upstream: a token known to any one of the three sources can be tracked and gets market data
 * from that source within a few seconds; a token nobody knows is TOKEN_NOT_FOUND only when every source
 * answered; a source that could not be asked gives a retryable code, never "not found"; and a person's
 * lookup is served even while the pollers hold the whole shared budget.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { startInProcessStack, type InProcessStack as Stack } from './harness/in-process-stack.js';

const ADMIN_KEY = 'track-any-token-admin-key-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_KEY}` };
const FWOGX = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';
const CATX = 'CATXExamp1e6X83f8kKQnRrzpXGcA6RHoCJ5L3ZTpump';
const BOOSTX = 'BooSTExamp1eXyGw4i4cSsXt6B9DynK49sV2uzMnpump';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
const PEPSOL = 'PEPSExamp1e1MJgpjKdMjehMxJ5kyuL967cYy33Fpump';
const UNKNOWN = 'NoSuchExamp1eTokenAnywhereXXXXXXXXXXXXXpump';

const TRACK = `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { name symbol decimals imageUrl tracked } }`;
const MARKET = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd sources { source } } } }`;

/** A production-mode stack (gateway, tokens, market-data) on its own database, Redis prefix and fake upstream. */
const startStack = (name: string, marketDataEnv: Record<string, string> = {}) =>
  startInProcessStack({ name, adminKey: ADMIN_KEY, marketDataEnv });

/** Waits until the token has live market data through the gateway; returns how long it took and the data. */
async function waitForMarket(gatewayUrl: string, address: string) {
  const started = Date.now();
  let token: { symbol: string; market: { priceUsd: number; sources: Array<{ source: string }> } | null } | undefined;
  await waitFor(
    async () => {
      token = (await postGraphql(gatewayUrl, MARKET, { a: address })).body.data?.token as typeof token;
      return typeof token?.market?.priceUsd === 'number';
    },
    10_000,
    `market data for ${address}`,
    100,
  );
  return { tookMs: Date.now() - started, token: token! };
}

describe('trackToken without metadata: any one source is enough', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Roomy budgets and a calm poller: this block is about what the sources know, not about budgets.
    stack = await startStack('trackany', {
      JUPITER_RATE_LIMIT_PER_MINUTE: '120',
      GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: '120',
      // Rounds every 1.5–2 s spend less than the background share (96/min), so lookups never wait for it.
      POLL_INTERVAL_MS: '1500',
      POLL_COLD_INTERVAL_MS: '10000',
      GECKOTERMINAL_POLL_INTERVAL_MS: '2000',
    });
    // FWOGX is known to DexScreener and GeckoTerminal: hidden from DexScreener it is GeckoTerminal's only.
    // BOOSTX is known to DexScreener and Jupiter's price: hidden from Jupiter it is DexScreener's only.
    stack.fake.hide('dexscreener', [FWOGX]);
    stack.fake.hide('jupiter', [BOOSTX]);
  });
  afterAll(() => stack?.close());

  it.each([
    [
      'GeckoTerminal',
      FWOGX,
      {
        name: 'Frog Example',
        symbol: 'FWOGX',
        decimals: 6,
        imageUrl: 'https://assets.geckoterminal.com/example/fwogx.png',
      },
      'GECKOTERMINAL',
    ],
    ['Jupiter', CATX, { name: 'Cat In Box Example', symbol: 'CATX', decimals: 6 }, 'JUPITER'],
    ['DexScreener', BOOSTX, { name: 'Boost Rocket Example', symbol: 'BOOSTX', decimals: null }, 'DEXSCREENER'],
  ] as const)(
    'tracks a token only %s knows, and serves its market data within seconds',
    async (_name, address, metadata, source) => {
      const tracked = await postGraphql(stack.gatewayUrl, TRACK, { a: address }, ADMIN);
      expect(tracked.body.errors).toBeUndefined();
      expect(tracked.body.data?.trackToken).toMatchObject({ ...metadata, tracked: true });
      const { tookMs, token } = await waitForMarket(stack.gatewayUrl, address);
      expect(token.market!.sources.map((s) => s.source)).toEqual([source]);
      // One poll round of each source (200–300 ms here), not a turn in the cold rotation.
      expect(tookMs).toBeLessThan(5_000);
    },
  );

  it('answers TOKEN_NOT_FOUND only when every source answered and none knows the token', async () => {
    const before = stack.fake.requests().length;
    const result = await postGraphql(stack.gatewayUrl, TRACK, { a: UNKNOWN }, ADMIN);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('TOKEN_NOT_FOUND');
    const asked = new Set(
      stack.fake
        .requests()
        .slice(before)
        .filter((r) => r.path.includes(UNKNOWN) || r.searchParams.toString().includes(UNKNOWN))
        .map((r) => `${r.source}:${r.status}`),
    );
    expect(asked).toEqual(new Set(['dexscreener:200', 'geckoterminal:404', 'jupiter:200']));
  });

  it('answers UPSTREAM_UNAVAILABLE naming the source that is down, never TOKEN_NOT_FOUND', async () => {
    // Both attempts of a person's call (one retry), 503.
    stack.fake.fail(`/geckoterminal/networks/solana/tokens/${UNKNOWN}`, { status: 503, times: 2 });
    const result = await postGraphql(stack.gatewayUrl, TRACK, { a: UNKNOWN }, ADMIN);
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      sources: [{ source: 'GECKOTERMINAL', code: 'UPSTREAM_UNAVAILABLE' }],
    });
  });

  it('answers UPSTREAM_BUSY with retryAfterSeconds when a source says "slow down"', async () => {
    stack.fake.fail(`/jupiter/tokens/v2/search`, { status: 429, retryAfter: 30 });
    const busy = await postGraphql(stack.gatewayUrl, TRACK, { a: UNKNOWN }, ADMIN);
    expect(busy.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_BUSY',
      retryAfterSeconds: 30,
      sources: [{ source: 'JUPITER', code: 'UPSTREAM_RATE_LIMITED' }],
    });
    // A token another source knows is tracked all the same (PEPSOL: DexScreener knows it, GeckoTerminal
    // does not, Jupiter would have given its decimals): what is unknown stays null, never guessed.
    const known = await postGraphql(stack.gatewayUrl, TRACK, { a: PEPSOL }, ADMIN);
    expect(known.body.data?.trackToken).toMatchObject({ symbol: 'PEPSOL', decimals: null, tracked: true });
  });
});

describe('people first: a lookup while the pollers hold every budget', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Small budgets and a fast, busy poller: every background budget is spent all the time.
    stack = await startStack('trackfirst', {
      JUPITER_RATE_LIMIT_PER_MINUTE: '10',
      GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: '10',
      DEXSCREENER_RATE_LIMIT_PER_MINUTE: '10',
      POLL_INTERVAL_MS: '100',
      POLL_COLD_INTERVAL_MS: '100',
      GECKOTERMINAL_POLL_INTERVAL_MS: '100',
    });
    for (const [address, symbol] of [
      [BONKX, 'BONKX'],
      [WIFX, 'WIFX'],
    ]) {
      const result = await postGraphql(
        stack.gatewayUrl,
        `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $s, symbol: $s }) { symbol } }`,
        { a: address, s: symbol },
        ADMIN,
      );
      expect(result.body.errors).toBeUndefined();
    }
    // The pollers have spent the background buckets: the upstream has seen their calls.
    await waitFor(() => stack.fake.requests('jupiter').length >= 2, 10_000, 'pollers calling Jupiter');
  });
  afterAll(() => stack?.close());

  it('tracks a Jupiter-only token at once, although polling holds the shared budget', async () => {
    const result = await postGraphql(stack.gatewayUrl, TRACK, { a: CATX }, ADMIN);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.trackToken).toMatchObject({ symbol: 'CATX', decimals: 6, tracked: true });
  });
});
