/**
 * The gateway's bundled GraphiQL, used the way a person would: headless Debian Chromium (driven by
 * playwright-core) opens the page served by a real gateway (tokens on real Postgres, market-data,
 * Redis pub/sub), the docs explorer shows the introspected schema, a typed query runs and its result
 * appears, and a subscription typed into the editor shows events the test publishes on Redis, one
 * after the other, in the result pane (graphql-ws from the page's own bundle).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { launchChromium, withScreenshotOnFailure } from './harness/browser.js';
import { priceUpdatedEvent } from './harness/subscription-inbox.js';
import { waitFor } from './harness/graphql-http.js';
import { trackDemoTokens } from '@memegraph/local';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'graphiql-browser-admin-key-0123456789';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const prefix = `test:graphiql-browser:${randomUUID()}:`;
const log = createLogger('test', 'silent');

let subgraphs: TestSubgraphs;
let gateway: RunningGateway;
let publisher: PubSubPort<Topics>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('graphiql_browser', ADMIN_KEY);
  const config = {
    LOG_LEVEL: 'silent',
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraphs.tokens.url,
    MARKET_DATA_URL: subgraphs.marketData.url,
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: prefix,
  };
  [gateway, browser] = await Promise.all([startGateway(loadGatewayConfig(config), log), launchChromium()]);
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  await trackDemoTokens(gateway.url, ADMIN_KEY, [{ address: BONKX, name: 'Bonk Example', symbol: 'BONKX' }]);
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await publisher?.close();
  await gateway?.close();
  await subgraphs?.close();
});

/** The text of one of GraphiQL's editors (CodeMirror 5; the instance hangs off its root element). */
const readEditor = (selector: string): Promise<string> =>
  page
    .locator(`${selector} .CodeMirror`)
    .evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

const readResultPane = () => readEditor('.graphiql-response');

/** Replaces the operation in the query editor the way a user would: focus, select all, delete, type. */
async function typeOperation(operation: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await waitFor(async () => (await readEditor('.graphiql-query-editor')) === '', 5_000, 'the query editor to clear');
  // insertText types the whole string as one input: CodeMirror's bracket auto-closing (a per-key
  // handler) would otherwise double every closing brace.
  await page.keyboard.insertText(operation);
  await page.keyboard.press('Escape'); // closes the autocomplete list typing may have opened
  await waitFor(
    async () => (await readEditor('.graphiql-query-editor')) === operation,
    5_000,
    'the query editor to hold the typed operation',
  );
}

/** Waits until the result pane's text satisfies `check`, and returns it. */
async function waitForResultPane(check: (text: string) => boolean, what: string): Promise<string> {
  let text = '';
  await waitFor(
    async () => {
      text = await readResultPane();
      return check(text);
    },
    10_000,
    `the result pane to show ${what}`,
  );
  return text;
}

describe('GraphiQL in headless Chromium', () => {
  it('loads the page and the introspected schema (docs explorer lists the root types)', async () => {
    await withScreenshotOnFailure(page, 'graphiql-load', async () => {
      const introspection = page.waitForResponse(
        (response) => response.url() === gateway.url && (response.request().postData() ?? '').includes('__schema'),
      );
      await page.goto(gateway.url);
      expect(await page.title()).toBe('memegraph GraphiQL');
      expect((await introspection).status()).toBe(200);
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      const explorer = page.locator('.graphiql-doc-explorer');
      // Root types, then a field of Query with its argument, as the explorer renders them from the schema.
      await explorer.getByRole('link', { name: 'Query', exact: true }).click();
      await explorer.getByText('searchTokens', { exact: true }).first().waitFor({ timeout: 10_000 });
      expect(await explorer.locator('.graphiql-doc-explorer-title').innerText()).toBe('Query');
    });
  });

  it('runs a typed query and shows its result', async () => {
    await withScreenshotOnFailure(page, 'graphiql-query', async () => {
      await typeOperation(`query { token(chain: SOLANA, address: "${BONKX}") { name symbol tracked } }`);
      await page.locator('.graphiql-execute-button').click();
      const text = await waitForResultPane((t) => t.includes('"token"'), 'the token');
      expect(JSON.parse(text)).toEqual({ data: { token: { name: 'Bonk Example', symbol: 'BONKX', tracked: true } } });
    });
  });

  it('runs a subscription over graphql-ws and updates the result pane with each published event', async () => {
    await withScreenshotOnFailure(page, 'graphiql-subscription', async () => {
      const before = gateway.executor.subscriberCount;
      await typeOperation(
        `subscription { priceUpdated(chain: SOLANA, addresses: ["${BONKX}"]) { changePct token { symbol } } }`,
      );
      await page.locator('.graphiql-execute-button').click();
      await waitFor(() => gateway.executor.subscriberCount > before, 10_000, 'the page to subscribe');
      for (const changePct of [5, 7]) {
        await publisher.publish(Topic.PRICE_UPDATED, priceUpdatedEvent({ address: BONKX, changePct }));
        const text = await waitForResultPane((t) => t.includes(`"changePct": ${changePct}`), `changePct ${changePct}`);
        expect(JSON.parse(text)).toEqual({ data: { priceUpdated: { changePct, token: { symbol: 'BONKX' } } } });
      }
      // Stopping it in the page (the execute button turns into stop) ends the subscription on the gateway.
      await page.locator('.graphiql-execute-button').click();
      await waitFor(() => gateway.executor.subscriberCount === before, 10_000, 'the page to unsubscribe');
    });
  });
});
