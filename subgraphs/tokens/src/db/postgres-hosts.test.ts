import { describe, expect, it } from '@jest/globals';
import { toHostLabel, toHostUrls } from './postgres-hosts.js';

describe('toHostUrls', () => {
  it.each([
    [
      'a single host, unchanged',
      'postgres://app:pw@db:5432/tokens?sslmode=require',
      ['postgres://app:pw@db:5432/tokens?sslmode=require'],
    ],
    [
      'libpq multi-host: user, database and parameters on every host, in order',
      'postgres://app:pw@db-a:5432,db-b:5433/tokens?sslmode=require',
      ['postgres://app:pw@db-a:5432/tokens?sslmode=require', 'postgres://app:pw@db-b:5433/tokens?sslmode=require'],
    ],
    [
      'hosts without ports or credentials',
      'postgresql://db-a,db-b/tokens',
      ['postgresql://db-a/tokens', 'postgresql://db-b/tokens'],
    ],
    [
      'an IPv6 host',
      'postgres://u@[::1]:5432,127.0.0.1:5433/t',
      ['postgres://u@[::1]:5432/t', 'postgres://u@127.0.0.1:5433/t'],
    ],
  ])('splits %s', (_name, url, urls) => {
    expect(toHostUrls(url)).toEqual(urls);
  });

  it.each([
    ['another scheme', 'mysql://db/tokens'],
    ['an empty host in the list', 'postgres://db-a,,db-b/tokens'],
    ['a bad port', 'postgres://db-a:5432,db-b:port/tokens'],
    ['no URL at all', 'postgres at db-a'],
  ])('refuses %s', (_name, url) => {
    expect(() => toHostUrls(url)).toThrow();
  });
});

describe('toHostLabel', () => {
  it('names host and port without credentials', () => {
    expect(toHostLabel('postgres://app:secret@db-a:5433/tokens')).toBe('db-a:5433');
    expect(toHostLabel('postgres://db-a/tokens')).toBe('db-a:5432');
  });
});
