/**
 * History backfill from GeckoTerminal pool OHLCV (issue #16), through the gateway on real Postgres, Redis and
 * the fake upstream: a token tracked now has candles and D7 within seconds when GeckoTerminal knows its main
 * pool; the backfill stays inside GeckoTerminal's shared budget (checked over the request times the fake saw);
 * a token GeckoTerminal does not know keeps D7 null; a market-data restart in the middle resumes where the
 * progress in Redis left off, asking for no page twice.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  DOCUMENTED_RATE_LIMITS,
  FAKE_OHLCV_HISTORY_DAYS,
  getFakeOhlcvRows,
  loadUpstreamFixture,
  startFakeUpstream,
  type FakeUpstream,
  type RecordedRequest,
} from '@memegraph/local';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { startInProcessStack, type InProcessStack } from './harness/in-process-stack.js';

const ADMIN_KEY = 'history-backfill-admin-key-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_KEY}` };
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const BOOSTX = 'BooSTExamp1eXyGw4i4cSsXt6B9DynK49sV2uzMnpump';
const DAY = 86_400_000;

const TRACK = `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { tracked } }`;
const HISTORY = `query($a: String!) { token(chain: SOLANA, address: $a) {
  history7d { volumeUsd priceChangePct }
  candles(resolution: H1, limit: 1000) { t close }
  market { d7: priceChangePct(window: D7) d7Volume: volumeUsd(window: D7) }
} }`;

interface History {
  history7d: { volumeUsd: number | null; priceChangePct: number | null } | null;
  candles: Array<{ t: string; close: number }>;
  market: { d7: number | null; d7Volume: number | null } | null;
}

/** A production-mode stack on its own database and Redis prefix, with SQL on it; market-data can be restarted. */
interface Stack extends InProcessStack {
  sql: pg.Client;
}

async function startStack(name: string, marketDataEnv: Record<string, string>, fake: FakeUpstream): Promise<Stack> {
  const stack = await startInProcessStack({
    name,
    adminKey: ADMIN_KEY,
    fake,
    marketDataEnv: { BACKFILL_INTERVAL_MS: '100', ...marketDataEnv },
    tokensEnv: { READ_CACHE_TTL_MS: '0' },
  });
  const sql = new pg.Client({ connectionString: stack.db.url });
  await sql.connect();
  return {
    ...stack,
    sql,
    async close() {
      await sql.end();
      await stack.close();
    },
  };
}

const history = async (gatewayUrl: string, address: string): Promise<History> => {
  const response = await postGraphql(gatewayUrl, HISTORY, { a: address });
  expect(response.body.errors).toBeUndefined();
  return (response.body.data as { token: History }).token;
};

const isOhlcv = (r: RecordedRequest) => r.source === 'geckoterminal' && r.path.includes('/ohlcv/');

/** Most requests of `requests` in any `windowMs` window (sliding over their arrival times). */
function maxInWindow(requests: readonly RecordedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('history backfill at the documented GeckoTerminal limit (30/min)', () => {
  let stack: Stack;
  beforeAll(async () => {
    // The fake enforces the documented limits: an overspending client would see 429s.
    const fake = await startFakeUpstream({ rateLimits: DOCUMENTED_RATE_LIMITS });
    stack = await startStack('backfill', { POLL_INTERVAL_MS: '1000', GECKOTERMINAL_POLL_INTERVAL_MS: '4000' }, fake);
  });
  afterAll(async () => {
    await stack?.close();
    await stack?.fake.close();
  });

  it('serves hourly candles and D7 seconds after tracking a token GeckoTerminal has OHLCV for', async () => {
    const trackedAt = Date.now();
    expect((await postGraphql(stack.gatewayUrl, TRACK, { a: WIFX }, ADMIN)).body.errors).toBeUndefined();
    let found: History | undefined;
    await waitFor(
      async () => {
        found = await history(stack.gatewayUrl, WIFX);
        return typeof found.history7d?.priceChangePct === 'number' && typeof found.market?.d7 === 'number';
      },
      20_000,
      'D7 of WIFX from backfilled history',
      200,
    );
    const tookMs = Date.now() - trackedAt;
    expect(tookMs).toBeLessThan(20_000);
    // A week and a day of hours (the fixture leaves one hour in 48 out), all before we started polling.
    const older = found!.candles.filter((c) => Date.parse(c.t) < trackedAt - 7 * DAY);
    expect(older.length).toBeGreaterThan(0);
    expect(found!.candles.length).toBeGreaterThanOrEqual(7 * 24 * (47 / 48) - 2);
    expect(found!.history7d!.volumeUsd).toBeGreaterThan(0);
    expect(found!.market!.d7Volume).toBeGreaterThan(0);
    // The stored hourly candles are exactly what the fake served, marked with their source, except the hours
    // our own snapshots cover: ours win those (the newest hour is ours although the backfill fetched it too).
    const page = stack.fake.requests('geckoterminal').find((r) => isOhlcv(r) && r.path.endsWith('/ohlcv/hour'))!;
    const served = getFakeOhlcvRows(
      loadUpstreamFixture('geckoterminal-pool-ohlcv.json'),
      'WiFXPoo1Examp1egFtR6T5Xc6hXuWPikk58BAExGGdwT',
      1.7901, // the pool's recorded price
      { timeframe: 'hour', aggregate: 1, beforeMs: null, limit: Number(page.searchParams.get('limit')) },
      page.at,
    );
    const { rows } = await stack.sql.query(
      `SELECT t, open, high, low, close, volume_usd, source FROM price_candles
       WHERE address = $1 AND resolution = 'H1' ORDER BY t`,
      [WIFX],
    );
    const ours = rows.filter((r) => r.source === 'SNAPSHOTS');
    const backfilled = rows.filter((r) => r.source === 'GECKOTERMINAL');
    expect(ours.length).toBeGreaterThanOrEqual(1);
    expect(rows.at(-1)!.source).toBe('SNAPSHOTS');
    const oursAt = new Set(ours.map((r) => (r.t as Date).getTime()));
    const expected = served
      .filter(([t]) => !oursAt.has(t * 1000))
      .map(([t, open, high, low, close, volume]) => [t * 1000, open, high, low, close, volume])
      .reverse();
    expect(backfilled.map((r) => [(r.t as Date).getTime(), r.open, r.high, r.low, r.close, r.volume_usd])).toEqual(
      expected,
    );
  });

  it('keeps D7 null for a token GeckoTerminal does not know (its pool answers 404)', async () => {
    // Hidden from GeckoTerminal, BOOSTX's pool is DexScreener's only: GeckoTerminal answers 404 for its OHLCV.
    stack.fake.hide('geckoterminal', [BOOSTX]);
    expect((await postGraphql(stack.gatewayUrl, TRACK, { a: BOOSTX }, ADMIN)).body.errors).toBeUndefined();
    await waitFor(
      () => stack.fake.requests('geckoterminal').some((r) => isOhlcv(r) && r.status === 404),
      20_000,
      "GeckoTerminal's 404 for BOOSTX's pool",
      100,
    );
    await waitFor(
      async () => (await history(stack.gatewayUrl, BOOSTX)).candles.length > 0,
      10_000,
      'our own candles of BOOSTX',
      200,
    );
    const found = await history(stack.gatewayUrl, BOOSTX);
    expect(found.history7d).toEqual({ volumeUsd: null, priceChangePct: null });
    expect(found.market?.d7 ?? null).toBeNull();
    const { rows } = await stack.sql.query(
      `SELECT count(*)::int AS n FROM price_candles WHERE address = $1 AND source = 'GECKOTERMINAL'`,
      [BOOSTX],
    );
    expect(rows[0].n).toBe(0);
    // Asked once, then finished: no more calls for it.
    expect(stack.fake.requests('geckoterminal').filter((r) => isOhlcv(r) && r.path.includes('BooS'))).toHaveLength(1);
  });

  it("stays within GeckoTerminal's 30/min and its own 6/min share, without a 429, while polling goes on", async () => {
    // Let the backfill of WIFX run on for a while (its finer and coarser series).
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const gt = stack.fake.requests('geckoterminal');
    expect(stack.fake.rateLimited('geckoterminal')).toEqual([]);
    expect(maxInWindow(gt, 60_000)).toBeLessThanOrEqual(30);
    // 20 % of 30/min: at most 6 in any minute (one at once, five more refilled).
    expect(maxInWindow(gt.filter(isOhlcv), 60_000)).toBeLessThanOrEqual(6);
    expect(gt.filter((r) => isOhlcv(r) && r.at >= from).length).toBeGreaterThan(0);
    // The pollers kept their cadence: /tokens/multi every 4 s or so during the same 15 s.
    expect(gt.filter((r) => r.path.includes('/tokens/multi/') && r.at >= from).length).toBeGreaterThanOrEqual(3);
  }, 30_000);
});

describe('history backfill across a market-data restart', () => {
  let stack: Stack;
  beforeAll(async () => {
    const fake = await startFakeUpstream();
    // A roomy budget so the whole plan runs in seconds: 50 % of 240/min for the backfill.
    stack = await startStack(
      'backfillrestart',
      { GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: '240', BACKFILL_RATE_LIMIT_PERCENT: '50', BACKFILL_COARSE_DAYS: '90' },
      fake,
    );
  });
  afterAll(async () => {
    await stack?.close();
    await stack?.fake.close();
  });

  it('resumes where it left off, asking for no page twice, and completes every series', async () => {
    expect((await postGraphql(stack.gatewayUrl, TRACK, { a: BONKX }, ADMIN)).body.errors).toBeUndefined();
    await waitFor(() => (stack.marketData().backfill?.stats.pages ?? 0) >= 3, 20_000, 'three backfill pages', 50);
    await stack.restartMarketData();
    const pagesBefore = stack.fake.requests('geckoterminal').filter(isOhlcv).length;
    await waitFor(
      () => (stack.marketData().backfill?.stats.finished.DONE ?? 0) >= 1,
      60_000,
      'the backfill of BONKX to finish after the restart',
      100,
    );
    const pages = stack.fake.requests('geckoterminal').filter(isOhlcv);
    expect(pages.length).toBeGreaterThan(pagesBefore);
    // Every page (series and cursor) asked once: the restarted instance went on from the saved cursors.
    const asked = pages.map(
      (r) => `${r.path}?aggregate=${r.searchParams.get('aggregate')}&before=${r.searchParams.get('before_timestamp')}`,
    );
    expect(new Set(asked).size).toBe(asked.length);
    // Every series reaches back as far as planned (or to the pool's first candle).
    const startedAt = pages[0]!.at;
    const { rows } = await stack.sql.query(
      `SELECT resolution, min(t) AS oldest FROM price_candles WHERE address = $1 AND source = 'GECKOTERMINAL' GROUP BY resolution`,
      [BONKX],
    );
    const oldest = Object.fromEntries(rows.map((r) => [r.resolution, (r.oldest as Date).getTime()]));
    expect(oldest.H1).toBeLessThanOrEqual(startedAt - 8 * DAY);
    expect(oldest.M15).toBeLessThanOrEqual(startedAt - 7 * DAY);
    expect(oldest.M5).toBeLessThanOrEqual(startedAt - 7 * DAY);
    expect(oldest.M1).toBeLessThanOrEqual(startedAt - DAY);
    expect(oldest.D1).toBeLessThanOrEqual(startedAt - (FAKE_OHLCV_HISTORY_DAYS - 2) * DAY);
    expect(oldest.H4).toBeLessThanOrEqual(startedAt - (FAKE_OHLCV_HISTORY_DAYS - 2) * DAY);
  }, 90_000);
});

describe('history backfill with malformed upstream data', () => {
  let stack: Stack;
  const FWOGX = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';
  beforeAll(async () => {
    const fake = await startFakeUpstream();
    stack = await startStack(
      'backfillmalformed',
      {
        GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: '240',
        BACKFILL_RATE_LIMIT_PERCENT: '50',
        BACKFILL_MINUTE_HOURS: '0',
        BACKFILL_COARSE_DAYS: '0',
      },
      fake,
    );
  });
  afterAll(async () => {
    await stack?.close();
    await stack?.fake.close();
  });

  it('drops malformed rows and rejects a malformed page whole, counting and never storing them', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const good = [(hour - 2 * 3_600_000) / 1000, 0.08, 0.09, 0.07, 0.085, 1000];
    const bad = [
      [(hour - 3 * 3_600_000) / 1000, 0.08, 0.09, 0.0855, 12345, 1000], // close above high
      [(hour - 4 * 3_600_000) / 1000 + 60, 0.08, 0.09, 0.07, 0.085, 1000], // not on the hour
      [(hour - 5 * 3_600_000) / 1000, '0.08', 0.09, 0.07, 0.085, 1000], // a string
    ];
    stack.fake.respond(/FWoGPoo1\w+\/ohlcv\/hour\?aggregate=1&/, {
      body: { data: { attributes: { ohlcv_list: [good, ...bad] } } },
      times: 1,
    });
    stack.fake.malformed(/FWoGPoo1\w+\/ohlcv\/minute\?aggregate=15&/, { kind: 'wrong-shape', times: 1 });
    expect((await postGraphql(stack.gatewayUrl, TRACK, { a: FWOGX }, ADMIN)).body.errors).toBeUndefined();
    await waitFor(
      () => (stack.marketData().backfill?.stats.finished.DONE ?? 0) >= 1,
      30_000,
      'the backfill of FWOGX to finish',
      100,
    );
    const stats = stack.marketData().backfill!.stats;
    expect(stats.rowsRejected).toBe(bad.length);
    expect(stats.failures).toBe(1);
    const { rows } = await stack.sql.query(
      `SELECT resolution, t, close FROM price_candles WHERE address = $1 AND source = 'GECKOTERMINAL'`,
      [FWOGX],
    );
    // The good row of the doctored page is stored, the bad ones never are (the later pages, the fake's own, fill
    // their hours with the fake's values).
    expect(
      rows.some((r) => r.resolution === 'H1' && (r.t as Date).getTime() === good[0]! * 1000 && r.close === good[4]),
    ).toBe(true);
    expect(rows.filter((r) => r.close === 12345 || (r.t as Date).getTime() % 60_000 !== 0)).toEqual([]);
    // The malformed 15-minute page was asked again on a later tick, and that series completed.
    const quarters = stack.fake
      .requests('geckoterminal')
      .filter((r) => r.path.endsWith('/ohlcv/minute') && r.searchParams.get('aggregate') === '15');
    expect(quarters[0]!.searchParams.get('before_timestamp')).toBeNull();
    expect(quarters[1]!.searchParams.get('before_timestamp')).toBeNull();
    expect(rows.filter((r) => r.resolution === 'M15').length).toBeGreaterThan(600);
  }, 60_000);
});
