import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { createSubgraphApp } from '../http/create-subgraph-app.js';
import { startHttpServer, type RunningHttpServer } from '../http/start-http-server.js';
import { createLogger } from '../logging/create-logger.js';
import { createMetricsRegistry } from './metrics-registry.js';
import { getRequestContext, getRequestIdOf } from './request-context.js';

/**
 * Tracing is off here (no provider registered): the middleware enters no request context, and the request id
 * reaches the access log, the masked error's log line and the GraphQL context without it.
 */
const lines: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
    done();
  },
});
let http: RunningHttpServer;

beforeAll(async () => {
  const { app } = await createSubgraphApp<{ requestId: string | undefined }>({
    typeDefs: parse(`type Query { context: String, storage: String, broken: Int }`),
    resolvers: {
      Query: {
        context: (_root, _args, ctx) => ctx.requestId ?? null,
        storage: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return getRequestContext()?.requestId ?? null;
        },
        broken: () => {
          throw new Error('a bug');
        },
      },
    },
    errorCodes: [],
    log: createLogger('test', 'info', sink),
    introspection: false,
    subgraphSecret: undefined,
    registry: createMetricsRegistry(),
    context: async (req) => ({ requestId: getRequestIdOf(req) }),
  });
  http = await startHttpServer(app, 0, '127.0.0.1');
});

afterAll(async () => {
  await http?.close();
});

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${http.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('request middleware with tracing off', () => {
  it('hands the client id to the GraphQL context and enters no request context', async () => {
    const response = await post('{ context storage }', { 'x-request-id': 'client-1' });
    expect(response.headers.get('x-request-id')).toBe('client-1');
    expect(await response.json()).toEqual({ data: { context: 'client-1', storage: null } });
  });

  it('hands over the id it made when the client sent an unusable one, and logs that id', async () => {
    const response = await post('{ context }', { 'x-request-id': 'has spaces' });
    const made = response.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ data: { context: made } });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'graphql request', requestId: made }));
  });

  it('logs the request id on the access line and on the masked error of the request', async () => {
    const response = await post('{ broken }', { 'x-request-id': 'client-2' });
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    const ofRequest = lines.filter((line) => line.requestId === 'client-2').map((line) => line.msg);
    expect(ofRequest).toEqual(['unexpected error while resolving', 'graphql request']);
  });
});
