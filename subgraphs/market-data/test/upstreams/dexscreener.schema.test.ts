import { describe, expect, it } from '@jest/globals';
import { loadUpstreamFixture } from '@memegraph/local';
import {
  dexScreenerPairSchema,
  toDexScreenerDiscoveries,
  toDexScreenerPoolObservations,
} from '../../src/upstreams/dexscreener.schema.js';

const AT = '2025-06-15T12:00:00.000Z';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const WIFX = 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump';
const FWOGX = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';
const SOL = 'So11111111111111111111111111111111111111112';

const tokens = loadUpstreamFixture('dexscreener-tokens.json') as Record<string, unknown>[];
const search = loadUpstreamFixture('dexscreener-search.json') as { pairs: Record<string, unknown>[] };
const bySymbol = (body: unknown, options = {}) =>
  new Map(toDexScreenerPoolObservations(body, AT, options).pools.map((p) => [p.base.symbol, p]));

describe('DexScreener pairs → PoolObservation', () => {
  it('maps every field of a complete pair (BONKX), keeping the exact case of Solana addresses', () => {
    expect(bySymbol(tokens).get('BONKX')).toEqual({
      source: 'DEXSCREENER',
      chain: 'SOLANA',
      address: 'BoNKPoo1Examp1eXtakWG6izi5tkoZaputYGUPCJP5nJ',
      dex: 'raydium',
      base: { address: BONKX, name: 'Bonkers Example', symbol: 'BONKX' },
      quote: { address: SOL, name: 'Wrapped SOL', symbol: 'SOL' },
      priceUsd: 0.00002431,
      priceNative: 0.0000001621,
      liquidityUsd: 1845320.55,
      volumeUsd: { M5: 9870.2, H1: 121045.77, H6: 802110.4, H24: 3412876.12 },
      txns: {
        M5: { buys: 41, sells: 37 },
        H1: { buys: 612, sells: 590 },
        H6: { buys: 3410, sells: 3302 },
        H24: { buys: 14210, sells: 13877 },
      },
      priceChangePct: { M5: 0.42, H1: -1.85, H6: 3.9, H24: 12.37 },
      fdvUsd: 2187900,
      marketCapUsd: 2100384,
      createdAt: '2024-04-29T12:00:00.000Z',
      url: 'https://dexscreener.com/solana/bonkpoo1examp1extakwg6izi5tkozaputygupcjp5nj',
      imageUrl: expect.stringContaining(`/tokens/solana/${BONKX}.png`),
      fetchedAt: AT,
    });
  });

  it.each([
    ['bare array (/tokens/v1)', tokens, 6],
    ['{schemaVersion, pairs} (search)', search, 9],
    ['{pairs: null} (nothing found)', { schemaVersion: '1.0.0', pairs: null }, 0],
    ['empty array', [], 0],
  ])('accepts the %s envelope', (_name, body, count) => {
    expect(toDexScreenerPoolObservations(body, AT)).toMatchObject({ dropped: 0 });
    expect(toDexScreenerPoolObservations(body, AT).pools).toHaveLength(count);
  });

  it('keeps missing values as null or absent windows, never zero (MOONX bonding curve)', () => {
    const moon = bySymbol(tokens).get('MOONX');
    expect(moon).toMatchObject({ liquidityUsd: null, marketCapUsd: null, imageUrl: null, fdvUsd: 32100 });
    expect(moon?.priceChangePct).toEqual({ H6: 18.42, H24: 18.42 });
  });

  it('keeps extreme values as plain numbers (GIGAX)', () => {
    const giga = bySymbol(tokens).get('GIGAX');
    expect(giga).toMatchObject({ priceUsd: 1.234e-9, priceNative: 8.227e-12, liquidityUsd: 1204.33 });
    expect(giga?.priceChangePct).toMatchObject({ H1: 45210.55, H24: 98765.43 });
    expect(giga?.txns.H24).toEqual({ buys: 1234567, sells: 1198765 });
  });

  it('reads a USDC-quoted pair with priceNative equal to priceUsd (FWOGX)', () => {
    const fwog = bySymbol(search).get('FWOGX');
    expect(fwog?.quote.symbol).toBe('USDC');
    expect(fwog?.priceNative).toBe(fwog?.priceUsd);
    expect(fwog?.priceUsd).toBe(0.0874);
  });

  it('separates pools where the requested token is the quote side (WIFX token-pairs)', () => {
    const body = loadUpstreamFixture('dexscreener-token-pairs.json');
    const { pools, otherPools } = toDexScreenerPoolObservations(body, AT, { baseAddresses: [WIFX] });
    expect(pools.map((p) => p.dex)).toEqual(['meteora', 'orca']);
    expect(pools.every((p) => p.base.address === WIFX)).toBe(true);
    expect(otherPools).toHaveLength(1);
    expect(otherPools[0]).toMatchObject({ base: { address: FWOGX }, quote: { address: WIFX, symbol: 'WIFX' } });
  });

  it('drops and counts malformed pairs without losing the valid ones', () => {
    const broken = [
      { ...tokens[0], baseToken: undefined },
      { ...tokens[1], priceUsd: '' }, // "" must not become a price of 0
      { ...tokens[2], txns: { h24: { buys: 'many', sells: 1 } } },
      'not a pair',
      null,
    ];
    const result = toDexScreenerPoolObservations([...tokens, ...broken], AT);
    expect(result.dropped).toBe(5);
    expect(result.pools).toHaveLength(6);
  });

  it.each([
    ['an object without pairs', { schemaVersion: '1.0.0' }],
    ['a string', 'oops'],
    ['null', null],
  ])('throws on a malformed body: %s', (_name, body) => {
    expect(() => toDexScreenerPoolObservations(body, AT)).toThrow();
  });

  it('skips chains we do not serve and lower-cases EVM addresses', () => {
    const base = {
      ...tokens[0],
      chainId: 'base',
      pairAddress: '0xAbCdEf0000000000000000000000000000000001',
      baseToken: { address: '0xDeAdBeEf00000000000000000000000000000002', name: 'E', symbol: 'E' },
    };
    const { pools, dropped } = toDexScreenerPoolObservations([base, { ...tokens[0], chainId: 'sui' }], AT);
    expect(dropped).toBe(0);
    expect(pools).toHaveLength(1);
    expect(pools[0]).toMatchObject({
      chain: 'BASE',
      address: '0xabcdef0000000000000000000000000000000001',
      base: { address: '0xdeadbeef00000000000000000000000000000002' },
    });
  });
});

describe('DexScreener pair info', () => {
  it.each([
    [
      'live form',
      { type: 'twitter', url: 'https://x.com/a' },
      { platform: 'twitter', url: 'https://x.com/a', handle: null },
    ],
    ['docs form', { platform: 'twitter', handle: 'a' }, { platform: 'twitter', url: null, handle: 'a' }],
  ])('parses socials in the %s', (_name, social, expected) => {
    const pair = dexScreenerPairSchema.parse({ ...tokens[0], info: { websites: [], socials: [social] } });
    expect(pair.info?.socials).toEqual([expected]);
  });

  it('parses websites with or without a label, skipping a bad entry instead of the pair', () => {
    const info = {
      websites: [{ label: 'Website', url: 'https://a' }, { url: 'https://b' }, { nope: 1 }],
      socials: null,
    };
    const pair = dexScreenerPairSchema.parse({ ...tokens[0], info });
    expect(pair.info?.websites).toEqual([
      { label: 'Website', url: 'https://a' },
      { label: null, url: 'https://b' },
    ]);
    expect(pair.info?.socials).toEqual([]);
  });

  it('ignores unknown keys', () => {
    const pair = dexScreenerPairSchema.parse({ ...tokens[0], brandNewField: { x: 1 } });
    expect(pair).not.toHaveProperty('brandNewField');
  });
});

describe('DexScreener latest profiles and boosts', () => {
  it('maps profiles, with null links and description kept as empty/null (MOONX)', () => {
    const body = loadUpstreamFixture('dexscreener-token-profiles-latest.json');
    const { discoveries, dropped } = toDexScreenerDiscoveries(body, 'PROFILE', AT);
    expect(dropped).toBe(0);
    expect(discoveries.map((d) => d.address.slice(0, 5))).toEqual(['BooST', 'MooNE', 'RUGXE']);
    expect(discoveries[1]).toMatchObject({ chain: 'SOLANA', description: null, links: [], boostAmount: null });
  });

  it('maps boosts with their amounts and mixed link forms', () => {
    const body = loadUpstreamFixture('dexscreener-token-boosts-latest.json');
    const { discoveries } = toDexScreenerDiscoveries(body, 'BOOST', AT);
    expect(discoveries.find((d) => d.address === FWOGX)).toMatchObject({ boostAmount: 10, boostTotal: 30 });
    expect(discoveries[0]?.links).toEqual([
      { type: null, label: 'Website', url: 'https://boostx.example.com/' },
      { type: 'twitter', label: null, url: 'https://x.com/boostx_example' },
    ]);
  });

  it('drops and counts a malformed entry; throws on a body that is not a list', () => {
    const body = [{ chainId: 'solana' }, { chainId: 'solana', tokenAddress: BONKX }];
    expect(toDexScreenerDiscoveries(body, 'BOOST', AT)).toMatchObject({
      dropped: 1,
      discoveries: [{ address: BONKX }],
    });
    expect(() => toDexScreenerDiscoveries({ url: 'x' }, 'BOOST', AT)).toThrow();
  });
});
