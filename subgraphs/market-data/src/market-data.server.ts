import { readFileSync } from 'node:fs';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { createSubgraphApp, getRequestIdOf, type Logger, type Registry } from '@memegraph/infra';
import type { MarketDataServices, RequestContext } from './context.js';
import { marketDataErrorCodes } from './errors.js';
import { createTokenRanking } from './ranking/token-ranking.js';
import { createMarketLoaders } from './store/market.loaders.js';
import { tokenResolvers } from './token/token.resolvers.js';

const typeDefs = parse(readFileSync(new URL('../../../schema/market-data.graphql', import.meta.url), 'utf8'));

/**
 * Builds the subgraph's HTTP app (see createSubgraphApp): each request gets the shared services, the app's
 * ranking and its own loaders. With a `subgraphSecret`, /graphql answers only requests carrying it (the gateway's).
 */
export async function createMarketDataApp(
  services: MarketDataServices,
  log: Logger,
  introspection: boolean,
  subgraphSecret: string | undefined,
  registry: Registry,
) {
  const ranking = createTokenRanking();
  return createSubgraphApp<RequestContext>({
    typeDefs,
    resolvers: tokenResolvers as GraphQLResolverMap<RequestContext>,
    errorCodes: marketDataErrorCodes,
    log,
    introspection,
    subgraphSecret,
    registry,
    context: async (req) => ({
      ...services,
      lookupToken: (chain, address) => services.lookupToken(chain, address, getRequestIdOf(req)),
      ranking,
      loaders: createMarketLoaders(services.store, services.tokens, services.historyWindows, log),
    }),
  });
}
