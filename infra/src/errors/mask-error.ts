import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logging/create-logger.js';
import { getRequestIdOfError } from '../observability/request-context.js';
import { StandardErrorCode } from './error-codes.js';

/**
 * Apollo Server `formatError`: errors that carry a code from a service's registry (or GraphQL's own
 * validation codes) pass through; anything else is logged in full and masked as INTERNAL_SERVER_ERROR
 * so that stack traces, SQL and upstream bodies never reach clients. The log line carries the id of the
 * request the error was raised for (tagged by the observability plugin; Apollo calls this without context).
 */
export function createErrorMasker(log: Logger, knownCodes: Iterable<string>) {
  const passThrough = new Set<string>([
    ...Object.values(StandardErrorCode),
    ...knownCodes,
    'GRAPHQL_PARSE_FAILED',
    'GRAPHQL_VALIDATION_FAILED',
    'PERSISTED_QUERY_NOT_FOUND',
    'PERSISTED_QUERY_NOT_SUPPORTED',
    'OPERATION_RESOLUTION_FAILURE',
    'BAD_REQUEST',
    'DOWNSTREAM_SERVICE_ERROR',
  ]);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && passThrough.has(code) && code !== StandardErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    const requestId = getRequestIdOfError(error);
    log.error(
      { err: original, path: formatted.path, ...(requestId !== undefined && { requestId }) },
      'unexpected error while resolving',
    );
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: StandardErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
