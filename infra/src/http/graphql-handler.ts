import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { createRequestMiddleware } from '../observability/request-middleware.js';
import { isPlainJsonBody, parseJsonBody, readBody } from './json-body.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** How a lean POST /graphql path hands what it leaves to express (see {@link createGraphQLPostRouting}). */
export interface GraphQLPostRouting {
  /**
   * The first handler of express's /graphql chain: a request the lean path failed goes on to express's error
   * handlers with its error; any other request passes.
   */
  handoff: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  /** Gives a request to express: unread (no error), or failed on the lean path (with the error). */
  fallback: (req: IncomingMessage, res: ServerResponse, error?: unknown) => void;
  /** The server's request listener: POST /graphql (exactly, optional query string) to `post`, the rest to express. */
  listener(post: (req: IncomingMessage, res: ServerResponse) => void): RequestListener;
}

/**
 * The routing around a service's lean POST /graphql path on plain node:http (the subgraphs' and the
 * gateway's): express's per-request machinery (prototype swaps, router layers, body-parser, res.send) cost a
 * quarter to a third of a subgraph's CPU per operation, so only what the lean path leaves goes to `app`.
 */
export function createGraphQLPostRouting(app: (req: IncomingMessage, res: ServerResponse) => void): GraphQLPostRouting {
  const failures = new WeakMap<IncomingMessage, unknown>();
  return {
    handoff: (req, _res, next) => next(failures.get(req)),
    fallback: (req, res, error) => {
      if (error !== undefined) failures.set(req, error);
      app(req, res);
    },
    listener: (post) => (req, res) => {
      const url = req.url ?? '';
      if (req.method === 'POST' && (url === '/graphql' || url.startsWith('/graphql?'))) post(req, res);
      else app(req, res);
    },
  };
}

/**
 * Runs a POST /graphql request whose JSON body has been read (`body`) through Apollo, as Apollo's express
 * integration does (the request's headers and query string, the body as given), and writes the answer on
 * plain node:http: a complete body in one `res.end` (Node sets its content-length), an incremental one chunk
 * by chunk.
 */
export async function executeGraphQLPost<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  context: () => Promise<Context>,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '';
  const query = url.indexOf('?');
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: query === -1 ? '' : url.slice(query), body },
    context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** What {@link createGraphQLHandler} needs. */
export interface GraphQLHandlerOptions<Context extends BaseContext> {
  /** Started. */
  apollo: ApolloServer<Context>;
  context: (req: IncomingMessage) => Promise<Context>;
  /** Runs first and may answer instead (the shared secret guard). */
  guard: Middleware;
  /** Bytes a body may have. */
  limit: number;
  /**
   * Serves what this handler leaves: a request whose body it does not read itself (unread), or one that failed
   * after (with the error, to answer as express's error handler does).
   */
  fallback: (req: IncomingMessage, res: ServerResponse, error?: unknown) => void;
}

/**
 * POST /graphql on plain node:http, as express with express.json and Apollo's express integration serves it,
 * without their per-request costs (router, body-parser, ETag hashing of every response): the guard, then
 * the JSON body (up to `limit` bytes), the request middleware (request id, tracing), Apollo, and the answer
 * written in one `res.end` when complete. A body express.json would not read as plain JSON within the limit
 * goes to `fallback` unread, so express answers it exactly as before (415, 413, Apollo's own 400s).
 */
export function createGraphQLHandler<Context extends BaseContext>({
  apollo,
  context,
  guard,
  limit,
  fallback,
}: GraphQLHandlerOptions<Context>) {
  const requestMiddleware = createRequestMiddleware();

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!isPlainJsonBody(req, limit)) return fallback(req, res);
    guard(req, res, () => {
      const failed = (error: unknown) => fallback(req, res, error);
      readBody(req)
        .then((text) => {
          const body = parseJsonBody(text);
          // After the body is read, so that the request context it may enter reaches Apollo's code.
          requestMiddleware(
            req,
            res,
            () => void executeGraphQLPost(apollo, req, res, body, () => context(req)).catch(failed),
          );
        })
        .catch(failed);
    });
  };
}
