import { ErrorCode } from '@memegraph/contracts';

/**
 * The codes a client can see from the tokens subgraph (each described in the registry, contracts'
 * `errorCodes`); errors with any other code are masked as INTERNAL_SERVER_ERROR.
 */
export const tokensErrorCodes = [
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.SERVICE_BUSY,
  ErrorCode.INTERNAL_SERVER_ERROR,
  ErrorCode.TOKEN_NOT_FOUND,
  ErrorCode.UPSTREAM_UNAVAILABLE,
  ErrorCode.UPSTREAM_BUSY,
  ErrorCode.PRIMARY_UNAVAILABLE,
] as const satisfies readonly ErrorCode[];
