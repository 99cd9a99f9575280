import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@memegraph/infra';
import type { GatewayConfig } from '../gateway.config.js';
import type { GatewayContext } from '../gateway.context.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { GatewayPerformance } from '../performance/gateway-performance.js';
import type { GatewaySecurity } from '../security/gateway-security.js';
import { legacyJsonStatusPlugin } from './legacy-json-status.plugin.js';
import { readAfterPlugin } from '../security/read-after.plugin.js';
import { createGatewayErrorFormatter } from './gateway-error-formatter.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { subscriptionOnlyDataSource } from './subscription-only-data-source.js';

/** The gateway's started Apollo Server and the API schema it plans against. */
export interface GatewayApollo {
  server: ApolloServer<GatewayContext>;
  /** The API schema the gateway plans against; subscriptions are validated and executed on the same one. */
  schema(): GraphQLSchema;
  /** Stops following schema updates and stops the server (after the HTTP server drained). */
  stop(): Promise<void>;
}

/** What the Apollo Server is built from: the gateway's other parts that plug into it. */
export interface GatewayApolloParts {
  /** GraphQL endpoint of each subgraph, by the name it has in the supergraph. */
  subgraphUrls: Record<string, string>;
  introspection: boolean;
  performance: GatewayPerformance;
  metrics: GatewayMetrics;
  security: GatewaySecurity;
}

/**
 * Starts Apollo Server on an ApolloGateway over the static supergraph (SUPERGRAPH_PATH): subgraph fetches
 * through the performance options' fetcher, the security limits and error formatting, the metrics plugins.
 * A start that fails leaves nothing running.
 */
export async function startGatewayApollo(
  config: GatewayConfig,
  log: Logger,
  { subgraphUrls, introspection, performance, metrics, security }: GatewayApolloParts,
): Promise<GatewayApollo> {
  // @apollo/gateway reads this switch from the environment when it is constructed; the config decides it.
  process.env.APOLLO_TELEMETRY_DISABLED = String(config.APOLLO_TELEMETRY_DISABLED);
  const gateway = new ApolloGateway({
    ...performance.gatewayOptions,
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) =>
      name === 'gateway'
        ? subscriptionOnlyDataSource
        : new SubgraphDataSource(
            name,
            subgraphUrls[name] ?? url ?? '',
            log,
            config.SUBGRAPH_SECRET,
            metrics.observeSubgraphFetch,
            performance.fetcher,
          ),
    logger: log,
  });
  let latest: GraphQLSchema | undefined;
  const stopListening = gateway.onSchemaLoadOrUpdate(({ apiSchema }) => (latest = apiSchema));
  const formatError = createGatewayErrorFormatter(log, security.errorCodes);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    ...security.apolloOptions,
    formatError: (formatted, error) => formatError(security.formatError(formatted), error),
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown order; Apollo would otherwise re-raise SIGTERM mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ...security.plugins,
      ApolloServerPluginLandingPageDisabled(),
      // Nothing sets cache hints (no @cacheControl in any schema, the subgraphs send no cache-control), so
      // the policy Apollo would compute per request could never make an answer cacheable.
      ApolloServerPluginCacheControlDisabled(),
      ...metrics.plugins,
      ...performance.plugins,
      readAfterPlugin,
      legacyJsonStatusPlugin,
    ],
  });
  const stop = async () => {
    stopListening();
    await server.stop();
  };
  try {
    await server.start();
  } catch (error) {
    stopListening();
    throw error;
  }
  const loaded = latest;
  if (!loaded) {
    await stop();
    throw new Error('the gateway loaded no API schema');
  }
  return { server, schema: () => latest ?? loaded, stop };
}
