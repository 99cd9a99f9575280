import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import express, { type Express, type Request, type RequestHandler } from 'express';
import type { DocumentNode } from 'graphql';
import { createErrorMasker } from '../errors/mask-error.js';
import { dateTimeScalar } from '../graphql/date-time.scalar.js';
import type { Logger } from '../logging/create-logger.js';
import { createMetricsHandler, type Registry } from '../observability/metrics-registry.js';
import { createObservabilityPlugins } from '../observability/observability-plugins.js';
import { createRequestMiddleware } from '../observability/request-middleware.js';
import { createSharedSecretGuard } from './shared-secret.js';

/** What a subgraph brings to {@link createSubgraphApp}: its schema, its codes and its request context. */
export interface SubgraphAppOptions<Context extends BaseContext> {
  /** The subgraph's SDL. */
  typeDefs: DocumentNode;
  /** Its resolvers; the shared `DateTime` scalar is added. */
  resolvers: GraphQLResolverMap<Context>;
  /** The codes of its error registry: other errors are masked as INTERNAL_SERVER_ERROR. */
  errorCodes: Iterable<string>;
  log: Logger;
  /** Whether the schema may be introspected (off in production). */
  introspection: boolean;
  /** Set: /graphql answers only requests carrying it (the gateway's); see SUBGRAPH_SECRET. */
  subgraphSecret: string | undefined;
  /** Served on /metrics; the GraphQL request metrics are added to it. */
  registry: Registry;
  /** The context of one request. */
  context: (req: Request) => Promise<Context>;
  /** Plugins of the subgraph's own, after the shared ones. */
  plugins?: ApolloServerPlugin<Context>[];
  /** /ready; default: always ready once listening. */
  ready?: RequestHandler;
}

/** A subgraph's express app and the Apollo server inside it (stop it after the HTTP server closed). */
export interface SubgraphApp<Context extends BaseContext> {
  app: Express;
  apollo: ApolloServer<Context>;
}

const alwaysReady: RequestHandler = (_req, res) => void res.json({ status: 'ready' });

/**
 * Builds and starts a subgraph's Apollo server and the express app around it: /graphql behind the shared
 * secret guard, a 1 MB body limit and the request middleware (request id, deadline); /health; /ready;
 * /metrics. Errors outside the subgraph's codes are masked; batching and inline traces are off, and so is the
 * cache-control plugin Apollo would install (no schema uses `@cacheControl`; computing policies cost 1.17×).
 */
export async function createSubgraphApp<Context extends BaseContext>({
  typeDefs,
  resolvers,
  errorCodes,
  log,
  introspection,
  subgraphSecret,
  registry,
  context,
  plugins = [],
  ready = alwaysReady,
}: SubgraphAppOptions<Context>): Promise<SubgraphApp<Context>> {
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: { ...resolvers, DateTime: dateTimeScalar } }]),
    formatError: createErrorMasker(log, errorCodes),
    introspection,
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown order; Apollo would otherwise re-raise SIGTERM mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...createObservabilityPlugins(registry, log),
      ...plugins,
    ],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', ready);
  app.get('/metrics', createMetricsHandler(registry));
  app.use(
    '/graphql',
    createSharedSecretGuard(subgraphSecret),
    express.json({ limit: '1mb' }),
    createRequestMiddleware(),
    expressMiddleware(apollo, { context: async ({ req }) => context(req) }),
  );
  return { app, apollo };
}
