import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { getRequestIdOf } from '../observability/request-context.js';
import { createGraphQLHandler } from './graphql-handler.js';
import { sendRequest } from './send-request.fixture.js';
import { createSharedSecretGuard, SUBGRAPH_SECRET_HEADER } from './shared-secret.js';
import { startHttpServer, type RunningHttpServer } from './start-http-server.js';

/**
 * The lean POST /graphql handler on real HTTP: what it serves itself, and what it leaves to its fallback
 * (express in createSubgraphApp), unread or with the error to render. The fallback here answers 599 and
 * records what it was given.
 */
const SECRET = 'a-secret-of-at-least-16-chars';
const LIMIT = 200;
const handedOver: Array<{ error: unknown }> = [];
let http: RunningHttpServer;
let apollo: ApolloServer<{ requestId: string | undefined }>;

beforeAll(async () => {
  apollo = new ApolloServer<{ requestId: string | undefined }>({
    typeDefs: `type Query { hello: String, requestId: String }`,
    resolvers: { Query: { hello: () => 'world', requestId: (_root, _args, ctx) => ctx.requestId ?? null } },
    allowBatchedHttpRequests: false,
  });
  await apollo.start();
  const handler = createGraphQLHandler({
    apollo,
    context: async (req) => ({ requestId: getRequestIdOf(req) }),
    guard: createSharedSecretGuard(SECRET),
    limit: LIMIT,
    fallback: (_req, res, error) => {
      handedOver.push({ error });
      res.statusCode = 599;
      res.end('fallback');
    },
  });
  http = await startHttpServer(handler, 0, '127.0.0.1');
});

afterAll(async () => {
  await http?.close();
  await apollo?.stop();
});

beforeEach(() => {
  handedOver.length = 0;
});

const json = { 'content-type': 'application/json', [SUBGRAPH_SECRET_HEADER]: SECRET };
const post = (body: string | Buffer, headers: Record<string, string | number> = json, chunked = false) =>
  sendRequest(`${http.url}/graphql`, 'POST', headers, body, chunked);
const query = JSON.stringify({ query: '{ hello }' });

describe('the lean /graphql handler', () => {
  it('serves a query itself: status, headers and the whole body, with the request id and no ETag', async () => {
    const answer = await post(JSON.stringify({ query: '{ hello requestId }' }), { ...json, 'x-request-id': 'req-7' });
    expect(handedOver).toEqual([]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { hello: 'world', requestId: 'req-7' } });
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.headers['x-request-id']).toBe('req-7');
    expect(answer.headers.etag).toBeUndefined();
  });

  it('makes a request id when the caller sent an unusable one', async () => {
    const answer = await post(JSON.stringify({ query: '{ requestId }' }), { ...json, 'x-request-id': 'has spaces' });
    const made = answer.headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer.body)).toEqual({ data: { requestId: made } });
  });

  it('serves a body of exactly the limit, a UTF-8 charset, a byte order mark and an empty body', async () => {
    const atLimit = query.slice(0, -1) + ' '.repeat(LIMIT - query.length) + '}';
    for (const [body, type] of [
      [atLimit, 'application/json'],
      [query, 'application/json; charset=UTF-8'],
      [query, 'APPLICATION/JSON;charset="utf-8"'],
      [`\uFEFF${query}`, 'application/json'],
    ]) {
      const answer = await post(body as string, { ...json, 'content-type': type as string });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { hello: 'world' } });
    }
    // Empty is `{}`, as express.json has it: Apollo's own 400.
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(JSON.parse(empty.body)).toMatchObject({
      errors: [{ message: 'POST body missing, invalid Content-Type, or JSON object has no keys.' }],
    });
    expect(handedOver).toEqual([]);
  });

  it('answers a missing (401) or wrong (403) secret with the guard, reading nothing', async () => {
    expect((await post(query, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(query, { ...json, [SUBGRAPH_SECRET_HEADER]: 'wrong-secret-but-long' })).status).toBe(403);
    expect(handedOver).toEqual([]);
  });

  it('leaves unread to the fallback every body express.json decides on: too large, chunked, compressed, other types', async () => {
    const tooLarge = query.slice(0, -1) + ' '.repeat(LIMIT + 1 - query.length) + '}';
    const answers = [
      await post(tooLarge),
      await post(query, json, true),
      await post(gzipSync(query), { ...json, 'content-encoding': 'gzip' }),
      await post(query, { ...json, 'content-type': 'application/json; charset=latin1' }),
      await post(query, { ...json, 'content-type': 'application/json; foo=bar' }),
      await post(query, { ...json, 'content-type': 'text/plain' }),
      await post(query, { [SUBGRAPH_SECRET_HEADER]: SECRET }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual(Array(7).fill(599));
    expect(handedOver).toEqual(Array(7).fill({ error: undefined }));
  });

  it('hands malformed JSON to the fallback as body-parser does: a 400 SyntaxError', async () => {
    const cases: Array<[string, string]> = [
      ['{"query":', 'Unexpected end of JSON input'],
      ['{"query": nope}', `Unexpected token 'o', "{"query": nope}" is not valid JSON`],
      ['  "a string"', `Unexpected token '"', "  "a string"" is not valid JSON`],
      ['   ', 'Unexpected end of JSON input'],
    ];
    for (const [body] of cases) expect((await post(body)).status).toBe(599);
    expect(handedOver).toHaveLength(cases.length);
    handedOver.forEach(({ error }, index) => {
      expect(error).toBeInstanceOf(SyntaxError);
      expect((error as Error).message).toBe(cases[index]?.[1]);
      expect(error).toMatchObject({ status: 400, type: 'entity.parse.failed' });
      expect((error as Error).stack?.split('\n')[0]).toBe(`SyntaxError: ${cases[index]?.[1]}`);
    });
  });
});
