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
  guards: { maxBodyBytes: number; afterBody: HttpGuard[]; sendBodyError: BodyErrorSender };
  /**
   * Serves what this handler leaves: a request whose body it does not read itself (unread), or one that failed
   * otherwise than with a body error (with the error, to answer as express's error handlers do).
   */
  fallback: (req: IncomingMessage, res: ServerResponse, error?: unknown) => void;
}

/**
 * POST /graphql on plain node:http, as the express chain serves it (gateway.app.ts) without its per-request
 * costs (router layers, prototype swaps, body-parser, res.send): CORS headers, the request middleware (request
 * id, tracing), the JSON body (infra's reading of what express.json reads), the guards that run on a parsed
 * body (batches, read-after tokens, trusted documents), Apollo with the gateway's context, and the answer in one
 * `res.end`. The media type check and the body limit pass by construction: a body that is not plain JSON
 * within GATEWAY_MAX_BODY_BYTES, as its headers announce (other types or charsets, chunked, compressed, too
 * large, none), goes to `fallback` unread, for express to answer exactly as before (415, 413, CSRF refusal).
 * Malformed JSON is answered here with the same 400 MALFORMED_REQUEST; any other failure goes to `fallback`.
 */
export function createGraphQLPostHandler({ apollo, cors, guards, fallback }: GraphQLPostHandlerOptions) {
  const requestMiddleware = createRequestMiddleware();
  const { maxBodyBytes, afterBody, sendBodyError } = guards;
  const context = (req: IncomingMessage) => async () => toGatewayContext(req);

  /** The guards from the `index`th on, then Apollo; a guard that answers does not call next. */
  function guardThenExecute(req: IncomingMessage & { body?: unknown }, res: ServerResponse, index: number): void {
    const guard = afterBody[index];
    if (guard === undefined) {
      void executeGraphQLPost(apollo, req, res, req.body, context(req)).catch((error: unknown) =>
        fallback(req, res, error),
      );
      return;
    }
    guard(req, res, () => guardThenExecute(req, res, index + 1));
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!isPlainJsonBody(req, maxBodyBytes)) return fallback(req, res);
    cors(req, res, () =>
      // The request context (tracing) is entered here, before the body is read, as in express's chain; the
      // promise continuations below stay in it.
      requestMiddleware(req, res, () => {
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
            (req as IncomingMessage & { body?: unknown }).body = body;
            guardThenExecute(req, res, 0);
          })
          .catch((error: unknown) => fallback(req, res, error));
      }),
    );
  };
}
