import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { createLogger } from '../logging/create-logger.js';
import { createMetricsRegistry } from '../observability/metrics-registry.js';
import { getRequestIdOf } from '../observability/request-context.js';
import { createSubgraphApp } from './create-subgraph-app.js';
import { type Answer, sendRequest } from './send-request.fixture.js';
import { SUBGRAPH_SECRET_HEADER } from './shared-secret.js';
import { startHttpServer, type RunningHttpServer } from './start-http-server.js';

/**
 * The subgraph app on real HTTP, as the gateway (and anyone else) calls it: what POST /graphql answers for
 * a query, a refused secret, a body over 1 MB, malformed JSON and other content types (express.json's
 * refusals rendered by express's default error handler, NODE_ENV=test here), and the other routes.
 */
const SECRET = 'a-secret-of-at-least-16-chars';
const LIMIT = 1024 * 1024;
let http: RunningHttpServer;

beforeAll(async () => {
  const { app } = await createSubgraphApp<{ requestId: string | undefined }>({
    typeDefs: parse(`type Query { hello: String, requestId: String, echo(text: String): String }`),
    resolvers: {
      Query: {
        hello: () => 'world',
        requestId: (_root, _args, ctx) => ctx.requestId ?? null,
        echo: (_root, args: { text?: string }) => args.text ?? null,
      },
    },
    errorCodes: [],
    log: createLogger('test', 'silent'),
    introspection: false,
    subgraphSecret: SECRET,
    registry: createMetricsRegistry(),
    context: async (req) => ({ requestId: getRequestIdOf(req) }),
  });
  http = await startHttpServer(app, 0, '127.0.0.1');
});

afterAll(async () => {
  await http?.close();
});

const send = (
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body?: string | Buffer,
  chunked = false,
) => sendRequest(`${http.url}${path}`, method, { [SUBGRAPH_SECRET_HEADER]: SECRET, ...headers }, body, chunked);

const json = { 'content-type': 'application/json' };
const post = (body: string | Buffer, headers: Record<string, string | number> = json, chunked = false) =>
  send('POST', '/graphql', headers, body, chunked);

/** The message express's default error handler shows (outside production: the error's stack, first line). */
const errorPage = (answer: Answer) => /<pre>([^<]*?)(<br>|<\/pre>)/.exec(answer.body)?.[1];

/** What express's default error handler sends besides the page. */
const expectErrorPage = (answer: Answer, status: number, message: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(answer.headers['content-security-policy']).toBe("default-src 'none'");
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['x-request-id']).toBeUndefined();
  expect(answer.body.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  expect(errorPage(answer)).toBe(message);
};

describe('POST /graphql', () => {
  it('answers a query with its JSON, in one piece, with the request id and no ETag', async () => {
    const answer = await post(JSON.stringify({ query: '{ hello requestId }' }), { ...json, 'x-request-id': 'req-1' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { hello: 'world', requestId: 'req-1' } });
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers['x-request-id']).toBe('req-1');
    expect(answer.headers['x-powered-by']).toBeUndefined();
    expect(answer.headers.etag).toBeUndefined();
  });

  it('makes a request id when the caller sent none or an unusable one', async () => {
    for (const given of [undefined, 'has spaces']) {
      const answer = await post(JSON.stringify({ query: '{ requestId }' }), {
        ...json,
        ...(given ? { 'x-request-id': given } : {}),
      });
      const made = answer.headers['x-request-id'];
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(answer.body)).toEqual({ data: { requestId: made } });
    }
  });

  it('passes variables, takes a query string, and decodes multi-byte UTF-8', async () => {
    const answer = await send(
      'POST',
      '/graphql?counted=1',
      { 'content-type': 'Application/JSON; Charset=UTF-8' },
      JSON.stringify({ query: 'query ($t: String) { echo(text: $t) }', variables: { t: 'héllo 🚀' } }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { echo: 'héllo 🚀' } });
  });

  it('answers in the media type the caller accepts', async () => {
    const answer = await post(JSON.stringify({ query: '{ hello }' }), {
      ...json,
      accept: 'application/graphql-response+json',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ data: { hello: 'world' } });
  });

  it('reads a body with a byte order mark, a chunked body and a gzipped body', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    for (const answer of [
      await post(`\uFEFF${body}`),
      await post(body, json, true),
      await post(gzipSync(body), { ...json, 'content-encoding': 'gzip' }),
    ]) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { hello: 'world' } });
    }
  });

  it('refuses a request without the secret (401) or with a wrong one (403), as a GraphQL error', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    const missing = await send('POST', '/graphql', { ...json, [SUBGRAPH_SECRET_HEADER]: '' }, body);
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(missing.headers['x-request-id']).toBeUndefined();
    expect(JSON.parse(missing.body)).toEqual({
      errors: [
        {
          message: 'This service is internal: only the gateway may call it (x-subgraph-secret header).',
          extensions: { code: 'SUBGRAPH_SECRET_REQUIRED' },
        },
      ],
    });
    const wrong = await send('POST', '/graphql', { ...json, [SUBGRAPH_SECRET_HEADER]: 'not-the-secret-at-all' }, body);
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body)).toEqual({
      errors: [{ message: 'The internal secret is wrong.', extensions: { code: 'SUBGRAPH_SECRET_INVALID' } }],
    });
  });

  it('takes a body of exactly 1 MB and refuses one byte more with 413, announced or chunked', async () => {
    const padded = (size: number) => {
      const body = JSON.stringify({ query: '{ hello }' });
      return body.slice(0, -1) + ' '.repeat(size - body.length) + '}';
    };
    const atLimit = await post(padded(LIMIT));
    expect(atLimit.status).toBe(200);
    expect(JSON.parse(atLimit.body)).toEqual({ data: { hello: 'world' } });
    expectErrorPage(await post(padded(LIMIT + 1)), 413, 'PayloadTooLargeError: request entity too large');
    expectErrorPage(await post(padded(LIMIT + 1), json, true), 413, 'PayloadTooLargeError: request entity too large');
  });

  it('refuses malformed JSON with 400 and the parser message', async () => {
    expectErrorPage(await post('{"query":'), 400, 'SyntaxError: Unexpected end of JSON input');
    expectErrorPage(await post(' \n '), 400, 'SyntaxError: Unexpected end of JSON input');
    expectErrorPage(
      await post('{"query": nope}'),
      400,
      'SyntaxError: Unexpected token &#39;o&#39;, &quot;{&quot;query&quot;: nope}&quot; is not valid JSON',
    );
    // Strict: only an object or an array at the top.
    expectErrorPage(
      await post('  "a string"'),
      400,
      'SyntaxError: Unexpected token &#39;&quot;&#39;, &quot; &nbsp;&quot;a string&quot;&quot; is not valid JSON',
    );
  });

  it('refuses an unsupported charset (415) or content encoding (415)', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    expectErrorPage(
      await post(body, { 'content-type': 'application/json; charset=latin1' }),
      415,
      'UnsupportedMediaTypeError: unsupported charset &quot;LATIN1&quot;',
    );
    expectErrorPage(
      await post(body, { ...json, 'content-encoding': 'compress' }),
      415,
      'UnsupportedMediaTypeError: unsupported content encoding &quot;compress&quot;',
    );
  });

  it('leaves a body it does not parse to Apollo, which refuses it (400) as CSRF or as missing', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    const refusal = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    const csrf = refusal(
      'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a ' +
        "'content-type' header (with a type that is not one of application/x-www-form-urlencoded, " +
        'multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: ' +
        'x-apollo-operation-name, apollo-require-preflight\n',
    );
    const missing = refusal('POST body missing, invalid Content-Type, or JSON object has no keys.');
    for (const [headers, expected] of [
      [{ 'content-type': 'text/plain' }, csrf],
      [{}, csrf],
      [{ 'content-type': 'application/graphql+json' }, missing],
    ] as const) {
      const answer = await post(body, headers);
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.body)).toEqual(expected);
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toEqual(missing);
    expect(empty.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a body that is not a GraphQL request with 400', async () => {
    const answer = await post('[]');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});

describe('the other routes', () => {
  it('serves /graphql/ and GET /graphql through express as before', async () => {
    const slash = await send('POST', '/graphql/', json, JSON.stringify({ query: '{ hello }' }));
    expect(slash.status).toBe(200);
    expect(JSON.parse(slash.body)).toEqual({ data: { hello: 'world' } });
    const get = await send('GET', '/graphql?query=%7Bhello%7D', { 'apollo-require-preflight': 'true' });
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toEqual({ data: { hello: 'world' } });
    expect(get.headers.etag).toBeUndefined();
  });

  it('serves /health, /ready and /metrics without the secret and without an ETag', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const answer = await send('GET', path, { [SUBGRAPH_SECRET_HEADER]: '' });
      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBeUndefined();
    }
    expect(JSON.parse((await send('GET', '/health')).body)).toEqual({ status: 'ok' });
  });

  it('answers 404 elsewhere', async () => {
    const answer = await send('PUT', '/graphqlx', json, '{}');
    expect(answer.status).toBe(404);
  });
});
