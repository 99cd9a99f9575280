import type { ApolloServerPlugin } from '@apollo/server';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/create-logger.js';
import { createGraphqlRequestMetrics } from './graphql-metrics.plugin.js';

/**
 * The Apollo plugin every service runs, for each GraphQL request received over HTTP (operations a service
 * runs on itself through `executeOperation`, such as the gateway's subscription hydration, are not
 * requests): the request metrics into `registry` and one access-log line (`graphql request`: operation
 * name and type, duration, error codes). The logger's mixin adds the request id (and trace id), so one
 * client request can be followed through every service's log.
 */
export const createObservabilityPlugins = (registry: Registry, log: Logger): ApolloServerPlugin[] => {
  const record = createGraphqlRequestMetrics(registry);
  return [
    {
      async requestDidStart({ request }) {
        if (!request.http) return;
        const started = performance.now();
        return {
          async willSendResponse({ response, operation, operationName }) {
            const ms = performance.now() - started;
            const body = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
            const errors = body.errors ?? [];
            record({ operation: operation?.operation ?? 'unknown', errors, seconds: ms / 1000 });
            log.info(
              {
                operationName: operationName ?? null,
                operation: operation?.operation ?? null,
                ms: Math.round(ms * 10) / 10,
                ...(errors.length && { errors: errors.map((error) => error.extensions?.code ?? 'UNKNOWN') }),
              },
              'graphql request',
            );
          },
        };
      },
    },
  ];
};
