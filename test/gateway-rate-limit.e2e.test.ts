/**
 * The per-client request rate limit, shared by two gateways through real Redis: 429 + Retry-After with
 * a RATE_LIMITED GraphQL error, keyed by a known API key (RATE_LIMIT_API_KEYS; else IP), and no subgraph call
 * for a refused request.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '@memegraph/gateway';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { toWebSocketUrl, useSubscriptionClients } from './harness/subscription-inbox.js';
import { useSecuredStack } from './harness/secured-stack.js';
import { testEnv } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';

const stack = useSecuredStack('rate_limit');
const redis = useTestRedis('rate-limit');
const QUERY = `{ upstreams { source } }`;
const digestApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
const clients = useSubscriptionClients();
let a: RunningGateway;
let b: RunningGateway;

beforeAll(async () => {
  // 3 at once, then one per 20 s: the refill cannot rescue a request within the test.
  const shared = {
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: redis.prefix,
    RATE_LIMIT_PER_MINUTE: '3',
    RATE_LIMIT_BURST: '3',
    // The keys with budgets of their own; any other key counts as its IP.
    RATE_LIMIT_API_KEYS: ['client-one', 'client-two', 'ws-client'].map(digestApiKey).join(','),
  };
  a = await stack().startGateway(shared);
  b = await stack().startGateway(shared);
});

afterAll(() => clients.disposeAll());

describe('rate limit', () => {
  it('shares one budget per API key across gateways and refuses the excess with 429 RATE_LIMITED', async () => {
    const key = { 'x-api-key': 'client-one' };
    for (const gateway of [a, b, a]) {
      expect((await postGraphql(gateway.url, QUERY, {}, key)).status).toBe(200);
    }
    const before = stack().subgraphRequests();
    const refused = await postGraphql(b.url, QUERY, {}, key);
    expect(stack().subgraphRequests()).toBe(before);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    // The bucket lives in Redis under a hash of the key, never the key itself.
    const [connection] = redis.connectionsFor(1);
    const keys = await connection!.keys(`${redis.prefix}ratelimit:*`);
    expect(keys.some((name) => name.startsWith(`${redis.prefix}ratelimit:key:`))).toBe(true);
    expect(keys.join()).not.toContain('client-one');
  });

  it('gives another API key, and clients without one (by IP), their own budgets', async () => {
    expect((await postGraphql(a.url, QUERY, {}, { 'x-api-key': 'client-two' })).status).toBe(200);
    const byIp = await Promise.all([a, b, a, b].map((gateway) => postGraphql(gateway.url, QUERY)));
    expect(byIp.map((result) => result.status).sort()).toEqual([200, 200, 200, 429]);
  });

  it('draws graphql-ws subscribes from the same budget as HTTP (API key in connection_init) and refuses the excess', async () => {
    // Two of the key's three tokens go to HTTP requests: one subscribe is left for it.
    for (const gateway of [a, b]) {
      expect((await postGraphql(gateway.url, QUERY, {}, { 'x-api-key': 'ws-client' })).status).toBe(200);
    }
    const inboxes = [a, b, a, b].map((gateway) =>
      clients.subscribe(
        { url: toWebSocketUrl(gateway.url), connectionParams: { 'x-api-key': 'ws-client' } },
        'subscription { priceUpdated { at } }',
      ),
    );
    await waitFor(() => inboxes.filter((inbox) => inbox.errors.length > 0).length >= 3, 10_000, 'three refusals');
    await waitFor(() => a.executor.subscriberCount + b.executor.subscriberCount >= 1, 10_000, 'one subscription');
    const refusals = inboxes.flatMap((inbox) => inbox.errors.flat() as Array<{ extensions?: { code?: string } }>);
    expect(refusals.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(a.executor.subscriberCount + b.executor.subscriberCount).toBe(1);
  });
});
