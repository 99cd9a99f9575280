import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { isTokenLimitError, tooManyTokens, type OperationLimits } from './operation-limits.js';

/**
 * Enforces the operation limits on every HTTP operation after validation and before the gateway plans
 * it, so a refused operation reaches no subgraph. The gateway's own queries (no HTTP request: hydration
 * for subscriptions, operations sent over graphql-ws) are checked when the client subscribes instead.
 */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return;
      return {
        async didResolveOperation({ schema, document, request: { variables, operationName } }) {
          const [first] = limits.check(schema, document, variables, operationName);
          if (first) throw first;
        },
      };
    },
  };
}

/** Gives the parser's token-limit error its stable code (Apollo reports it as GRAPHQL_PARSE_FAILED). */
export function formatTokenLimitError(formatted: GraphQLFormattedError, maxTokens: number): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !isTokenLimitError(formatted.message)) return formatted;
  const { message, extensions } = tooManyTokens(maxTokens);
  return { message, extensions: { code: extensions.code, limit: maxTokens } };
}
