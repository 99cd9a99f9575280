import { ErrorCode } from '@memegraph/contracts';
import { domainError } from '@memegraph/infra';
import type { GraphQLError } from 'graphql';
import type { TokenLookupUnavailableError } from './upstreams/lookup-token-metadata.js';

/**
 * The codes a client can see from the market-data subgraph (each described in the registry, contracts'
 * `errorCodes`); errors with any other code are masked as INTERNAL_SERVER_ERROR.
 */
export const marketDataErrorCodes = [
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.SERVICE_BUSY,
  ErrorCode.INTERNAL_SERVER_ERROR,
  ErrorCode.UPSTREAM_BUSY,
  ErrorCode.UPSTREAM_UNAVAILABLE,
] as const satisfies readonly ErrorCode[];

/** The client-visible error of a lookup that could not ask every source: never "not found". */
export function toLookupUnavailableError(error: TokenLookupUnavailableError): GraphQLError {
  const retryAfterSeconds =
    error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  const sources = error.failures.map(({ source, code }) => ({ source, code }));
  const names = sources.map((s) => s.source).join(', ');
  return error.busy
    ? domainError(
        ErrorCode.UPSTREAM_BUSY,
        `No source that answered knows the token, and ${names} refused for now (rate limit); retry${
          retryAfterSeconds ? ` in ${retryAfterSeconds} s` : ' shortly'
        } or pass metadata.`,
        { retryAfterSeconds, sources },
      )
    : domainError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `No source that answered knows the token, and ${names} could not be asked; retry later or pass metadata.`,
        { retryAfterSeconds, sources },
      );
}
