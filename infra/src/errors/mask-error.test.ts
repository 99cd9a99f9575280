import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { badInput, domainError } from './error-codes.js';
import { createErrorMasker } from './mask-error.js';

/** A real pino logger whose JSON lines land in `lines`. */
function createCapturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** What Apollo Server hands to formatError: the formatted error (with a stacktrace in development) and the error. */
function formatted(error: GraphQLError): [ReturnType<GraphQLError['toJSON']>, GraphQLError] {
  const json = error.toJSON();
  return [{ ...json, extensions: { ...json.extensions, stacktrace: ['Error: at somewhere.ts:1:1'] } }, error];
}

describe('createErrorMasker', () => {
  it.each([
    ['a common code', domainError('BAD_USER_INPUT', 'Invalid argument "first": must be between 1 and 100')],
    ['a service code from the registry', domainError('TOKEN_NOT_FOUND', 'No token SOLANA abc is stored yet')],
    ['a GraphQL validation code', domainError('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nope"')],
    ['a gateway code', domainError('DOWNSTREAM_SERVICE_ERROR', 'subgraph failed')],
  ])('passes %s through without the stacktrace and logs nothing', (_name, error) => {
    const { log, lines } = createCapturedLogger();
    const mask = createErrorMasker(log, ['TOKEN_NOT_FOUND']);
    const result = mask(...formatted(error));
    expect(result.message).toBe(error.message);
    expect(result.extensions).toEqual({ ...error.extensions });
    expect(result.extensions).not.toHaveProperty('stacktrace');
    expect(lines).toEqual([]);
  });

  it('keeps the other extensions of a known error', () => {
    const { log } = createCapturedLogger();
    const error = badInput('addresses[3]', 'not an address');
    const result = createErrorMasker(log, [])(...formatted(error));
    expect(result.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'addresses[3]' });
  });

  it('masks an error thrown by a resolver and logs the original in full', () => {
    const { log, lines } = createCapturedLogger();
    const original = new Error('relation "tokens" does not exist at character 15');
    const error = new GraphQLError(original.message, {
      path: ['token', 'name'],
      originalError: original,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const result = createErrorMasker(log, [])(...formatted(error));

    expect(result).toEqual({
      message: 'Internal server error',
      path: ['token', 'name'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'unexpected error while resolving',
      path: ['token', 'name'],
      err: { type: 'Error', message: original.message, stack: expect.stringContaining('mask-error.test.ts') },
    });
  });

  it.each([
    ['no code', new GraphQLError('connect ECONNREFUSED 10.0.0.5:5432')],
    ['a code outside the registry', domainError('SQL_SYNTAX_ERROR', 'syntax error at or near "FORM"')],
    ['INTERNAL_SERVER_ERROR set by hand', domainError('INTERNAL_SERVER_ERROR', 'secret detail')],
  ])('masks an error with %s and logs it', (_name, error) => {
    const { log, lines } = createCapturedLogger();
    const result = createErrorMasker(log, ['TOKEN_NOT_FOUND'])(...formatted(error));
    expect(result.message).toBe('Internal server error');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(result)).not.toContain(error.message);
    expect(lines).toEqual([expect.objectContaining({ err: expect.objectContaining({ message: error.message }) })]);
  });

  it('keeps locations but not the stacktrace of a masked error', () => {
    const { log } = createCapturedLogger();
    const error = new GraphQLError('boom', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const json = { ...error.toJSON(), locations: [{ line: 2, column: 3 }], extensions: { stacktrace: ['x'] } };
    expect(createErrorMasker(log, [])(json, error)).toEqual({
      message: 'Internal server error',
      locations: [{ line: 2, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('masks a non-GraphQL value thrown as an error and logs it', () => {
    const { log, lines } = createCapturedLogger();
    const result = createErrorMasker(log, [])({ message: 'weird' }, 'a thrown string');
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines).toEqual([expect.objectContaining({ err: 'a thrown string' })]);
  });
});
