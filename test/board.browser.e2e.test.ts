/**
 * The live token board (/board, built on the SDK) used the way a person would: headless Debian Chromium
 * opens the page served by a real gateway (tokens on real Postgres, market-data polling the fake upstream on
 * the test's command, Redis pub/sub). The live ranked list shows the tracked tokens with prices, provenance
 * and sparklines; a price move published on Redis appears in the row and flashes (screenshot kept in
 * test-results/); a token's page shows its pools and candles.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { launchChromium, withScreenshotOnFailure } from './harness/browser.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { priceUpdatedEvent } from './harness/subscription-inbox.js';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'board-browser-admin-key-0123456789';
const TOKENS = {
  BONKX: 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4',
  WIFX: 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
};
const prefix = `test:board-browser:${randomUUID()}:`;
const log = createLogger('test', 'silent');
/** Where the screenshot of the live update is kept (CI keeps the folder as the run's artefact). */
const artifactsDir = fileURLToPath(new URL('../test-results/', import.meta.url));

let fake: FakeUpstream;
let subgraphs: TestSubgraphs;
let gateway: RunningGateway;
let publisher: PubSubPort<Topics>;
let browser: Browser;
let page: Page;
let boardUrl: string;

const row = (symbol: keyof typeof TOKENS) => page.locator(`tr[data-key="SOLANA:${TOKENS[symbol]}"]`);

beforeAll(async () => {
  const redis = { REDIS_URL: testEnv('TEST_REDIS_URL'), REDIS_KEY_PREFIX: prefix };
  fake = await startFakeUpstream();
  subgraphs = await startTestSubgraphs('board_browser', ADMIN_KEY, {
    env: redis,
    marketDataEnv: { ...marketDataTestEnv(fake), LISTING_PAGE_TTL_MS: '0' },
  });
  const config = {
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraphs.tokens.url,
    MARKET_DATA_URL: subgraphs.marketData.url,
    SUBSCRIPTION_DEMAND_INTERVAL_MS: '200',
    ...redis,
  };
  // Each assigned as soon as it is up, so afterAll closes it even when the other failed to start.
  await Promise.all([
    startGateway(loadGatewayConfig(config), log).then((started) => (gateway = started)),
    launchChromium().then((launched) => (browser = launched)),
  ]);
  boardUrl = gateway.url.replace(/\/graphql$/, '/board');
  publisher = createRedisPubSub({ events: topics, url: redis.REDIS_URL, channelPrefix: prefix, log });
  for (const [symbol, address] of Object.entries(TOKENS)) {
    const tracked = await postGraphql(
      gateway.url,
      `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $s, symbol: $s }) { symbol } }`,
      { a: address, s: symbol },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    expect(tracked.body.errors).toBeUndefined();
  }
  // market-data learns the tracked set from the tokens.tracking stream, then one poll gives both a market.
  const round = { source: 'DEXSCREENER', intervalMs: 1_000, ratePerMinute: 300, chunkSize: 30 } as const;
  await waitFor(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 450)); // the previous round's leases expire
      await subgraphs.marketData.scheduler.pollSource(round);
      const listed = await postGraphql(gateway.url, `{ tokens(filter: { chain: SOLANA }) { totalCount } }`);
      return (listed.body.data?.tokens as { totalCount: number } | undefined)?.totalCount === 2;
    },
    20_000,
    'both tracked tokens listed with a market',
  );
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await publisher?.close();
  await gateway?.close();
  await subgraphs?.close();
  await fake?.close();
});

describe('the live token board in headless Chromium', () => {
  it('shows the live ranked list: both tokens with price, provenance and a live connection', async () => {
    await withScreenshotOnFailure(page, 'board-list', async () => {
      await page.goto(boardUrl);
      expect(await page.title()).toBe('memegraph live board');
      await row('BONKX').waitFor({ timeout: 15_000 });
      await row('WIFX').waitFor({ timeout: 15_000 });
      await page.locator('#status.connected').waitFor({ timeout: 10_000 });
      expect(await page.locator('#board-mode').innerText()).toBe('live list');
      expect(await row('BONKX').locator('.token b').innerText()).toBe('BONKX');
      expect(await row('BONKX').locator('.price').innerText()).toMatch(/^\$\d/);
      // Provenance: the source that answered (DexScreener's fixtures), as a badge.
      expect(await row('BONKX').locator('.sources .badge.source').first().innerText()).toBe('DEX');
      expect(await page.locator('#board-rows tr').count()).toBe(2);
    });
  });

  it('re-ranks by the chosen sort and filters by chain', async () => {
    await withScreenshotOnFailure(page, 'board-sort', async () => {
      const symbols = () => page.locator('#board-rows tr .token b').allInnerTexts();
      const liquidity = await Promise.all(
        (['WIFX', 'BONKX'] as const).map(async (symbol) => row(symbol).locator('.liquidity').innerText()),
      );
      expect(liquidity).toEqual(['$9.2M', '$1.8M']); // the fixtures' liquidity: WIFX first by LIQUIDITY DESC
      await page.selectOption('select[name=sort]', 'LIQUIDITY');
      await waitFor(async () => (await symbols()).join() === 'WIFX,BONKX', 10_000, 'WIFX first by liquidity');
      await page.selectOption('select[name=direction]', 'ASC');
      await waitFor(async () => (await symbols()).join() === 'BONKX,WIFX', 10_000, 'BONKX first ascending');
      await page.selectOption('select[name=chain]', 'ETHEREUM');
      // The page says 'loading…' until the new list's snapshot arrives: then it is empty (no Ethereum token).
      await page.locator('#board-mode', { hasText: 'live list' }).waitFor({ timeout: 10_000 });
      expect(await symbols()).toEqual([]);
      await page.selectOption('select[name=chain]', '');
      await page.selectOption('select[name=direction]', 'DESC');
      await waitFor(async () => (await symbols()).length === 2, 10_000, 'both tokens back');
    });
  });

  it('shows a published price move in the row, flashing', async () => {
    await withScreenshotOnFailure(page, 'board-live-update', async () => {
      const price = row('BONKX').locator('.price');
      const before = Number(await price.getAttribute('data-price'));
      const moved = Math.round(before * 1.5 * 1e8) / 1e8 || 0.5;
      await waitFor(() => gateway.executor.subscriberCount >= 2, 10_000, 'the board to subscribe');
      await publisher.publish(
        Topic.PRICE_UPDATED,
        priceUpdatedEvent({ address: TOKENS.BONKX, changePct: 50, priceUsd: moved, previousPriceUsd: before }),
      );
      await waitFor(
        async () => (await price.getAttribute('data-price')) === String(moved),
        10_000,
        `the BONKX row to show ${moved}`,
      );
      expect(await price.getAttribute('class')).toContain(moved > before ? 'flash-up' : 'flash-down');
      mkdirSync(artifactsDir, { recursive: true });
      const path = join(artifactsDir, 'board-live-update.png');
      await page.screenshot({ path, fullPage: true });
      console.log(`board: screenshot of the live update at ${path}`);
    });
  });

  it("opens a token's page with its pools and candles", async () => {
    await withScreenshotOnFailure(page, 'board-token', async () => {
      await row('WIFX').locator('.token a').click();
      await page.locator('#token-page h2').waitFor({ timeout: 10_000 });
      expect(await page.locator('#token-page h2').innerText()).toContain('WIFX');
      expect(await page.locator('.pools tbody tr td').first().innerText()).not.toBe('No pools known.');
      expect(await page.locator('#token-page h3').allInnerTexts()).toEqual(['Pools', 'Hourly candles, last 48 h']);
      // The poll stored a snapshot: the hour it fell in is one candle.
      expect(await page.locator('#token-page svg.candles g.candle').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('#token-page .provenance .badge.source').first().innerText()).toBe('DEX');
      await page.screenshot({ path: join(artifactsDir, 'board-token-page.png'), fullPage: true });
      await page.goBack();
      await row('WIFX').waitFor({ timeout: 10_000 });
    });
  });
});
