import { GraphQLError } from 'graphql';

/** Stable codes of everything the gateway refuses before planning (README: configuration). */
export const SecurityErrorCode = {
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  MALFORMED_REQUEST: 'MALFORMED_REQUEST',
  BATCHING_DISABLED: 'BATCHING_DISABLED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PERSISTED_QUERY_NOT_TRUSTED: 'PERSISTED_QUERY_NOT_TRUSTED',
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  PERSISTED_QUERY_VERSION_UNSUPPORTED: 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

export type SecurityErrorCode = (typeof SecurityErrorCode)[keyof typeof SecurityErrorCode];

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
