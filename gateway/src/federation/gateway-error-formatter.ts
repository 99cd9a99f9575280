import { ErrorCode } from '@memegraph/contracts';
import type { GraphQLFormattedError } from 'graphql';
import { createErrorMasker, type Logger } from '@memegraph/infra';

/**
 * Errors from subgraphs were already masked there and carry their service's stable codes, so they
 * pass through (tagged with serviceName by @apollo/gateway); the gateway's own unexpected errors are masked.
 * `moreCodes`: the gateway's own stable codes, let through besides SUBGRAPH_UNAVAILABLE and SUBSCRIPTION_OVER_HTTP.
 */
export function createGatewayErrorFormatter(log: Logger, moreCodes: string[]) {
  const mask = createErrorMasker(log, [ErrorCode.SUBGRAPH_UNAVAILABLE, ErrorCode.SUBSCRIPTION_OVER_HTTP, ...moreCodes]);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.serviceName) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    return mask(formatted, error);
  };
}
