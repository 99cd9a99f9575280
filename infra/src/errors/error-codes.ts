import { GraphQLError } from 'graphql';

/** Error codes shared by every service. Services add their own domain codes to this set. */
export const CommonErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  SERVICE_BUSY: 'SERVICE_BUSY',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Builds an expected (client-visible) GraphQL error with a stable code and extra extensions. */
export function domainError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** `BAD_USER_INPUT` naming the offending argument in the message and in `extensions.argumentName`. */
export function badInput(argumentName: string, problem: string): GraphQLError {
  return domainError(CommonErrorCode.BAD_USER_INPUT, `Invalid argument "${argumentName}": ${problem}`, {
    argumentName,
  });
}
