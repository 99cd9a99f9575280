import type { IncomingMessage, RequestListener } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import express, { type RequestHandler } from 'express';
import type { DocumentNode } from 'graphql';
import { createErrorMasker } from '../errors/mask-error.js';
import { dateTimeScalar } from '../graphql/date-time.scalar.js';
import type { Logger } from '../logging/create-logger.js';
import { createMetricsHandler, type Registry } from '../observability/metrics-registry.js';
import { createObservabilityPlugins } from '../observability/observability-plugins.js';
import { createRequestMiddleware } from '../observability/request-middleware.js';
import { createGraphQLHandler, createGraphQLPostRouting } from './graphql-handler.js';
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
  /** The context of one request (plain node:http on POST /graphql, express's elsewhere). */
  context: (req: IncomingMessage) => Promise<Context>;
  /** Plugins of the subgraph's own, after the shared ones. */
  plugins?: ApolloServerPlugin<Context>[];
  /** /ready; default: always ready once listening. */
  ready?: RequestHandler;
}

/** A subgraph's HTTP request listener and the Apollo server inside it (stop it after the HTTP server closed). */
export interface SubgraphApp<Context extends BaseContext> {
  /** For startHttpServer: POST /graphql on plain node:http, everything else through express. */
  app: RequestListener;
  apollo: ApolloServer<Context>;
}

/** Bytes a /graphql body may have (express.json's `limit: '1mb'`). */
const BODY_LIMIT = 1024 * 1024;

const alwaysReady: RequestHandler = (_req, res) => void res.json({ status: 'ready' });

/**
 * Builds and starts a subgraph's Apollo server and the HTTP app around it: /graphql behind the shared
 * secret guard, a 1 MB body limit and the request middleware (request id, deadline); /health; /ready;
 * /metrics. Errors outside the subgraph's codes are masked; batching and inline traces are off, and so is the
 * cache-control plugin Apollo would install (no schema uses `@cacheControl`; computing policies cost 1.17×).
 *
 * The gateway's calls (POST /graphql, a JSON body) take a lean path on plain node:http (createGraphQLHandler):
 * express's router, body-parser and response (which hashed every body for an ETag) cost ~8% of a subgraph's
 * CPU. Everything else, and any POST /graphql whose body express.json would not read as plain JSON within
 * the limit, goes through express as before, which also renders the lean path's failures (malformed JSON)
 * with its default error handler. No ETags: the only caller never revalidates.
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
  const guard = createSharedSecretGuard(subgraphSecret);
  const app = express();
  const routing = createGraphQLPostRouting(app);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', ready);
  app.get('/metrics', createMetricsHandler(registry));
  app.use(
    '/graphql',
    routing.handoff,
    guard,
    express.json({ limit: BODY_LIMIT }),
    createRequestMiddleware(),
    expressMiddleware(apollo, { context: async ({ req }) => context(req) }),
  );
  const graphql = createGraphQLHandler({
    apollo,
    context,
    guard,
    limit: BODY_LIMIT,
    fallback: routing.fallback,
  });
  return { app: routing.listener(graphql), apollo };
}
