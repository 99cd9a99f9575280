import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { assertAdmin, createAdminCheck } from './admin-auth.js';

const KEY = 'k3y-0f-th3-adm1n-with-32-chars!!';

describe('createAdminCheck with a key configured', () => {
  const isAdmin = createAdminCheck(KEY);

  it.each([
    ['the right key', `Bearer ${KEY}`],
    ['a lower-case scheme (schemes are case-insensitive)', `bearer ${KEY}`],
    ['several spaces after the scheme', `Bearer    ${KEY}`],
    ['surrounding whitespace', `  Bearer ${KEY}  `],
  ])('accepts %s', (_name, authorization) => {
    expect(isAdmin(authorization)).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['a wrong key of the same length', `Bearer ${'x'.repeat(KEY.length)}`],
    ['the key with one character changed', `Bearer ${KEY.slice(0, -1)}?`],
    ['a shorter key (a prefix of the right one)', `Bearer ${KEY.slice(0, 16)}`],
    ['a longer key (the right one plus more)', `Bearer ${KEY}extra`],
    ['the key in another case', `Bearer ${KEY.toUpperCase()}`],
    ['the key without a scheme', KEY],
    ['the Basic scheme', `Basic ${KEY}`],
    ['the Token scheme', `Token ${KEY}`],
    ['no space after the scheme', `Bearer${KEY}`],
  ])('refuses %s', (_name, authorization) => {
    expect(isAdmin(authorization)).toBe(false);
  });
});

describe('createAdminCheck without a key', () => {
  it.each([
    ['unset', undefined],
    ['empty', ''],
  ])('makes nobody admin when the key is %s', (_name, key) => {
    const isAdmin = createAdminCheck(key);
    expect(isAdmin(undefined)).toBe(false);
    expect(isAdmin('Bearer ')).toBe(false);
    expect(isAdmin('Bearer undefined')).toBe(false);
    expect(isAdmin(`Bearer ${KEY}`)).toBe(false);
  });
});

describe('assertAdmin', () => {
  it('lets an admin through', () => {
    expect(() => assertAdmin(true)).not.toThrow();
  });

  it('refuses anyone else with UNAUTHENTICATED', () => {
    let thrown: unknown;
    try {
      assertAdmin(false);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect((thrown as GraphQLError).message).toContain('Authorization: Bearer <key>');
  });
});
