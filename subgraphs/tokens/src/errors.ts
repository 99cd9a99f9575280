import { CommonErrorCode } from '@memegraph/infra';

/** The tokens subgraph's error registry: every code a client can see from this service. */
export const TokensErrorCode = {
  ...CommonErrorCode,
  /** trackToken/untrackToken on a token nobody has stored and no metadata was given for. */
  TOKEN_NOT_FOUND: 'TOKEN_NOT_FOUND',
  /**
   * trackToken could not look an unknown token up: market-data unreachable, or a source could not be asked
   * (circuit open, timeout, 5xx; `sources` names them). Retryable; never reported as TOKEN_NOT_FOUND.
   */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** trackToken's lookup was refused by a source's rate limit (ours or theirs): retry after `retryAfterSeconds`. */
  UPSTREAM_BUSY: 'UPSTREAM_BUSY',
  /**
   * No writable Postgres primary right now (failover in progress, or every DATABASE_URL host is down, hung or a
   * standby): writes, and reads that need the primary, fail at once instead of waiting. Retryable after
   * `retryAfterSeconds`; reads that a replica can answer keep working meanwhile.
   */
  PRIMARY_UNAVAILABLE: 'PRIMARY_UNAVAILABLE',
} as const;
