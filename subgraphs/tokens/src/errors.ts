import { CommonErrorCode } from '@memegraph/infra';

/** The tokens subgraph's error registry: every code a client can see from this service. */
export const TokensErrorCode = {
  ...CommonErrorCode,
  /** trackToken/untrackToken on a token nobody has stored and no metadata was given for. */
  TOKEN_NOT_FOUND: 'TOKEN_NOT_FOUND',
  /** trackToken could not reach the upstreams (through market-data) to look an unknown token up. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
} as const;
