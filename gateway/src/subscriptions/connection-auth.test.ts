import { describe, expect, it } from '@jest/globals';
import { isAuthorizedConnection } from './connection-auth.js';

const TOKEN = 'ws-secret-0123456789';

describe('isAuthorizedConnection', () => {
  it.each([
    ['authorization', { authorization: `Bearer ${TOKEN}` }, true],
    ['headers.authorization', { headers: { authorization: `Bearer ${TOKEN}` } }, true],
    ['a lower-case scheme', { authorization: `bearer ${TOKEN}` }, true],
    ['a wrong token', { authorization: 'Bearer ws-secret-0123456780' }, false],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, false],
    ['no scheme', { authorization: TOKEN }, false],
    ['another scheme', { authorization: `Basic ${TOKEN}` }, false],
    ['a non-string value', { authorization: 42 }, false],
    ['headers that are not an object', { headers: `Bearer ${TOKEN}` }, false],
    ['an empty payload', {}, false],
    ['no payload', undefined, false],
  ])('with %s', (_case, params, expected) => {
    expect(isAuthorizedConnection(params as Record<string, unknown> | undefined, TOKEN)).toBe(expected);
  });
});
