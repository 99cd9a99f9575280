/**
 * The gateway's exact HTTP answers to POST /graphql, over real HTTP against real subgraphs: every header
 * (but Date and the connection's) and the refusals' bodies, for each way a request can go (CORS with and
 * without an allowed Origin, request ids, the body limit, malformed and non-object JSON, batches, read-after
 * tokens, trusted documents, Apollo's own 400s and CSRF refusal). Pins what a client sees whichever code
 * path serves the request.
 */
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningGateway } from '@memegraph/gateway';
import { createSignedValues } from '@memegraph/infra';
import { STACK_SUBGRAPH_SECRET, useSecuredStack } from './harness/secured-stack.js';

const stack = useSecuredStack('gateway_http_answers');
const dir = mkdtempSync(join(tmpdir(), 'memegraph-answers-'));
const QUERY = `{ upstreams { source } }`;
const TRUSTED = `{ upstreams { circuit } }`;
const EXPOSED = 'Retry-After,RateLimit-Remaining,x-read-after';
const JSON_UTF8 = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const REQUEST_ID = 'answers-request-0001';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let dev: RunningGateway;
let production: RunningGateway;
let allowlisted: RunningGateway;
let trusted: RunningGateway;
let limited: RunningGateway;
let cached: RunningGateway;

beforeAll(async () => {
  const manifest = join(dir, 'trusted.json');
  writeFileSync(manifest, JSON.stringify({ [createHash('sha256').update(TRUSTED).digest('hex')]: TRUSTED }));
  dev = await stack().startGateway({ GATEWAY_MAX_BODY_BYTES: '5000' });
  production = await stack().startGateway({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' });
  allowlisted = await stack().startGateway({
    NODE_ENV: 'production',
    RATE_LIMIT_PER_MINUTE: '0',
    CORS_ORIGINS: 'https://app.example',
  });
  trusted = await stack().startGateway({ TRUSTED_DOCUMENTS_PATH: manifest });
  // 2 at once, then one per 30 s: no refill within the test. Behind one proxy: clients by X-Forwarded-For.
  limited = await stack().startGateway({ RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_BURST: '2', TRUST_PROXY_HOPS: '1' });
  cached = await stack().startGateway({ RESPONSE_CACHE_TTL_MS: '60000' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  /** Every response header but Date, Connection and Keep-Alive. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request (exact headers: no content type unless given) to `path` of a gateway. */
function send(
  gateway: RunningGateway,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(gateway.url);
  const body = options.body ?? '';
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/graphql',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...headers } = res.headers;
          resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString() });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-request-id': REQUEST_ID };
const postJson = (gateway: RunningGateway, body: unknown, headers: Record<string, string> = {}) =>
  send(gateway, { headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

/** Every header of an answer to POST /graphql (JSON by default; `extra` adds or overrides). */
const answerHeaders = (body: string, extra: Record<string, string> = {}) => ({
  vary: 'Origin',
  'access-control-expose-headers': EXPOSED,
  'x-request-id': REQUEST_ID,
  'content-type': JSON_UTF8,
  'content-length': String(Buffer.byteLength(body)),
  ...extra,
});

const refusal = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] });

describe('CORS on POST /graphql', () => {
  it('reflects any Origin outside production, with Vary and the exposed headers, and no ETag', async () => {
    const answer = await postJson(dev, { query: QUERY }, { origin: 'https://anywhere.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual(
      answerHeaders(answer.body, { 'access-control-allow-origin': 'https://anywhere.example' }),
    );
    expect(JSON.parse(answer.body)).toEqual({ data: { upstreams: expect.any(Array) } });
  });

  it('answers a request without Origin with Vary and the exposed headers only', async () => {
    const answer = await postJson(dev, { query: QUERY });
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual(answerHeaders(answer.body));
  });

  it('allows no Origin in production by default, and only the listed ones with CORS_ORIGINS', async () => {
    const base = (body: string) => ({
      vary: 'Origin',
      'access-control-expose-headers': EXPOSED,
      'x-request-id': REQUEST_ID,
      'content-type': JSON_UTF8,
      'content-length': String(Buffer.byteLength(body)),
    });
    const closed = await postJson(production, { query: QUERY }, { origin: 'https://app.example' });
    expect([closed.status, closed.headers]).toEqual([200, base(closed.body)]);
    const listed = await postJson(allowlisted, { query: QUERY }, { origin: 'https://app.example' });
    expect([listed.status, listed.headers]).toEqual([
      200,
      { 'access-control-allow-origin': 'https://app.example', ...base(listed.body) },
    ]);
    const other = await postJson(allowlisted, { query: QUERY }, { origin: 'https://evil.example' });
    expect([other.status, other.headers]).toEqual([200, base(other.body)]);
  });

  it('answers application/graphql-response+json with the same CORS headers', async () => {
    const answer = await postJson(
      dev,
      { query: QUERY },
      { origin: 'https://anywhere.example', accept: 'application/graphql-response+json' },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual(
      answerHeaders(answer.body, {
        'access-control-allow-origin': 'https://anywhere.example',
        'content-type': GRAPHQL_RESPONSE,
      }),
    );
  });
});

describe('request ids', () => {
  it('echoes a valid x-request-id and replaces a missing or invalid one', async () => {
    const echoed = await postJson(dev, { query: QUERY });
    expect(echoed.headers['x-request-id']).toBe(REQUEST_ID);
    const missing = await send(dev, {
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(missing.headers['x-request-id']).toMatch(UUID);
    const invalid = await postJson(dev, { query: '{ __typename }' }, { 'x-request-id': 'no spaces allowed here' });
    expect(invalid.headers['x-request-id']).toMatch(UUID);
  });

  it('takes a query string on POST /graphql like none', async () => {
    const answer = await send(dev, { path: '/graphql?counted=1', headers: JSON_HEADERS, body: `{"query":"${QUERY}"}` });
    expect([answer.status, JSON.parse(answer.body)]).toEqual([200, { data: { upstreams: expect.any(Array) } }]);
    expect(answer.headers['x-request-id']).toBe(REQUEST_ID);
  });
});

describe('bodies the gateway refuses itself', () => {
  it('refuses a body over GATEWAY_MAX_BODY_BYTES with 413 BODY_TOO_LARGE', async () => {
    const answer = await postJson(dev, { query: QUERY, variables: { pad: 'x'.repeat(6000) } });
    const body = refusal('BODY_TOO_LARGE', 'The request body exceeds 5000 bytes (GATEWAY_MAX_BODY_BYTES).', {
      limit: 5000,
    });
    expect(answer).toEqual({ status: 413, headers: answerHeaders(body), body });
  });

  it('reads a body of exactly GATEWAY_MAX_BODY_BYTES', async () => {
    const head = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
    const text = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5000 - head.length) } });
    expect(Buffer.byteLength(text)).toBe(5000);
    const answer = await send(dev, { headers: JSON_HEADERS, body: text });
    expect([answer.status, answer.body]).toEqual([200, '{"data":{"__typename":"Query"}}\n']);
  });

  it.each([
    ['malformed JSON', '{"query": "{ upstreams { source } }"'],
    ['a string at the top', '"{ upstreams { source } }"'],
    ['a number at the top', ' 1'],
    ['null', 'null'],
  ])('refuses %s with 400 MALFORMED_REQUEST', async (_name, text) => {
    const answer = await send(dev, { headers: { ...JSON_HEADERS, origin: 'https://anywhere.example' }, body: text });
    const body = refusal('MALFORMED_REQUEST', 'The request body is not valid JSON.');
    expect(answer).toEqual({
      status: 400,
      headers: answerHeaders(body, { 'access-control-allow-origin': 'https://anywhere.example' }),
      body,
    });
  });

  it('refuses a batch with 400 BATCHING_DISABLED', async () => {
    const answer = await postJson(dev, [{ query: QUERY }, { query: QUERY }]);
    const body = refusal('BATCHING_DISABLED', 'Batched operations are disabled; send one per request.');
    expect(answer).toEqual({ status: 400, headers: answerHeaders(body), body });
  });

  it('refuses a charset other than UTF-8 with 415', async () => {
    const answer = await send(dev, {
      headers: { ...JSON_HEADERS, 'content-type': 'application/json; charset=latin1' },
      body: `{"query":"${QUERY}"}`,
    });
    expect(answer.status).toBe(415);
    expect(answer.headers['x-request-id']).toBe(REQUEST_ID);
    expect(answer.headers.etag).toBeUndefined();
  });

  it('reads a UTF-8 charset and a byte order mark as plain JSON', async () => {
    const answer = await send(dev, {
      headers: { ...JSON_HEADERS, 'content-type': 'Application/JSON; charset="UTF-8"' },
      body: `\ufeff{"query":"{ __typename }"}`,
    });
    expect([answer.status, answer.body]).toEqual([200, '{"data":{"__typename":"Query"}}\n']);
  });
});

describe('clients that leave', () => {
  it('serves the next request after a client closed its socket mid-body', async () => {
    const url = new URL(dev.url);
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/graphql',
        headers: { ...JSON_HEADERS, 'content-length': '100' },
      });
      req.on('error', () => resolve());
      req.write('{"query":', () => setTimeout(() => req.destroy(), 50));
    });
    const answer = await postJson(dev, { query: '{ __typename }' });
    expect([answer.status, answer.body]).toEqual([200, '{"data":{"__typename":"Query"}}\n']);
  });
});

describe("Apollo's own refusals", () => {
  it('answers an empty body and one without a query as Apollo does (400, no subgraph call)', async () => {
    const before = stack().subgraphRequests();
    const empty = await send(dev, { headers: JSON_HEADERS, body: '' });
    expect(empty.status).toBe(400);
    expect(empty.headers).toEqual(answerHeaders(empty.body));
    expect(empty.body).toBe(
      '{"errors":[{"message":"POST body missing, invalid Content-Type, or JSON object has no keys.","extensions":{"code":"BAD_REQUEST"}}]}\n',
    );
    const noQuery = await postJson(dev, { variables: {} });
    expect(noQuery.status).toBe(400);
    expect(noQuery.headers['content-type']).toBe(JSON_UTF8);
    expect(JSON.parse(noQuery.body)).toEqual({
      errors: [
        {
          message: 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    expect(stack().subgraphRequests()).toBe(before);
  });

  it('refuses a POST without a content type as a possible CSRF (no preflight header)', async () => {
    const before = stack().subgraphRequests();
    const answer = await send(dev, { headers: { 'x-request-id': REQUEST_ID }, body: `{"query":"${QUERY}"}` });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/Cross-Site Request Forgery/);
    expect(answer.headers['x-request-id']).toBe(REQUEST_ID);
    expect(answer.headers.etag).toBeUndefined();
    expect(stack().subgraphRequests()).toBe(before);
  });
});

describe('read-after tokens', () => {
  const READ = { query: `{ tokens(first: 1) { totalCount } }` };

  it('returns a token the tokens subgraph could have signed, and drops a forged one', async () => {
    const token = createSignedValues(STACK_SUBGRAPH_SECRET).sign('0/1', 60_000);
    const signed = await postJson(dev, READ, { 'x-read-after': token });
    expect(signed.status).toBe(200);
    expect(signed.headers['x-read-after']).toBe(token);
    expect(JSON.parse(signed.body)).toEqual({ data: { tokens: { totalCount: expect.any(Number) } } });
    for (const forged of ['0/1', token.replace(/^[^.]+/, 'FFFFFFFF/FFFFFFFF')]) {
      const dropped = await postJson(dev, READ, { 'x-read-after': forged });
      expect(dropped.status).toBe(200);
      expect(dropped.headers).toEqual(answerHeaders(dropped.body));
    }
  });
});

describe('trusted documents', () => {
  it('refuses an operation outside the manifest before any subgraph call, and runs a listed one', async () => {
    const before = stack().subgraphRequests();
    const answer = await postJson(trusted, { query: QUERY });
    const body = refusal(
      'PERSISTED_QUERY_NOT_TRUSTED',
      'Only the trusted documents of this API may run; send the sha256Hash of a trusted operation.',
    );
    expect(answer).toEqual({ status: 400, headers: answerHeaders(body), body });
    expect(stack().subgraphRequests()).toBe(before);
    const listed = await postJson(trusted, { query: TRUSTED });
    expect([listed.status, JSON.parse(listed.body)]).toEqual([200, { data: { upstreams: expect.any(Array) } }]);
  });
});

describe('the rate limit behind a trusted proxy (TRUST_PROXY_HOPS=1)', () => {
  /** The statuses and RateLimit-Remaining of `count` queries sent with X-Forwarded-For `forwarded`. */
  const burst = async (count: number, forwarded?: string) => {
    const seen: Array<[number, string | string[] | undefined]> = [];
    for (let i = 0; i < count; i += 1) {
      const headers: Record<string, string> = forwarded === undefined ? {} : { 'x-forwarded-for': forwarded };
      const answer = await postJson(limited, { query: '{ __typename }' }, headers);
      seen.push([answer.status, answer.headers['ratelimit-remaining']]);
    }
    return seen;
  };

  it('answers with RateLimit-Remaining, then 429 RATE_LIMITED with Retry-After, header for header', async () => {
    const first = await postJson(limited, { query: '{ __typename }' }, { 'x-forwarded-for': '10.1.0.1' });
    expect(first).toEqual({
      status: 200,
      headers: {
        vary: 'Origin',
        'access-control-expose-headers': EXPOSED,
        'x-request-id': REQUEST_ID,
        'ratelimit-remaining': '1',
        'content-type': JSON_UTF8,
        'content-length': '32',
      },
      body: '{"data":{"__typename":"Query"}}\n',
    });
    expect(await burst(1, '10.1.0.1')).toEqual([[200, '0']]);
    const refused = await postJson(limited, { query: '{ __typename }' }, { 'x-forwarded-for': '10.1.0.1' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const body = refusal('RATE_LIMITED', `Too many requests: 2 per minute (bursts of 2); retry in ${retryAfter} s.`, {
      retryAfterSeconds: retryAfter,
    });
    expect(refused).toEqual({
      status: 429,
      headers: answerHeaders(body, { 'ratelimit-remaining': '0', 'retry-after': String(retryAfter) }),
      body,
    });
  });

  it("keys a client by the address its proxy appended (the last of X-Forwarded-For's), else the socket's", async () => {
    expect(await burst(3, '10.1.0.2')).toEqual([
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ]);
    // The proxy appended 10.1.0.2: what the client claimed before it does not count.
    expect(await burst(1, '192.0.2.1, 10.1.0.2')).toEqual([[429, '0']]);
    expect(await burst(1, '10.1.0.2,192.0.2.1')).toEqual([[200, '1']]);
    // Spaces around entries and empty entries are not addresses; a tab is part of one.
    expect(await burst(1, ' ,10.1.0.2 , ')).toEqual([[429, '0']]);
    expect(await burst(1, 'x,\t10.1.0.2')).toEqual([[200, '1']]);
    // Without X-Forwarded-For: the socket's address (this test's loopback), a budget of its own.
    expect(await burst(3)).toEqual([
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ]);
  });
});

describe('the response cache', () => {
  it('answers a hit with the stored result, header for header as express sent it, without calling a subgraph', async () => {
    const query = { query: `{ upstreams { source } }`, variables: { answers: 1 } };
    const origin = { origin: 'https://anywhere.example' };
    const miss = await postJson(cached, query, origin);
    const headers = (body: string) => ({
      'access-control-allow-origin': 'https://anywhere.example',
      vary: 'Origin',
      'access-control-expose-headers': EXPOSED,
      'x-request-id': REQUEST_ID,
      'content-type': JSON_UTF8,
      'content-length': String(Buffer.byteLength(body)),
    });
    expect([miss.status, miss.headers]).toEqual([200, headers(miss.body)]);
    expect(miss.body.endsWith('\n')).toBe(true);
    const before = stack().subgraphRequests();
    const hit = await postJson(cached, query, origin);
    expect(hit).toEqual({ status: 200, headers: headers(miss.body.slice(0, -1)), body: miss.body.slice(0, -1) });
    expect(stack().subgraphRequests()).toBe(before);
    // A request carrying an identity is never answered from the cache.
    const authorized = await postJson(cached, query, { ...origin, authorization: 'Bearer someone' });
    expect([authorized.status, authorized.body]).toEqual([200, miss.body]);
    expect(stack().subgraphRequests()).toBeGreaterThan(before);
  });
});
