import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../gateway.context.js';
import type { RunQuery } from './token-hydrator.js';

/**
 * Runs queries for subscriptions (token hydration, queries sent over graphql-ws) through the gateway's own
 * Apollo Server, so they get the same query planning as clients; `observeSeconds` gets each one's duration.
 */
export function createRunQuery(
  server: ApolloServer<GatewayContext>,
  observeSeconds: (seconds: number) => void,
): RunQuery {
  return async (query, variables, operationName) => {
    const started = process.hrtime.bigint();
    try {
      const response = await server.executeOperation(
        { query, variables, operationName },
        { contextValue: { headers: {} } },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by subscriptions');
      return response.body.singleResult;
    } finally {
      observeSeconds(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
