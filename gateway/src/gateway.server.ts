import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import {
  createErrorMasker,
  createRedis,
  startHttpServer,
  type Logger,
  type Redis,
  type RunningHttpServer,
} from '@memegraph/infra';
import type { GatewayConfig } from './gateway.config.js';
import { READ_AFTER_HEADER, type GatewayContext } from './gateway.context.js';
import { SubgraphDataSource } from './federation/subgraph-data-source.js';
import { subscriptionOnlyDataSource } from './federation/subscription-only-data-source.js';
import { loadGraphiqlAssets } from './graphiql/graphiql.assets.js';
import { createGraphiqlRouter } from './graphiql/graphiql.routes.js';
import { checkReadiness, httpReadyProbe, redisProbe, type Probe } from './health/readiness.js';

/** A running gateway. */
export interface RunningGateway {
  url: string;
  http: RunningHttpServer;
  close(): Promise<void>;
}

/**
 * Errors from subgraphs were already masked there and carry their service's stable codes, so they
 * pass through (tagged with serviceName by @apollo/gateway); the gateway's own unexpected errors are masked.
 */
function createGatewayErrorFormatter(log: Logger) {
  const mask = createErrorMasker(log, ['SUBGRAPH_UNAVAILABLE', 'SUBSCRIPTION_OVER_HTTP']);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.serviceName) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    return mask(formatted, error);
  };
}

/** Starts the public gateway: federated queries on the static supergraph, GraphiQL, /health, /ready. */
export async function startGateway(config: GatewayConfig, log: Logger): Promise<RunningGateway> {
  const subgraphUrls: Record<string, string> = { tokens: config.TOKENS_URL, 'market-data': config.MARKET_DATA_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) =>
      name === 'gateway'
        ? subscriptionOnlyDataSource
        : new SubgraphDataSource(name, subgraphUrls[name] ?? url ?? '', config.SUBGRAPH_TIMEOUT_MS, log),
    logger: log,
  });
  const introspection = config.GATEWAY_INTROSPECTION ?? config.NODE_ENV !== 'production';
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection,
    formatError: createGatewayErrorFormatter(log),
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown order; Apollo would otherwise re-raise SIGTERM mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (contextValue.readAfter) response.http.headers.set(READ_AFTER_HEADER, contextValue.readAfter);
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const redis: Redis | undefined = config.REDIS_URL ? createRedis(config.REDIS_URL, log, 'gateway-ready') : undefined;
  const probes: Probe[] = [
    httpReadyProbe('tokens', config.TOKENS_URL, config.READY_TIMEOUT_MS),
    httpReadyProbe('market-data', config.MARKET_DATA_URL, config.READY_TIMEOUT_MS),
    ...(redis ? [redisProbe(redis, config.READY_TIMEOUT_MS)] : []),
  ];

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const { ready, checks } = await checkReadiness(probes);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  app.use(createGraphiqlRouter(await loadGraphiqlAssets({ log: (msg) => log.info(msg) })));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        readAfter: typeof req.headers[READ_AFTER_HEADER] === 'string' ? req.headers[READ_AFTER_HEADER] : undefined,
        headers: {
          authorization: req.headers.authorization,
          'x-request-id': typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined,
        },
      }),
    }),
  );

  const http = await startHttpServer(app, config.GATEWAY_PORT, config.GATEWAY_HOST);
  const url = `${http.url}/graphql`;
  log.info(
    { url, introspection, subgraphs: subgraphUrls },
    `gateway ready at ${url} (GraphiQL in a browser at the same URL)`,
  );
  return {
    url,
    http,
    async close() {
      await http.close();
      await apollo.stop();
      await redis?.quit().catch(() => undefined);
    },
  };
}
