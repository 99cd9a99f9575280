/**
 * The SDK (@memegraph/client) against a real gateway (both subgraphs in-process, tokens on real Postgres,
 * Redis pub/sub): typed operations from operations/ run; the fetch client carries the x-read-after token a
 * write handed back on its next calls; the graphql-ws client survives a gateway restart on the same port and
 * resubscribes; a gateway holding operations/trusted-documents.json runs the SDK's operations and refuses others.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import {
  createHttpClient,
  createSubscriptionClient,
  GraphQLRequestError,
  PriceUpdatedDocument,
  TokenDocument,
  TrackTokenDocument,
  UpstreamsDocument,
  type PriceUpdatedSubscription,
} from '@memegraph/client';
import { Topic, topics, type Topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub, type PubSubPort } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { waitFor } from './harness/graphql-http.js';
import { priceUpdatedEvent } from './harness/subscription-inbox.js';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const ADMIN_KEY = 'sdk-e2e-admin-key-0123456789';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const prefix = `test:sdk:${randomUUID()}:`;
const log = createLogger('test', 'silent');
const manifest = fileURLToPath(new URL('../operations/trusted-documents.json', import.meta.url));

let subgraphs: TestSubgraphs;
let publisher: PubSubPort<Topics>;
const gateways = new Set<RunningGateway>();

async function start(extra: Record<string, string> = {}): Promise<RunningGateway> {
  const gateway = await startGateway(
    loadGatewayConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      GRAPHIQL_ENABLED: 'false',
      TOKENS_URL: subgraphs.tokens.url,
      MARKET_DATA_URL: subgraphs.marketData.url,
      REDIS_URL: testEnv('TEST_REDIS_URL'),
      REDIS_KEY_PREFIX: prefix,
      ...extra,
    }),
    log,
  );
  gateways.add(gateway);
  return gateway;
}

async function stop(gateway: RunningGateway): Promise<void> {
  gateways.delete(gateway);
  await gateway.close();
}

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('sdk_e2e', ADMIN_KEY);
  publisher = createRedisPubSub({ events: topics, url: testEnv('TEST_REDIS_URL'), channelPrefix: prefix, log });
}, 60_000);

afterAll(async () => {
  await Promise.all([...gateways].map((gateway) => gateway.close()));
  await publisher?.close();
  await subgraphs?.close();
});

describe('the SDK against a real gateway', () => {
  it('carries the read-after token of a write on its next calls, and reads the write', async () => {
    const gateway = await start();
    const sent: (string | null)[] = [];
    const recordingFetch: typeof fetch = (url, init) => {
      sent.push(new Headers(init?.headers).get('x-read-after'));
      return fetch(url, init);
    };
    const api = createHttpClient({ url: gateway.url, fetch: recordingFetch });

    const { trackToken } = await api.request(
      TrackTokenDocument,
      { chain: 'SOLANA', address: BONKX, metadata: { name: 'Bonk Example', symbol: 'BONKX' } },
      { headers: { authorization: `Bearer ${ADMIN_KEY}` } },
    );
    const issued = api.readAfter;
    const { token } = await api.request(TokenDocument, { chain: 'SOLANA', address: BONKX });
    await api.request(UpstreamsDocument, undefined);

    expect(trackToken).toMatchObject({ symbol: 'BONKX', tracked: true });
    expect(issued).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(sent).toEqual([null, issued, issued]);
    expect(token).toMatchObject({ symbol: 'BONKX', tracked: true, chain: 'SOLANA', address: BONKX });
  });

  it('throws GraphQLRequestError with the codes when a request brings no data', async () => {
    const gateway = [...gateways][0] ?? (await start());
    const api = createHttpClient({ url: gateway.url });

    const error = await api.request(TrackTokenDocument, { chain: 'SOLANA', address: BONKX }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect((error as GraphQLRequestError).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('reconnects after the gateway restarts on the same port and resubscribes', async () => {
    const first = await start();
    const port = new URL(first.url).port;
    const statuses: string[] = [];
    const received: PriceUpdatedSubscription['priceUpdated'][] = [];
    const live = createSubscriptionClient({
      url: first.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      maxRetryWaitMs: 200,
      onStatus: (status) => statuses.push(status),
    });
    try {
      live.subscribe(
        PriceUpdatedDocument,
        { chain: 'SOLANA', addresses: [BONKX] },
        {
          next: ({ priceUpdated }) => received.push(priceUpdated),
        },
      );
      await waitFor(() => first.executor.subscriberCount === 1, 10_000, 'the subscription on the first gateway');
      await publisher.publish(Topic.PRICE_UPDATED, priceUpdatedEvent({ address: BONKX, changePct: 5, priceUsd: 2 }));
      await waitFor(() => received.some((update) => update.priceUsd === 2), 10_000, 'the first event');

      await stop(first);
      const second = await start({ GATEWAY_PORT: port });
      await waitFor(
        () => second.executor.subscriberCount === 1,
        15_000,
        'the client to resubscribe on the restarted gateway',
      );
      await publisher.publish(Topic.PRICE_UPDATED, priceUpdatedEvent({ address: BONKX, changePct: 7, priceUsd: 3 }));
      await waitFor(() => received.some((update) => update.priceUsd === 3), 10_000, 'an event after the restart');

      // Connected, closed by the restart (and once per refused attempt while the port was down), connected again.
      expect([statuses[0], statuses[1], statuses.at(-1)]).toEqual(['connected', 'closed', 'connected']);
      expect(statuses.filter((status) => status === 'connected')).toHaveLength(2);
      expect(received.map((update) => update.token.symbol)).toContain('BONKX');
    } finally {
      await live.dispose();
    }
  });

  it('runs its operations on a gateway holding operations/trusted-documents.json, which refuses any other', async () => {
    const gateway = await start({ TRUSTED_DOCUMENTS_PATH: manifest });
    const api = createHttpClient({ url: gateway.url });

    const { token } = await api.request(TokenDocument, { chain: 'SOLANA', address: BONKX });
    const other = { toString: () => '{ upstreams { source } }' } as typeof UpstreamsDocument;
    const refused = await api.request(other, undefined).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(token?.symbol).toBe('BONKX');
    expect((refused as GraphQLRequestError).codes).toEqual(['PERSISTED_QUERY_NOT_TRUSTED']);
  });
});
