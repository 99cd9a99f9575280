import type { RequestListener } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createGraphQLPostRouting, createRequestMiddleware } from '@memegraph/infra';
import type { GatewayConfig } from './gateway.config.js';
import { toGatewayContext, type GatewayContext } from './gateway.context.js';
import { createGraphQLPostHandler } from './gateway.graphql-handler.js';
import type { GatewayApollo } from './federation/gateway-apollo.js';
import type { BoardAssets } from './board/board.assets.js';
import { createBoardRouter } from './board/board.routes.js';
import type { GraphiqlAssets } from './graphiql/graphiql.assets.js';
import { createGraphiqlRouter } from './graphiql/graphiql.routes.js';
import type { DependencyMonitor } from './health/dependency-monitor.js';
import { createHealthRouter, type GatewayState } from './health/health.routes.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { GatewayPerformance } from './performance/gateway-performance.js';
import type { GatewaySecurity } from './security/gateway-security.js';

/** The parts the gateway's HTTP app routes to. */
export interface GatewayAppParts {
  apollo: GatewayApollo;
  security: GatewaySecurity;
  performance: GatewayPerformance;
  metrics: GatewayMetrics;
  dependencies: DependencyMonitor;
  /** This instance's own state, as GET /ready reports it. */
  state(): GatewayState;
  /** GraphiQL's page and bundle (unset: GraphiQL off). */
  graphiql?: GraphiqlAssets;
  /** The live token board's page and bundle, served at /board (unset: off, with GraphiQL). */
  board?: BoardAssets;
}

/**
 * The gateway's HTTP request listener. An express app: CORS, /health, /ready, /metrics, GraphiQL and the board
 * (when given), then /graphql through the security guards and the performance middleware into Apollo Server.
 * graphql-ws is attached to the HTTP server separately (it serves upgrades, not requests).
 *
 * POST /graphql (exactly, with an optional query string) takes a lean path on plain node:http instead
 * (gateway.graphql-handler.ts): express's per-request machinery cost more of the gateway's CPU than Apollo's
 * own work on the subgraphs (issue 15). Its answers are express's, header for header. Still on express:
 * - a POST /graphql whose body is not plain JSON within GATEWAY_MAX_BODY_BYTES as its headers announce
 *   (other types or charsets, none, chunked, compressed, too large), and a failure of the lean path other
 *   than malformed JSON (a client gone mid-body, Apollo throwing), which express's error handlers answer;
 * - everything else: GET and OPTIONS (CORS preflights) on /graphql, /health, /ready, /metrics, GraphiQL, /board.
 */
export function createGatewayApp(config: GatewayConfig, parts: GatewayAppParts): RequestListener {
  const { security, performance, metrics } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.use('/graphql', security.cors);
  app.use(createHealthRouter({ state: parts.state, dependencies: () => parts.dependencies.statuses() }));
  app.get('/metrics', metrics.handler);
  if (parts.graphiql) app.use(createGraphiqlRouter(parts.graphiql));
  if (parts.board) app.use(createBoardRouter(parts.board));
  // /graphql in an app of its own only to answer without an ETag: express would hash every GraphQL response
  // body (sha1) to make one, and a GraphQL answer is never revalidated. Other settings are the app's.
  const graphql = express();
  graphql.disable('x-powered-by');
  graphql.set('etag', false);
  app.use('/graphql', graphql);
  // A failure of the lean path goes to the error handlers below (past every other handler of /graphql).
  const routing = createGraphQLPostRouting(app);
  graphql.use(
    routing.handoff,
    createRequestMiddleware(),
    ...security.httpGuards,
    ...performance.middleware,
    expressMiddleware(parts.apollo.server, {
      context: async ({ req }): Promise<GatewayContext> => toGatewayContext(req),
    }),
    security.httpErrorHandler,
  );
  const { leanGuards } = security;
  const post = createGraphQLPostHandler({
    apollo: parts.apollo.server,
    cors: security.cors,
    // In express's order: the security guards on the body, then the performance middleware (response cache).
    guards: { ...leanGuards, afterBody: [...leanGuards.afterBody, ...performance.middleware] },
    fallback: routing.fallback,
  });
  return routing.listener(post);
}
