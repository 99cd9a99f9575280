/**
 * GraphQL over HTTP, CSRF and CORS at the gateway, over real HTTP against real subgraphs: content
 * negotiation, status codes, GET for queries only, 415/406, preflight-less requests refused.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '@memegraph/gateway';
import { useSecuredStack } from './harness/secured-stack.js';
import { toWebSocketUrl, upgradeStatus } from './harness/subscription-inbox.js';

const stack = useSecuredStack('gateway_http');
let dev: RunningGateway;
let production: RunningGateway;
let allowlisted: RunningGateway;

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const QUERY = `{ upstreams { source } }`;

beforeAll(async () => {
  dev = await stack().startGateway();
  production = await stack().startGateway({ NODE_ENV: 'production' });
  allowlisted = await stack().startGateway({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example' });
});

/** One request to a gateway's /graphql; the body is parsed when it is JSON. */
async function request(gateway: RunningGateway, init: RequestInit & { search?: string } = {}) {
  const response = await fetch(`${gateway.url}${init.search ?? ''}`, init);
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    type,
    body: type.includes('json')
      ? (JSON.parse(text) as { data?: unknown; errors?: Array<Record<string, any>> })
      : undefined,
  };
}

const post = (gateway: RunningGateway, query: string, headers: Record<string, string> = {}) =>
  request(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('GraphQL over HTTP', () => {
  it('answers application/graphql-response+json when the client accepts it, application/json otherwise', async () => {
    const modern = await post(dev, QUERY, { accept: `${GRAPHQL_RESPONSE}, application/json;q=0.9` });
    expect(modern.status).toBe(200);
    expect(modern.type).toContain(GRAPHQL_RESPONSE);
    expect(modern.body?.errors).toBeUndefined();
    const legacy = await post(dev, QUERY, { accept: 'application/json' });
    expect(legacy.type).toContain('application/json');
    expect(legacy.type).not.toContain(GRAPHQL_RESPONSE);
  });

  it('answers 400 for parse and validation errors in application/graphql-response+json', async () => {
    const accept = { accept: GRAPHQL_RESPONSE };
    const parse = await post(dev, `{ upstreams {`, accept);
    expect([parse.status, parse.type.includes(GRAPHQL_RESPONSE)]).toEqual([400, true]);
    expect(parse.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(parse.body).not.toHaveProperty('data');
    const invalid = await post(dev, `{ upstreams { nope } }`, accept);
    expect(invalid.status).toBe(400);
    expect(invalid.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers 200 for the same errors in application/json (the legacy rule), without data', async () => {
    for (const [query, code] of [
      [`{ upstreams {`, 'GRAPHQL_PARSE_FAILED'],
      [`{ upstreams { nope } }`, 'GRAPHQL_VALIDATION_FAILED'],
    ]) {
      const legacy = await post(dev, query!, { accept: 'application/json' });
      expect([legacy.status, legacy.type.includes(GRAPHQL_RESPONSE)]).toEqual([200, false]);
      expect(legacy.body?.errors?.[0]?.extensions?.code).toBe(code);
      expect(legacy.body).not.toHaveProperty('data');
    }
  });

  it('answers 200 with errors for a field error (the operation ran)', async () => {
    const result = await post(dev, `{ searchTokens(query: "") { name } }`, { accept: GRAPHQL_RESPONSE });
    expect(result.status).toBe(200);
    expect(result.body).toHaveProperty('data');
    expect(result.body?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('answers 406 when the client accepts no JSON response type', async () => {
    const result = await post(dev, QUERY, { accept: 'application/xml' });
    expect(result.status).toBe(406);
  });

  it('runs queries over GET and refuses mutations over GET with 405 Allow: POST', async () => {
    const preflighted = { 'apollo-require-preflight': 'true' };
    const query = await request(dev, { search: `?query=${encodeURIComponent(QUERY)}`, headers: preflighted });
    expect(query.status).toBe(200);
    expect(query.body?.data).toEqual({ upstreams: expect.any(Array) });
    const mutation = `mutation { untrackToken(chain: SOLANA, address: "x") }`;
    const before = stack().subgraphRequests();
    const refused = await request(dev, { search: `?query=${encodeURIComponent(mutation)}`, headers: preflighted });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    expect(stack().subgraphRequests()).toBe(before);
  });

  it.each(['text/plain', 'application/xml', 'application/graphql'])(
    'refuses a POST body of type %s with 415 UNSUPPORTED_MEDIA_TYPE',
    async (type) => {
      const result = await request(dev, { method: 'POST', headers: { 'content-type': type }, body: QUERY });
      expect(result.status).toBe(415);
      expect(result.body?.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('refuses methods other than GET and POST with 405', async () => {
    const result = await request(dev, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(result.status).toBe(405);
  });
});

describe('CSRF prevention', () => {
  it('refuses a GET without a preflight header or JSON content type (a cross-site <img>/link)', async () => {
    const before = stack().subgraphRequests();
    const result = await request(dev, { search: `?query=${encodeURIComponent(QUERY)}` });
    expect(result.status).toBe(400);
    expect(result.body?.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
    expect(stack().subgraphRequests()).toBe(before);
  });

  it('refuses a simple form POST (no preflight possible) before any subgraph call', async () => {
    const before = stack().subgraphRequests();
    const result = await request(dev, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(QUERY)}`,
    });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.body?.data).toBeUndefined();
    expect(stack().subgraphRequests()).toBe(before);
  });
});

describe('CORS', () => {
  const preflight = (gateway: RunningGateway, origin: string) =>
    fetch(gateway.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('allows any origin outside production', async () => {
    const response = await preflight(dev, 'https://anywhere.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('allows no origin in production unless CORS_ORIGINS lists it', async () => {
    expect((await preflight(production, 'https://app.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(allowlisted, 'https://app.example')).headers.get('access-control-allow-origin')).toBe(
      'https://app.example',
    );
    expect(
      (await preflight(allowlisted, 'https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
    const simple = await post(allowlisted, QUERY, { origin: 'https://app.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('WebSocket origins', () => {
  const upgrade = (gateway: RunningGateway, origin?: string) => upgradeStatus(toWebSocketUrl(gateway.url), origin);
  const ownOrigin = (gateway: RunningGateway) => new URL(gateway.url).origin;

  it('applies the CORS allowlist to upgrades: other sites refused with 403 before any socket', async () => {
    expect(await upgrade(production, 'https://app.example')).toBe(403);
    expect(await upgrade(allowlisted, 'https://evil.example')).toBe(403);
    expect(await upgrade(allowlisted, 'null')).toBe(403);
    expect(await upgrade(allowlisted, 'https://app.example')).toBe(101);
    expect(await upgrade(dev, 'https://anywhere.example')).toBe(101);
  });

  it("lets the gateway's own pages (same origin) and non-browser clients (no Origin) connect", async () => {
    expect(await upgrade(production, ownOrigin(production))).toBe(101);
    expect(await upgrade(production)).toBe(101);
  });
});

describe('production defaults', () => {
  it('turns introspection and field suggestions off', async () => {
    const introspection = await post(production, `{ __schema { queryType { name } } }`);
    expect(introspection.status).toBe(200); // no Accept: application/json, where a validation failure is a 200
    expect(introspection.body).not.toHaveProperty('data');
    expect(introspection.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await post(production, `{ upstreams { sourc } }`);
    expect(typo.body?.errors?.[0]?.message).toMatch(/Cannot query field "sourc"/);
    expect(typo.body?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const suggested = await post(dev, `{ upstreams { sourc } }`);
    expect(suggested.body?.errors?.[0]?.message).toMatch(/Did you mean "source"/);
  });
});
