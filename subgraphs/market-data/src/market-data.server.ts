import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import express from 'express';
import { parse } from 'graphql';
import {
  createErrorMasker,
  createMetricsHandler,
  createObservabilityPlugins,
  createRequestMiddleware,
  createSharedSecretGuard,
  dateTimeScalar,
  type Logger,
  type Registry,
} from '@memegraph/infra';
import type { MarketDataServices, RequestContext } from './context.js';
import { MarketDataErrorCode } from './errors.js';
import { createMarketLoaders } from './market/market.loaders.js';
import { tokenResolvers } from './token/token.resolvers.js';

const typeDefs = parse(readFileSync(new URL('../../../schema/market-data.graphql', import.meta.url), 'utf8'));

/**
 * Builds the subgraph's Apollo server and the express app around it (/graphql, /health, /metrics with
 * `registry`, to which the GraphQL request metrics are added). With a `subgraphSecret`, /graphql answers
 * only requests carrying it (the gateway's).
 */
export async function createMarketDataApp(
  services: MarketDataServices,
  log: Logger,
  introspection: boolean,
  subgraphSecret: string | undefined,
  registry: Registry,
) {
  const apollo = new ApolloServer<RequestContext>({
    schema: buildSubgraphSchema([
      { typeDefs, resolvers: { ...tokenResolvers, DateTime: dateTimeScalar } as GraphQLResolverMap<RequestContext> },
    ]),
    formatError: createErrorMasker(log, Object.values(MarketDataErrorCode)),
    introspection,
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown order; Apollo would otherwise re-raise SIGTERM mid-drain.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...createObservabilityPlugins(registry, log)],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', (_req, res) => void res.json({ status: 'ready' }));
  app.get('/metrics', createMetricsHandler(registry));
  app.use(
    '/graphql',
    createSharedSecretGuard(subgraphSecret),
    express.json({ limit: '1mb' }),
    createRequestMiddleware(),
    expressMiddleware(apollo, {
      context: async () => ({ ...services, loaders: createMarketLoaders(services.store, services.tokens, log) }),
    }),
  );
  return { app, apollo };
}
