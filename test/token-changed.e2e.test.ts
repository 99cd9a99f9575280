/**
 * An admin write to a token's row is announced on `token.changed` (real Redis pub/sub) and reaches what the
 * other processes keep of that token long before their TTLs: a gateway's kept subscription metadata
 * (SUBSCRIPTION_METADATA_TTL_MS) and another tokens instance's read cache (READ_CACHE_TTL_MS), both set to
 * 10 minutes here. Real graphql-ws clients, real Postgres.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { priceUpdatedEvent, toWebSocketUrl, useSubscriptionClients } from './harness/subscription-inbox.js';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'token-changed-e2e-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const TEN_MINUTES = '600000';
const prefix = `test:token-changed:${randomUUID()}:`;
const log = createLogger('test', 'silent');
const redis = { REDIS_URL: testEnv('TEST_REDIS_URL'), REDIS_KEY_PREFIX: prefix };
const TRACK = `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Bonk Example", symbol: $s }) { symbol } }`;

let subgraphs: TestSubgraphs;
/** A second tokens instance on the same database and Redis, which makes no write itself. */
let other: TokensService;
let gateway: RunningGateway;
let publisher: PubSubPort<Topics>;
const clients = useSubscriptionClients();

const track = async (symbol: string) => {
  const result = await postGraphql(gateway.url, TRACK, { a: BONKX, s: symbol }, admin);
  expect(result.body.errors).toBeUndefined();
};
const symbolOn = async (url: string) => {
  const result = await postGraphql(url, `{ token(chain: SOLANA, address: "${BONKX}") { symbol } }`);
  expect(result.body.errors).toBeUndefined();
  return (result.body.data?.token as { symbol: string }).symbol;
};

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('token_changed_e2e', ADMIN_KEY, {
    tokensEnv: { ...redis, READ_CACHE_TTL_MS: TEN_MINUTES },
  });
  other = await startTokens(
    loadTokensConfig({
      ...redis,
      LOG_LEVEL: 'silent',
      DATABASE_URL: subgraphs.db.url,
      DATABASE_MIGRATE_ON_START: 'false',
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      MARKET_DATA_URL: subgraphs.marketData.url,
      ADMIN_API_KEY: ADMIN_KEY,
      READ_CACHE_TTL_MS: TEN_MINUTES,
    }),
  );
  gateway = await startGateway(
    loadGatewayConfig({
      ...redis,
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: subgraphs.tokens.url,
      MARKET_DATA_URL: subgraphs.marketData.url,
      SUBSCRIPTION_METADATA_TTL_MS: TEN_MINUTES,
    }),
    log,
  );
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
  await track('OLDSYM');
});

afterAll(async () => {
  await clients.disposeAll();
  await publisher?.close();
  await gateway?.close();
  await other?.close();
  await subgraphs?.close();
});

describe('token.changed', () => {
  it("drops a gateway's kept subscription metadata and another tokens instance's cached row at once", async () => {
    const inbox = clients.subscribe(
      { url: toWebSocketUrl(gateway.url) },
      `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) { changePct token { symbol } } }`,
      { a: [BONKX] },
    );
    await waitFor(() => gateway.executor.subscriberCount >= 1, 10_000, 'the subscription');
    const publish = (changePct: number) =>
      publisher.publish(
        Topic.PRICE_UPDATED,
        priceUpdatedEvent({ address: BONKX, changePct, priceUsd: 0.5, previousPriceUsd: 0.4 }),
      );
    await publish(1);
    expect((await inbox.count(1))[0]).toEqual({ priceUpdated: { changePct: 1, token: { symbol: 'OLDSYM' } } });
    // The other instance reads the row once: kept for ten minutes from here on.
    expect(await symbolOn(other.url)).toBe('OLDSYM');
    await publish(2);
    expect((await inbox.count(2))[1]).toEqual({ priceUpdated: { changePct: 2, token: { symbol: 'OLDSYM' } } });

    const wroteAt = Date.now();
    await track('NEWSYM');
    // Each event published from here on; the new symbol must arrive within seconds, not ten minutes.
    let changePct = 3;
    await waitFor(
      async () => {
        await publish(changePct++);
        await inbox.count(changePct - 1);
        return inbox.received.at(-1)?.priceUpdated.token.symbol === 'NEWSYM';
      },
      10_000,
      'the new symbol in the subscription',
    );
    await waitFor(async () => (await symbolOn(other.url)) === 'NEWSYM', 10_000, 'the new row on the other instance');
    expect(Date.now() - wroteAt).toBeLessThan(10_000);
    // Every message after the first new one has the new symbol (no old value planted back).
    const firstNew = inbox.received.findIndex((m) => m.priceUpdated.token.symbol === 'NEWSYM');
    expect(inbox.received.slice(firstNew).every((m) => m.priceUpdated.token.symbol === 'NEWSYM')).toBe(true);
  });
});
