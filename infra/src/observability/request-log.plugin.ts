import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logging/create-logger.js';

/**
 * Apollo Server plugin writing one access-log line per GraphQL request received over HTTP (`graphql
 * request`: operation name and type, duration, error codes). The logger's mixin adds the request id
 * (and trace id), so one client request can be followed through every service's log.
 */
export function createRequestLogPlugin(log: Logger): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return;
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          log.info(
            {
              operationName: operationName ?? null,
              operation: operation?.operation ?? null,
              ms: Math.round((performance.now() - started) * 10) / 10,
              ...(body.errors?.length && { errors: body.errors.map((error) => error.extensions?.code ?? 'UNKNOWN') }),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
