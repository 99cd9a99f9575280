import type { ApolloServerPlugin } from '@apollo/server';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/create-logger.js';
import { createGraphqlRequestMetrics } from './graphql-metrics.plugin.js';
import { REQUEST_ID_HEADER, tagErrorWithRequestId } from './request-context.js';

/**
 * The Apollo plugin every service runs, for each GraphQL request received over HTTP (operations a service
 * runs on itself through `executeOperation`, such as the gateway's subscription hydration, are not
 * requests): the request metrics into `registry` and one access-log line (`graphql request`: operation
 * name and type, duration, error codes, and the request id the request middleware left in the request's
 * `x-request-id`), so one client request can be followed through every service's log. Errors of the
 * request are tagged with its id, for the error masker's log line. With tracing on, the logger's mixin
 * adds the trace id too.
 */
export const createObservabilityPlugins = (registry: Registry, log: Logger): ApolloServerPlugin[] => {
  const record = createGraphqlRequestMetrics(registry);
  return [
    {
      async requestDidStart({ request }) {
        if (!request.http) return;
        const started = performance.now();
        const requestId = request.http.headers.get(REQUEST_ID_HEADER);
        return {
          async didEncounterErrors({ errors }) {
            if (requestId !== undefined) for (const error of errors) tagErrorWithRequestId(error, requestId);
          },
          async willSendResponse({ response, operation, operationName }) {
            const ms = performance.now() - started;
            const body = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
            const errors = body.errors ?? [];
            record({ operation: operation?.operation ?? 'unknown', errors, seconds: ms / 1000 });
            log.info(
              {
                ...(requestId !== undefined && { requestId }),
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
