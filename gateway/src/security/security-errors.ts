import { ErrorCode } from '@memegraph/contracts';
import { GraphQLError } from 'graphql';

/** The registry codes (contracts' `errorCodes`) of everything the gateway refuses before planning. */
const SECURITY_ERROR_CODES = [
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.TOO_MANY_ALIASES,
  ErrorCode.TOO_MANY_DIRECTIVES,
  ErrorCode.TOO_MANY_TOKENS,
  ErrorCode.QUERY_TOO_COSTLY,
  ErrorCode.BODY_TOO_LARGE,
  ErrorCode.MALFORMED_REQUEST,
  ErrorCode.BATCHING_DISABLED,
  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  ErrorCode.PERSISTED_QUERY_NOT_TRUSTED,
  ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
  ErrorCode.PERSISTED_QUERY_VERSION_UNSUPPORTED,
  ErrorCode.RATE_LIMITED,
] as const;

/** A code the gateway refuses with before planning. */
export type SecurityErrorCode = (typeof SECURITY_ERROR_CODES)[number];

/** The security codes by name (`SecurityErrorCode.RATE_LIMITED`). */
export const SecurityErrorCode = Object.fromEntries(SECURITY_ERROR_CODES.map((code) => [code, code])) as {
  readonly [Code in SecurityErrorCode]: Code;
};

/** A refusal with its code and the HTTP status Apollo Server answers it with. */
export function securityError(
  code: SecurityErrorCode,
  message: string,
  status = 400,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status } } });
}

/** The JSON body of a refusal sent by an express middleware (before Apollo Server sees the request). */
export function toErrorBody(code: SecurityErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...extensions, code } }] };
}
