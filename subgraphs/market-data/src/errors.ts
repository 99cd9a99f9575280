import { CommonErrorCode, domainError } from '@memegraph/infra';
import type { GraphQLError } from 'graphql';
import type { TokenLookupUnavailableError } from './upstreams/lookup-token-metadata.js';

/** The market-data subgraph's error registry: every code a client can see from this service. */
export const MarketDataErrorCode = {
  ...CommonErrorCode,
  /** A live lookup could not ask every source because of rate limits (ours or theirs); retry after `retryAfterSeconds`. */
  UPSTREAM_BUSY: 'UPSTREAM_BUSY',
  /** A live lookup could not ask some sources (circuit open, timeout, 5xx); `sources` names them. Retryable. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
} as const;

/** The client-visible error of a lookup that could not ask every source: never "not found". */
export function toLookupUnavailableError(error: TokenLookupUnavailableError): GraphQLError {
  const retryAfterSeconds =
    error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  const sources = error.failures.map(({ source, code }) => ({ source, code }));
  const names = sources.map((s) => s.source).join(', ');
  return error.busy
    ? domainError(
        MarketDataErrorCode.UPSTREAM_BUSY,
        `No source that answered knows the token, and ${names} refused for now (rate limit); retry${
          retryAfterSeconds ? ` in ${retryAfterSeconds} s` : ' shortly'
        } or pass metadata.`,
        { retryAfterSeconds, sources },
      )
    : domainError(
        MarketDataErrorCode.UPSTREAM_UNAVAILABLE,
        `No source that answered knows the token, and ${names} could not be asked; retry later or pass metadata.`,
        { retryAfterSeconds, sources },
      );
}
