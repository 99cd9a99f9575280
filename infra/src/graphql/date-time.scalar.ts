import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { StandardErrorCode } from '../errors/error-codes.js';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 date-time string', {
      extensions: { code: StandardErrorCode.BAD_USER_INPUT },
    });
  }
  return date;
}

/** `DateTime`: ISO-8601 in UTC on the wire, `Date` in resolvers. */
export const dateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time string in UTC, e.g. 2026-11-27T03:00:00.000Z.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('DateTime must be a string', { extensions: { code: StandardErrorCode.BAD_USER_INPUT } });
    return toDate(ast.value);
  },
});
