import { describe, expect, it } from '@jest/globals';
import { toTokenListKey, toTokenListSpec, type TokenListArgs } from './token-list.js';

const key = (args: TokenListArgs) => toTokenListKey(toTokenListSpec(args));

describe('toTokenListKey', () => {
  it.each<[string, TokenListArgs, TokenListArgs]>([
    [
      'defaults given or not',
      {},
      { filter: { window: 'H24' }, sort: { field: 'VOLUME', window: 'H24', direction: 'DESC' }, first: 20 },
    ],
    ['null and absent arguments', { filter: null, sort: null, first: null }, {}],
    [
      'dexes in any case and order, repeated',
      { filter: { dexes: ['Orca', 'raydium'] } },
      { filter: { dexes: ['raydium', 'orca', 'ORCA'] } },
    ],
    ['an empty dexes list (does not filter)', { filter: { dexes: [] } }, {}],
    [
      'a window on a sort that takes none',
      { sort: { field: 'LIQUIDITY', window: 'H1' } },
      { sort: { field: 'LIQUIDITY' } },
    ],
  ])('names one list for %s', (_case, a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each<[string, TokenListArgs, TokenListArgs]>([
    ['first', { first: 10 }, { first: 11 }],
    ['the sort window of a windowed sort', { sort: { field: 'VOLUME', window: 'H1' } }, { sort: { field: 'VOLUME' } }],
    ['the direction', { sort: { field: 'VOLUME', direction: 'ASC' } }, {}],
    ['a bound', { filter: { minLiquidityUsd: 50_000 } }, {}],
    ['the chain', { filter: { chain: 'SOLANA' } }, {}],
  ])('tells lists apart by %s', (_case, a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('refuses a first outside 1..100', () => {
    expect(() => toTokenListSpec({ first: 101 })).toThrow();
    expect(() => toTokenListSpec({ first: 0 })).toThrow();
  });
});
