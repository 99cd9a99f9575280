import { GraphQLError } from 'graphql';

/**
 * The codes infra sets itself, GraphQL's standard names (as Apollo Server uses them). Every client-visible
 * code, these included, is described in the services' one registry (@memegraph/contracts `errorCodes`).
 */
export const StandardErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Builds an expected (client-visible) GraphQL error with a stable code (from the registry) and extra extensions. */
export function domainError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** `BAD_USER_INPUT` naming the offending argument in the message and in `extensions.argumentName`. */
export function badInput(argumentName: string, problem: string): GraphQLError {
  return domainError(StandardErrorCode.BAD_USER_INPUT, `Invalid argument "${argumentName}": ${problem}`, {
    argumentName,
  });
}
