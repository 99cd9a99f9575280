import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import type { Chain } from '../generated/resolvers.js';
import { assertTokenKey, fromKeyCursor, toCanonicalAddress, toKeyCursor, toTokenKeyString } from './token-key.js';

const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263'; // 44 characters
const WRAPPED_SOL = 'So11111111111111111111111111111111111111112'; // 43
const SYSTEM_PROGRAM = '11111111111111111111111111111111'; // 32, the shortest
const USDC_MIXED_CASE = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const EVM_CHAINS: Chain[] = ['ETHEREUM', 'BASE', 'BSC'];

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

describe('toCanonicalAddress on SOLANA', () => {
  it.each([
    ['a 44-character address', BONK],
    ['a 43-character address', WRAPPED_SOL],
    ['a 32-character address', SYSTEM_PROGRAM],
    ['an address of digits and upper case', '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghij'],
    ['an address of the remaining lower case', 'kmnopqrstuvwxyz123456789ABCDEFGH'],
  ])('keeps %s exactly as given (base58 is case-sensitive)', (_name, address) => {
    expect(toCanonicalAddress('SOLANA', address)).toBe(address);
  });

  it('trims surrounding whitespace', () => {
    expect(toCanonicalAddress('SOLANA', `  ${BONK}\n`)).toBe(BONK);
  });

  it.each([
    ['the digit 0', `0${BONK.slice(1)}`],
    ['capital O', `O${BONK.slice(1)}`],
    ['capital I', `I${BONK.slice(1)}`],
    ['lower-case l', `l${BONK.slice(1)}`],
    ['31 characters', SYSTEM_PROGRAM.slice(1)],
    ['45 characters', `${BONK}1`],
    ['an inner space', `${BONK.slice(0, 20)} ${BONK.slice(21)}`],
    ['a non-ASCII letter', `é${BONK.slice(1)}`],
    ['an EVM address', USDC_MIXED_CASE],
    ['the empty string', ''],
  ])('rejects an address with %s', (_name, address) => {
    expect(toCanonicalAddress('SOLANA', address)).toBeNull();
  });
});

describe.each(EVM_CHAINS)('toCanonicalAddress on %s', (chain) => {
  it.each([
    ['mixed case', USDC_MIXED_CASE],
    ['upper-case hex', `0x${USDC_MIXED_CASE.slice(2).toUpperCase()}`],
    ['lower case', USDC_MIXED_CASE.toLowerCase()],
  ])('lower-cases an address in %s', (_name, address) => {
    expect(toCanonicalAddress(chain, address)).toBe('0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48');
  });

  it('trims surrounding whitespace', () => {
    expect(toCanonicalAddress(chain, ` ${USDC_MIXED_CASE} `)).toBe(USDC_MIXED_CASE.toLowerCase());
  });

  it.each([
    ['no 0x prefix', USDC_MIXED_CASE.slice(2)],
    ['an upper-case 0X prefix', `0X${USDC_MIXED_CASE.slice(2)}`],
    ['39 hex digits', USDC_MIXED_CASE.slice(0, -1)],
    ['41 hex digits', `${USDC_MIXED_CASE}0`],
    ['a non-hex digit', `${USDC_MIXED_CASE.slice(0, -1)}g`],
    ['a Solana address', BONK],
    ['only the prefix', '0x'],
    ['the empty string', ''],
  ])('rejects an address with %s', (_name, address) => {
    expect(toCanonicalAddress(chain, address)).toBeNull();
  });
});

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
