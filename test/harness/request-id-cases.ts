import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { postGraphql, waitFor } from './graphql-http.js';
import { OBSERVED_ADMIN_KEY, WIFX, type ObservedStack } from './observed-stack.js';
import type { ServiceProcess } from './service-process.js';

/**
 * The request-id behaviour, the same with tracing on (request context in AsyncLocalStorage) and off (the
 * id travels in each service's GraphQL context): run by observability.e2e.test.ts and
 * request-ids-untraced.e2e.test.ts. `unknownAddress`: a token no upstream knows, tracked without metadata.
 */
export function describeRequestIds(getStack: () => ObservedStack, unknownAddress: string): void {
  const TOKEN_QUERY = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`;
  const logged = (service: ServiceProcess, requestId: string) =>
    service.logs().filter((line) => line.requestId === requestId && line.msg === 'graphql request');

  describe('request ids', () => {
    it('takes the client id, returns it, and logs it in the gateway and the subgraphs it reached', async () => {
      const { graphqlUrl, gateway, tokens, marketData } = getStack();
      const requestId = `obs-${randomUUID()}`;
      const response = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX }, { 'x-request-id': requestId });
      expect(response.headers.get('x-request-id')).toBe(requestId);
      await waitFor(
        () => [gateway, tokens, marketData].every((service) => logged(service, requestId).length > 0),
        5_000,
        'the request id in every service log',
      );
      expect(logged(gateway, requestId)[0]).toMatchObject({ service: 'gateway', operation: 'query' });
      expect(logged(tokens, requestId)[0]).toMatchObject({ service: 'tokens', operation: 'query' });
    });

    it('makes one up when the client sent none (or an unusable one), and logs the one it made', async () => {
      const { graphqlUrl, gateway, tokens } = getStack();
      const none = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX });
      const bad = await postGraphql(graphqlUrl, TOKEN_QUERY, { a: WIFX }, { 'x-request-id': 'has spaces and <html>' });
      for (const response of [none, bad]) expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(none.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
      const made = bad.headers.get('x-request-id')!;
      await waitFor(
        () => logged(gateway, made).length > 0 && logged(tokens, made).length > 0,
        5_000,
        'the made-up id in the gateway and tokens logs',
      );
    });

    it('reaches the upstream calls market-data makes on behalf of the request', async () => {
      const { graphqlUrl, fake, marketData } = getStack();
      const requestId = `obs-${randomUUID()}`;
      const tracked = await postGraphql(
        graphqlUrl,
        `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { symbol } }`,
        { a: unknownAddress },
        { authorization: `Bearer ${OBSERVED_ADMIN_KEY}`, 'x-request-id': requestId },
      );
      // No upstream knows it: the lookup ran (tokens → market-data → upstreams) and found nothing.
      expect(tracked.body.errors?.[0]?.extensions?.code).not.toBe('BAD_USER_INPUT');
      expect(tracked.body.errors?.[0]?.extensions?.code).toBeDefined();
      const upstreamCalls = fake.requests().filter((request) => request.headers['x-request-id'] === requestId);
      expect(upstreamCalls.length).toBeGreaterThan(0);
      expect(
        upstreamCalls.every((request) => `${request.path}?${request.searchParams.toString()}`.includes(unknownAddress)),
      ).toBe(true);
      await waitFor(() => logged(marketData, requestId).length > 0, 5_000, 'the request id in the market-data log');
      // Polling is not on behalf of a request: its calls carry no id.
      expect(fake.requests().some((request) => request.headers['x-request-id'] === undefined)).toBe(true);
    });
  });
}
