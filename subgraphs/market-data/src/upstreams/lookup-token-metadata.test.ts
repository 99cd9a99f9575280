import { describe, expect, it } from '@jest/globals';
import { TokenLookupUnavailableError, toTokenMetadata } from './lookup-token-metadata.js';

const ds = { name: 'Ds Name', symbol: 'DS', decimals: null, imageUrl: 'https://ds/img.png' };
const gt = { name: 'Gt Name', symbol: 'GT', decimals: 9, imageUrl: 'https://gt/img.png' };
const jup = { name: 'Jup Name', symbol: 'JUP', decimals: 6, imageUrl: 'https://jup/img.png' };

describe('toTokenMetadata: field precedence', () => {
  it.each([
    [
      'all three',
      { DEXSCREENER: ds, GECKOTERMINAL: gt, JUPITER: jup },
      { name: 'Ds Name', symbol: 'DS', decimals: 6, imageUrl: 'https://ds/img.png', source: 'DEXSCREENER' },
    ],
    [
      'GeckoTerminal and Jupiter',
      { DEXSCREENER: null, GECKOTERMINAL: gt, JUPITER: jup },
      { name: 'Gt Name', symbol: 'GT', decimals: 6, imageUrl: 'https://gt/img.png', source: 'GECKOTERMINAL' },
    ],
    [
      'DexScreener and GeckoTerminal',
      { DEXSCREENER: ds, GECKOTERMINAL: gt },
      { name: 'Ds Name', symbol: 'DS', decimals: 9, imageUrl: 'https://ds/img.png', source: 'DEXSCREENER' },
    ],
    [
      'DexScreener without image, Jupiter',
      { DEXSCREENER: { ...ds, imageUrl: null }, JUPITER: jup },
      { name: 'Ds Name', decimals: 6, imageUrl: 'https://jup/img.png', source: 'DEXSCREENER' },
    ],
    [
      'Jupiter alone',
      { DEXSCREENER: null, GECKOTERMINAL: null, JUPITER: jup },
      { name: 'Jup Name', symbol: 'JUP', decimals: 6, source: 'JUPITER' },
    ],
    [
      'DexScreener alone (decimals unknown, never guessed)',
      { DEXSCREENER: ds, GECKOTERMINAL: null },
      { name: 'Ds Name', decimals: null, source: 'DEXSCREENER' },
    ],
  ] as const)('%s', (_name, known, expected) => {
    expect(toTokenMetadata(known)).toMatchObject(expected);
  });

  it('is null when no source knows the token', () => {
    expect(toTokenMetadata({ DEXSCREENER: null, GECKOTERMINAL: null, JUPITER: null })).toBeNull();
    expect(toTokenMetadata({})).toBeNull();
  });
});

describe('TokenLookupUnavailableError', () => {
  it('is busy only when every failure is a rate limit, and waits for the longest', () => {
    const busy = new TokenLookupUnavailableError([
      { source: 'JUPITER', code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 30_000 },
      { source: 'GECKOTERMINAL', code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: 4_000 },
    ]);
    expect([busy.busy, busy.retryAfterMs]).toEqual([true, 30_000]);
    const down = new TokenLookupUnavailableError([
      { source: 'JUPITER', code: 'UPSTREAM_RATE_LIMITED', retryAfterMs: undefined },
      { source: 'GECKOTERMINAL', code: 'UPSTREAM_TIMEOUT', retryAfterMs: undefined },
    ]);
    expect([down.busy, down.retryAfterMs]).toEqual([false, undefined]);
    expect(down.message).toBe('could not ask JUPITER (UPSTREAM_RATE_LIMITED), GECKOTERMINAL (UPSTREAM_TIMEOUT)');
  });
});
