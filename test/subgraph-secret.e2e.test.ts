/**
 * Private subgraphs: with SUBGRAPH_SECRET set, the real tokens and market-data subgraphs answer /graphql
 * only to requests carrying it (the gateway's), and production refuses to start without it.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigError, SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';
import { loadGatewayConfig } from '@memegraph/gateway';
import { loadMarketDataConfig } from '@memegraph/market-data';
import { loadTokensConfig } from '@memegraph/tokens';
import { postGraphql } from './harness/graphql-http.js';
import { STACK_ADMIN_KEY, STACK_SUBGRAPH_SECRET, useSecuredStack } from './harness/secured-stack.js';

const stack = useSecuredStack('subgraph_secret');
const QUERY = `{ _service { sdl } }`;

describe('private subgraphs', () => {
  it.each(['tokens', 'marketData'] as const)('%s refuses a direct request without the secret (401)', async (name) => {
    const result = await postGraphql(stack()[name].url, QUERY);
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_SECRET_REQUIRED' });
  });

  it.each(['tokens', 'marketData'] as const)('%s refuses a wrong secret (403)', async (name) => {
    const result = await postGraphql(
      stack()[name].url,
      QUERY,
      {},
      { [SUBGRAPH_SECRET_HEADER]: 'not-the-secret-at-all' },
    );
    expect(result.status).toBe(403);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_SECRET_INVALID' });
  });

  it.each(['tokens', 'marketData'] as const)('%s answers the secret', async (name) => {
    const result = await postGraphql(stack()[name].url, QUERY, {}, { [SUBGRAPH_SECRET_HEADER]: STACK_SUBGRAPH_SECRET });
    expect(result.status).toBe(200);
    expect(result.body.data?._service.sdl).toContain('type Query');
  });

  it('lets the gateway through, which sends the secret on every subgraph fetch', async () => {
    const gateway = await stack().startGateway();
    const result = await postGraphql(gateway.url, `{ upstreams { source } searchTokens(query: "bonk") { name } }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ upstreams: expect.any(Array), searchTokens: [] });
  });

  it('lets tokens look metadata up on market-data with the secret (trackToken without metadata)', async () => {
    const gateway = await stack().startGateway();
    const tracked = await postGraphql(
      gateway.url,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a) { name symbol } }`,
      { a: 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump' },
      { authorization: `Bearer ${STACK_ADMIN_KEY}` },
    );
    expect(tracked.body.errors).toBeUndefined();
    expect(tracked.body.data?.trackToken).toEqual({ name: 'Dog Wif Example', symbol: 'WIFX' });
  });

  it('keeps health and readiness open for probes', async () => {
    expect((await fetch(stack().tokens.url.replace('/graphql', '/health'))).status).toBe(200);
    expect((await fetch(stack().marketData.url.replace('/graphql', '/ready'))).status).toBe(200);
  });

  it.each([
    ['gateway', () => loadGatewayConfig({ NODE_ENV: 'production' })],
    ['tokens', () => loadTokensConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1/x' })],
    ['market-data', () => loadMarketDataConfig({ NODE_ENV: 'production' })],
  ])('the %s refuses to start in production without SUBGRAPH_SECRET', (_name, load) => {
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SUBGRAPH_SECRET is required when NODE_ENV=production/);
  });
});
