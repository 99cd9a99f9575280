import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { assertTokenKey, fromKeyCursor, toKeyCursor, toTokenKeyString } from './token-key.js';

const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263'; // 44 characters
const USDC_MIXED_CASE = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';

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

describe('assertTokenKey', () => {
  it('returns the chain and canonical address', () => {
    expect(assertTokenKey('SOLANA', BONK)).toEqual({ chain: 'SOLANA', address: BONK });
    expect(assertTokenKey('BASE', USDC_MIXED_CASE)).toEqual({ chain: 'BASE', address: USDC_MIXED_CASE.toLowerCase() });
  });

  it.each([
    ['SOLANA', 'not-an-address', 'address', /base58 Solana address/],
    ['SOLANA', USDC_MIXED_CASE, 'addresses[3]', /base58 Solana address/],
    ['ETHEREUM', BONK, 'addresses[0]', /0x-prefixed 40-hex-digit address/],
    ['BSC', '0x1234', 'address', /0x-prefixed 40-hex-digit address/],
  ] as const)('rejects %s %p as BAD_USER_INPUT naming %p', (chain, raw, argumentName, expected) => {
    const error = thrownBy(() => assertTokenKey(chain, raw, argumentName));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
    expect(error.message).toContain(`"${argumentName}"`);
    expect(error.message).toContain(`"${raw}"`);
    expect(error.message).toContain(`for chain ${chain}`);
    expect(error.message).toMatch(expected);
  });

  it('names the argument "address" by default', () => {
    expect(thrownBy(() => assertTokenKey('SOLANA', '0')).extensions.argumentName).toBe('address');
  });
});

describe('toTokenKeyString', () => {
  it('joins chain and canonical address, so EVM case variants share one key', () => {
    expect(toTokenKeyString(assertTokenKey('ETHEREUM', USDC_MIXED_CASE))).toBe(
      toTokenKeyString(assertTokenKey('ETHEREUM', USDC_MIXED_CASE.toLowerCase())),
    );
    expect(toTokenKeyString({ chain: 'SOLANA', address: BONK })).toBe(`SOLANA:${BONK}`);
  });

  it('keeps Solana addresses differing only in case apart', () => {
    const lower = BONK.toLowerCase();
    expect(toTokenKeyString(assertTokenKey('SOLANA', BONK))).not.toBe(
      toTokenKeyString(assertTokenKey('SOLANA', lower)),
    );
  });
});

describe('key cursors', () => {
  it('continue after the key they were made from', () => {
    for (const key of [
      { chain: 'SOLANA' as const, address: BONK },
      { chain: 'BASE' as const, address: USDC_MIXED_CASE.toLowerCase() },
    ]) {
      expect(fromKeyCursor(toKeyCursor(key))).toEqual(key);
    }
  });

  it.each([
    ['not base64 of a key', 'bm90IGEga2V5'],
    ['an unknown chain', Buffer.from(`TRON:${BONK}`).toString('base64url')],
    ['an invalid address', Buffer.from('SOLANA:0').toString('base64url')],
    ['empty', ''],
  ])('refuses %s as BAD_USER_INPUT naming the argument', (_what, cursor) => {
    expect(thrownBy(() => fromKeyCursor(cursor)).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});
