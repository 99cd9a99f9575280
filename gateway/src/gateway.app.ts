import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createRequestMiddleware, getRequestIdOf } from '@memegraph/infra';
import type { GatewayConfig } from './gateway.config.js';
import { READ_AFTER_HEADER, type GatewayContext } from './gateway.context.js';
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
 * The gateway's express app: CORS, /health, /ready, /metrics, GraphiQL and the board (when given), then /graphql through
 * the security guards and the performance middleware into Apollo Server. graphql-ws is attached to the
 * HTTP server separately (it serves upgrades, not requests).
 */
export function createGatewayApp(config: GatewayConfig, parts: GatewayAppParts): express.Express {
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
  graphql.use(
    createRequestMiddleware(),
    ...security.httpGuards,
    ...performance.middleware,
    expressMiddleware(parts.apollo.server, {
      context: async ({ req }): Promise<GatewayContext> => ({
        readAfter: typeof req.headers[READ_AFTER_HEADER] === 'string' ? req.headers[READ_AFTER_HEADER] : undefined,
        headers: {
          authorization: req.headers.authorization,
          'x-request-id': getRequestIdOf(req),
        },
      }),
    }),
    security.httpErrorHandler,
  );
  return app;
}
