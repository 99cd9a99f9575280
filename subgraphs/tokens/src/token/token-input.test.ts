import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import type { TokenMetadataInput } from '../generated/resolvers.js';
import { MAX_PAGE_SIZE, assertPageSize, assertSearchQuery, toTokenMetadata } from './token-input.js';

/** The GraphQLError that `fn` throws. */
function thrownBy(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

/** Expects BAD_USER_INPUT naming `argumentName`, with `problem` in the message. */
function expectBadInput(fn: () => unknown, argumentName: string, problem: string | RegExp): void {
  const error = thrownBy(fn);
  expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
  expect(error.message).toMatch(`Invalid argument "${argumentName}": `);
  expect(error.message).toMatch(problem);
}

describe('assertPageSize', () => {
  it.each([1, 10, MAX_PAGE_SIZE])('accepts %p', (value) => {
    expect(assertPageSize(value, 'first')).toBe(value);
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (value) => {
    expectBadInput(
      () => assertPageSize(value, 'first'),
      'first',
      `must be between 1 and ${MAX_PAGE_SIZE}, got ${value}`,
    );
  });

  it('uses the given maximum', () => {
    expect(assertPageSize(1000, 'limit', 1000)).toBe(1000);
    expectBadInput(() => assertPageSize(1001, 'limit', 1000), 'limit', 'must be between 1 and 1000, got 1001');
  });
});

describe('assertSearchQuery', () => {
  it.each([
    ['bonk', 'bonk'],
    ['  dog wif hat \n', 'dog wif hat'],
    ['x'.repeat(100), 'x'.repeat(100)],
    [` ${'x'.repeat(100)} `, 'x'.repeat(100)],
    ['50%_off', '50%_off'],
  ])('accepts %p as %p', (raw, query) => {
    expect(assertSearchQuery(raw)).toBe(query);
  });

  it.each([
    ['', 'must not be empty'],
    [' \t\n', 'must not be empty'],
    ['x'.repeat(101), 'must be at most 100 characters'],
  ])('rejects %p', (raw, problem) => {
    expectBadInput(() => assertSearchQuery(raw), 'query', problem);
  });
});

describe('toTokenMetadata', () => {
  const minimal: TokenMetadataInput = { name: 'Bonk', symbol: 'BONK' };

  it('fills the optional fields with null and an empty list', () => {
    expect(toTokenMetadata(minimal)).toEqual({
      name: 'Bonk',
      symbol: 'BONK',
      decimals: null,
      imageUrl: null,
      links: [],
    });
    expect(toTokenMetadata({ ...minimal, decimals: null, imageUrl: null, links: null })).toEqual(
      toTokenMetadata(minimal),
    );
  });

  it('trims text, keeps the symbol case, lower-cases link kinds, and normalises URLs', () => {
    const metadata = toTokenMetadata({
      name: '  dogwifhat ',
      symbol: ' WIF ',
      decimals: 6,
      imageUrl: 'https://Example.COM/logo.png',
      links: [
        { kind: ' Website ', url: 'https://dogwifcoin.org' },
        { kind: 'TWITTER', url: 'http://x.com/dogwifcoin' },
      ],
    });
    expect(metadata).toEqual({
      name: 'dogwifhat',
      symbol: 'WIF',
      decimals: 6,
      imageUrl: 'https://example.com/logo.png',
      links: [
        { kind: 'website', url: 'https://dogwifcoin.org/' },
        { kind: 'twitter', url: 'http://x.com/dogwifcoin' },
      ],
    });
  });

  it.each([0, 18, 36])('accepts %p decimals', (decimals) => {
    expect(toTokenMetadata({ ...minimal, decimals }).decimals).toBe(decimals);
  });

  it.each([-1, 37])('rejects %p decimals', (decimals) => {
    expectBadInput(() => toTokenMetadata({ ...minimal, decimals }), 'metadata.decimals', 'must be between 0 and 36');
  });

  it.each<[string, Partial<TokenMetadataInput>, string]>([
    ['metadata.name', { name: '' }, 'must be 1-200 characters'],
    ['metadata.name', { name: '   ' }, 'must be 1-200 characters'],
    ['metadata.name', { name: 'n'.repeat(201) }, 'must be 1-200 characters'],
    ['metadata.symbol', { symbol: '' }, 'must be 1-50 characters'],
    ['metadata.symbol', { symbol: 'S'.repeat(51) }, 'must be 1-50 characters'],
    ['metadata.imageUrl', { imageUrl: 'logo.png' }, '"logo.png" is not a URL'],
    ['metadata.imageUrl', { imageUrl: 'ftp://example.com/logo.png' }, 'must be an http or https URL'],
    ['metadata.imageUrl', { imageUrl: 'javascript:alert(1)' }, 'must be an http or https URL'],
    ['metadata.imageUrl', { imageUrl: 'data:image/png;base64,AAAA' }, 'must be an http or https URL'],
    [
      'metadata.links[1].url',
      {
        links: [
          { kind: 'website', url: 'https://ok.example' },
          { kind: 'x', url: 'x.com' },
        ],
      },
      'is not a URL',
    ],
    [
      'metadata.links[0].url',
      { links: [{ kind: 'telegram', url: 'tg://resolve?domain=x' }] },
      'must be an http or https URL',
    ],
    ['metadata.links[0].kind', { links: [{ kind: ' ', url: 'https://ok.example' }] }, 'must be 1-50 characters'],
    [
      'metadata.links[0].kind',
      { links: [{ kind: 'k'.repeat(51), url: 'https://ok.example' }] },
      'must be 1-50 characters',
    ],
  ])('rejects a bad %s', (argumentName, change, problem) => {
    expectBadInput(() => toTokenMetadata({ ...minimal, ...change }), argumentName, problem);
  });

  it('accepts the longest name and symbol', () => {
    const metadata = toTokenMetadata({ name: 'n'.repeat(200), symbol: 'S'.repeat(50) });
    expect([metadata.name.length, metadata.symbol.length]).toEqual([200, 50]);
  });
});
