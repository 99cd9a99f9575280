import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  createRequestMiddleware,
  executeGraphQLPost,
  isPlainJsonBody,
  parseJsonBody,
  readBody,
} from '@memegraph/infra';
import { toGatewayContext, type GatewayContext } from './gateway.context.js';
import type { BodyErrorSender, HttpGuard } from './security/http-body-guard.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** What {@link createGraphQLPostHandler} needs. */
export interface GraphQLPostHandlerOptions {
  /** Started. */
  apollo: ApolloServer<GatewayContext>;
  /** The CORS middleware express mounts on /graphql (the `cors` package: plain node req/res). */
  cors: Middleware;
  /** GatewaySecurity's leanGuards. */
  guards: { maxBodyBytes: number; beforeBody: HttpGuard[]; afterBody: HttpGuard[]; sendBodyError: BodyErrorSender };
  /**
   * Serves what this handler leaves: a request whose body it does not read itself (unread), or one that failed
   * otherwise than with a body error (with the error, to answer as express's error handlers do).
   */
  fallback: (req: IncomingMessage, res: ServerResponse, error?: unknown) => void;
}

/**
 * POST /graphql on plain node:http, as the express chain serves it (gateway.app.ts) without its per-request
 * costs (router layers, prototype swaps, body-parser, res.send): CORS headers, the request middleware (request
 * id, tracing), the guards before the body (the rate limit), the JSON body (infra's reading of what
 * express.json reads), the guards on the parsed body (batches, read-after tokens, trusted documents), Apollo
 * with the gateway's context, and the answer in one `res.end`. The media type check and the body limit pass
 * by construction: a body that is not plain JSON within GATEWAY_MAX_BODY_BYTES, as its headers announce
 * (other types or charsets, none, chunked, compressed, too large), goes to `fallback` unread, for express to
 * answer exactly as before (415, 413, CSRF refusal). Malformed JSON is answered here with the same 400
 * MALFORMED_REQUEST; any other failure goes to `fallback`.
 */
export function createGraphQLPostHandler({ apollo, cors, guards, fallback }: GraphQLPostHandlerOptions) {
  const requestMiddleware = createRequestMiddleware();
  const { maxBodyBytes, beforeBody, afterBody, sendBodyError } = guards;

  /** Runs `list` from its `index`th guard on, then `done`; a guard that answers does not call next. */
  function runGuards(
    list: HttpGuard[],
    index: number,
    req: IncomingMessage,
    res: ServerResponse,
    done: () => void,
  ): void {
    const guard = list[index];
    if (guard === undefined) return done();
    const result = guard(req, res, () => runGuards(list, index + 1, req, res, done));
    // An async guard's failure, as express 5 hands a rejected handler's to its error handlers.
    if (result) result.catch((error: unknown) => fallback(req, res, error));
  }

  function readThenExecute(req: IncomingMessage & { body?: unknown }, res: ServerResponse): void {
    readBody(req)
      .then((text) => {
        let body: unknown;
        try {
          body = parseJsonBody(text);
        } catch (error) {
          if (sendBodyError(error, res)) return;
          throw error;
        }
        // Where express.json leaves it, for the guards (trusted documents, batches).
        req.body = body;
        runGuards(afterBody, 0, req, res, () => {
          void executeGraphQLPost(apollo, req, res, body, async () => toGatewayContext(req)).catch((error: unknown) =>
            fallback(req, res, error),
          );
        });
      })
      .catch((error: unknown) => fallback(req, res, error));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!isPlainJsonBody(req, maxBodyBytes)) return fallback(req, res);
    cors(req, res, () =>
      // The request context (tracing) is entered here, before the body is read, as in express's chain; the
      // promise continuations below stay in it.
      requestMiddleware(req, res, () => runGuards(beforeBody, 0, req, res, () => readThenExecute(req, res))),
    );
  };
}
