import { describe, expect, it } from '@jest/globals';
import type { Chain } from './chains.js';
import { toCanonicalAddress, toTokenKey } from './token-key.js';

const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263'; // 44 characters
const WRAPPED_SOL = 'So11111111111111111111111111111111111111112'; // 43
const SYSTEM_PROGRAM = '11111111111111111111111111111111'; // 32, the shortest
const USDC_MIXED_CASE = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const EVM_CHAINS: Chain[] = ['ETHEREUM', 'BASE', 'BSC'];

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

describe('toTokenKey', () => {
  it('keys a token by chain and canonical-case address', () => {
    expect(toTokenKey('BASE', USDC_MIXED_CASE)).toBe(`BASE:${USDC_MIXED_CASE.toLowerCase()}`);
    expect(toTokenKey('SOLANA', BONK)).toBe(`SOLANA:${BONK}`);
    expect(toTokenKey('SOLANA', BONK.toLowerCase())).not.toBe(toTokenKey('SOLANA', BONK));
  });
});
