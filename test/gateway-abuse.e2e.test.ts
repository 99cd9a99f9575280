/**
 * Abuse limits at the gateway, over real HTTP and graphql-ws, in front of real subgraphs behind counting
 * proxies: every refused operation answers with its stable code and reaches no subgraph.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { RunningGateway } from '@memegraph/gateway';
import { postGraphql } from './harness/graphql-http.js';
import { useSecuredStack } from './harness/secured-stack.js';

const stack = useSecuredStack('gateway_abuse');
let gateway: RunningGateway;
const clients: Client[] = [];

beforeAll(async () => {
  gateway = await stack().startGateway({
    QUERY_MAX_DEPTH: '5',
    QUERY_MAX_ALIASES: '3',
    QUERY_MAX_DIRECTIVES: '3',
    QUERY_MAX_TOKENS: '200',
    QUERY_MAX_COST: '2000',
    GATEWAY_MAX_BODY_BYTES: '5000',
    GATEWAY_FIELD_SUGGESTIONS: 'false',
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
});

/** Runs `request` and asserts it reached neither subgraph. */
async function withoutSubgraphCalls<T>(request: () => Promise<T>): Promise<T> {
  const before = stack().subgraphRequests();
  const result = await request();
  expect(stack().subgraphRequests()).toBe(before);
  return result;
}

/** POSTs a raw body to the gateway and returns status and parsed JSON. */
async function postRaw(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { errors?: Array<Record<string, any>> } };
}

const codeOf = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  body.errors?.[0]?.extensions?.code;

describe('abuse limits over HTTP', () => {
  it('lets a query within every limit through to the subgraphs (the counter sees real calls)', async () => {
    const before = stack().subgraphRequests();
    const result = await postGraphql(gateway.url, `{ upstreams { source } tokens(first: 5) { totalCount } }`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(stack().subgraphRequests()).toBeGreaterThan(before);
  });

  it.each([
    ['deep', `{ tokens { edges { node { market { sources { source } } } } } }`, 'QUERY_TOO_DEEP'],
    [
      'deep through fragments',
      `{ tokens { ...E } } fragment E on TokenConnection { edges { node { market { sources { source } } } } }`,
      'QUERY_TOO_DEEP',
    ],
    [
      'aliased',
      `{ a: upstreams { source } b: upstreams { source } c: upstreams { source } d: upstreams { source } }`,
      'TOO_MANY_ALIASES',
    ],
    [
      'directive-heavy',
      `{ upstreams @include(if: true) @skip(if: false) { source @include(if: true) circuit @skip(if: false) } }`,
      'TOO_MANY_DIRECTIVES',
    ],
    [
      'costly (list sizes multiply)',
      `{ tokens(first: 100) { edges { node { candles(resolution: H1, limit: 1000) { close } } } } }`,
      'QUERY_TOO_COSTLY',
    ],
    [
      'wide',
      `{ searchTokens(query: "a", first: 100) { chain address name symbol decimals imageUrl tracked firstSeenAt market { priceUsd } pools { address } } }`,
      'QUERY_TOO_COSTLY',
    ],
    [
      'costly by default sizes',
      `{ tokens { edges { node { candles(resolution: H1) { open high low close volumeUsd } } } } }`,
      'QUERY_TOO_COSTLY',
    ],
  ])('refuses a %s query with 400 %s before planning', async (_kind, query, code) => {
    const result = await withoutSubgraphCalls(() => postGraphql(gateway.url, query));
    expect(result.status).toBe(400);
    expect(codeOf(result.body)).toBe(code);
    expect(result.body.errors?.[0]?.message).toMatch(/QUERY_MAX_|more than/);
  });

  it('counts list sizes given in variables', async () => {
    const query = `query($n: Int) { tokens(first: $n) { edges { node { candles(resolution: H1, limit: 100) { close } } } } }`;
    const costly = await withoutSubgraphCalls(() => postGraphql(gateway.url, query, { n: 100 }));
    expect(codeOf(costly.body)).toBe('QUERY_TOO_COSTLY');
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ cost: 1 + 100 * (1 + 1 + (1 + 100 * 1)), limit: 2000 });
    const cheap = await postGraphql(gateway.url, query, { n: 2 });
    expect(cheap.status).toBe(200);
    expect(cheap.body.errors).toBeUndefined();
  });

  it('stops parsing a huge-token document with 400 TOO_MANY_TOKENS', async () => {
    const query = `{ upstreams { ${'source '.repeat(300)} } }`;
    const result = await withoutSubgraphCalls(() => postGraphql(gateway.url, query));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_TOKENS', limit: 200 } });
  });

  it('refuses an oversized body with 413 BODY_TOO_LARGE', async () => {
    const body = JSON.stringify({ query: `{ upstreams { source } }`, variables: { pad: 'x'.repeat(6000) } });
    const result = await withoutSubgraphCalls(() => postRaw(body));
    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]).toMatchObject({ extensions: { code: 'BODY_TOO_LARGE', limit: 5000 } });
  });

  it('refuses a batch with 400 BATCHING_DISABLED', async () => {
    const one = { query: `{ upstreams { source } }` };
    const result = await withoutSubgraphCalls(() => postRaw(JSON.stringify([one, one])));
    expect(result.status).toBe(400);
    expect(codeOf(result.body)).toBe('BATCHING_DISABLED');
  });

  // A body that is no JSON is no GraphQL-over-HTTP request: 400 whatever the client accepts. Bad syntax in a
  // well-formed request is a GraphQL request error: 200 in application/json (the spec's legacy rule, what
  // postGraphql accepts), 400 in application/graphql-response+json.
  it('refuses malformed JSON with 400 MALFORMED_REQUEST and bad syntax with GRAPHQL_PARSE_FAILED', async () => {
    const json = await withoutSubgraphCalls(() => postRaw('{"query": "{ upstreams { source } }"'));
    expect(json.status).toBe(400);
    expect(codeOf(json.body)).toBe('MALFORMED_REQUEST');
    const syntax = await withoutSubgraphCalls(() => postGraphql(gateway.url, `{ upstreams { source `));
    expect(syntax.status).toBe(200);
    expect(codeOf(syntax.body)).toBe('GRAPHQL_PARSE_FAILED');
    const modern = await withoutSubgraphCalls(() =>
      postGraphql(gateway.url, `{ upstreams { source `, {}, { accept: 'application/graphql-response+json' }),
    );
    expect(modern.status).toBe(400);
    expect(codeOf(modern.body)).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('hides field suggestions when they are off', async () => {
    const result = await withoutSubgraphCalls(() => postGraphql(gateway.url, `{ upstreams { sourc } }`));
    expect(result.status).toBe(200); // a validation failure in application/json (the spec's legacy rule)
    expect(codeOf(result.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe('abuse limits over graphql-ws', () => {
  const wsClient = () => {
    const client = createClient({
      url: gateway.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };
  /** Subscribes and resolves with the first error the server sends (or rejects on data). */
  const firstError = (client: Client, query: string) =>
    new Promise<readonly Record<string, any>[]>((resolve, reject) => {
      client.subscribe(
        { query },
        {
          next: (value: ExecutionResult) =>
            value.errors ? resolve(value.errors as never) : reject(new Error(`got data ${JSON.stringify(value)}`)),
          error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
          complete: () => undefined,
        },
      );
    });

  it.each([
    [
      'a subscription with too many aliases',
      `subscription { priceUpdated { a: changePct b: changePct c: changePct d: changePct } }`,
      'TOO_MANY_ALIASES',
    ],
    [
      'a deep query sent over the socket',
      `{ tokens { edges { node { market { sources { source } } } } } }`,
      'QUERY_TOO_DEEP',
    ],
    [
      'a costly query sent over the socket',
      `{ tokens(first: 100) { edges { node { candles(resolution: H1, limit: 1000) { close } } } } }`,
      'QUERY_TOO_COSTLY',
    ],
    ['a huge-token subscription', `subscription { priceUpdated { ${'changePct '.repeat(300)} } }`, 'TOO_MANY_TOKENS'],
  ])('refuses %s with %s and no subgraph call', async (_kind, query, code) => {
    const errors = await withoutSubgraphCalls(() => firstError(wsClient(), query));
    expect(errors[0]?.extensions).toEqual(expect.objectContaining({ code }));
    expect(errors[0]?.extensions).not.toHaveProperty('http');
  });

  it('hides field suggestions over the socket too', async () => {
    const errors = await firstError(wsClient(), `subscription { priceUpdated { changePc } }`);
    expect(errors[0]?.message).toMatch(/Cannot query field "changePc"/);
    expect(errors[0]?.message).not.toMatch(/Did you mean/);
  });
});
