import { describe, expect, it } from '@jest/globals';
import { loadUpstreamFixture } from '@memegraph/local';
import { toJupiterPriceObservations, toJupiterTokenObservations } from '../../src/upstreams/jupiter.schema.js';

const AT = '2025-06-15T12:00:00.000Z';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const MOONX = 'MooNExamp1eK9XaDorhCqCTjgiM87ZVBtmvX1W2Mpump';
const GIGAX = 'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';

const prices = loadUpstreamFixture('jupiter-price.json') as Record<string, unknown>;
const search = loadUpstreamFixture('jupiter-tokens-search.json') as Record<string, unknown>[];

describe('Jupiter price v3 → TokenQuoteObservation', () => {
  const { quotes, dropped } = toJupiterPriceObservations(prices, AT);
  const quote = (address: string) => quotes.find((q) => q.address === address);

  it('maps every priced mint and leaves an omitted one unknown (MOONX absent, not zero)', () => {
    expect(dropped).toBe(0);
    expect(quotes).toHaveLength(7);
    expect(quote(MOONX)).toBeUndefined();
  });

  it('maps the fields price v3 has (BONKX); the rest stay null', () => {
    expect(quote(BONKX)).toEqual({
      source: 'JUPITER',
      chain: 'SOLANA',
      address: BONKX,
      name: null,
      symbol: null,
      decimals: 5,
      imageUrl: null,
      priceUsd: 0.00002428,
      liquidityUsd: 1921334.77,
      volumeUsd24h: null,
      priceChange24hPct: 12.29,
      marketCapUsd: null,
      fdvUsd: null,
      fetchedAt: AT,
    });
  });

  it('keeps the stale disagreeing WIFX quote and the tiny GIGAX price as reported', () => {
    expect(quote(WIFX)).toMatchObject({ priceUsd: 1.65, priceChange24hPct: -18.63 });
    expect(quote(GIGAX)).toMatchObject({ priceUsd: 1.2339e-9, priceChange24hPct: 98740.2 });
  });

  it('ignores a null entry and drops and counts one of the wrong shape', () => {
    const body = { ...prices, [MOONX]: null, Bad1Examp1e: { usdPrice: '0.1' }, Bad2Examp1e: 7 };
    const result = toJupiterPriceObservations(body, AT);
    expect(result.dropped).toBe(2);
    expect(result.quotes).toHaveLength(7);
  });

  it.each([
    ['a list', []],
    ['a string', 'error'],
    ['null', null],
  ])('throws on a malformed body: %s', (_name, body) => {
    expect(() => toJupiterPriceObservations(body, AT)).toThrow();
  });
});

describe('Jupiter tokens v2 search → TokenQuoteObservation', () => {
  const { quotes, dropped } = toJupiterTokenObservations(search, AT);
  const quote = (symbol: string) => quotes.find((q) => q.symbol === symbol);

  it('maps every token', () => {
    expect(dropped).toBe(0);
    expect(quotes.map((q) => q.symbol)).toEqual(['BONKX', 'WIFX', 'PEPSOL', 'MOONX', 'GIGAX', 'CATX', 'RUGX']);
  });

  it('takes the 24 h volume from stats24h buyVolume + sellVolume (BONKX)', () => {
    expect(quote('BONKX')).toEqual({
      source: 'JUPITER',
      chain: 'SOLANA',
      address: BONKX,
      name: 'Bonkers Example',
      symbol: 'BONKX',
      decimals: 5,
      imageUrl: 'https://ipfs.example.com/ipfs/63f364171a81093619bcb6f32a8820820c255d2f5dd218',
      priceUsd: 0.00002428,
      liquidityUsd: 1921334.77,
      volumeUsd24h: 1712330.2 + 1698544.1,
      priceChange24hPct: 12.29,
      marketCapUsd: 2097792,
      fdvUsd: 2185200,
      fetchedAt: AT,
    });
  });

  it('keeps omitted price, market cap and liquidity as null (MOONX sparse)', () => {
    expect(quote('MOONX')).toMatchObject({
      address: MOONX,
      priceUsd: null,
      marketCapUsd: null,
      fdvUsd: null,
      liquidityUsd: null,
      volumeUsd24h: 612.1 + 230.07,
    });
  });

  it('keeps extreme values (GIGAX)', () => {
    expect(quote('GIGAX')).toMatchObject({ priceUsd: 1.2339e-9, volumeUsd24h: 493700500.3 + 493800734.25 });
  });

  it('has no volume when stats24h is missing or partial', () => {
    const [first] = search;
    const noStats = { ...first, stats24h: undefined };
    const partial = { ...first, stats24h: { priceChange: 1, buyVolume: 5 } };
    const result = toJupiterTokenObservations([noStats, partial], AT);
    expect(result.quotes.map((q) => q.volumeUsd24h)).toEqual([null, null]);
  });

  it('drops and counts a token without an id or with a wrong type', () => {
    const [first] = search;
    const result = toJupiterTokenObservations(
      [...search, { ...first, id: undefined }, { ...first, usdPrice: 'x' }],
      AT,
    );
    expect(result.dropped).toBe(2);
    expect(result.quotes).toHaveLength(7);
  });

  it('throws on a body that is not a list', () => {
    expect(() => toJupiterTokenObservations({ tokens: search }, AT)).toThrow();
  });
});
