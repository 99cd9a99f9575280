import { describe, expect, it } from '@jest/globals';
import { loadUpstreamFixture } from '@memegraph/local';
import {
  toGeckoTerminalPoolObservations,
  toGeckoTerminalTokenObservation,
  toGeckoTerminalTokenObservations,
} from '../../src/upstreams/geckoterminal.schema.js';
import { decimalString } from '../../src/upstreams/upstream-schema.js';

const AT = '2025-06-15T12:00:00.000Z';
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const SOL = 'So11111111111111111111111111111111111111112';
const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

interface Doc {
  data: Record<string, any>[];
  included: Record<string, any>[];
}
const multi = loadUpstreamFixture('geckoterminal-tokens-multi.json') as Doc;
const trending = loadUpstreamFixture('geckoterminal-trending-pools.json') as Doc;
const newPools = loadUpstreamFixture('geckoterminal-new-pools.json') as Doc;

describe('GeckoTerminal decimal strings', () => {
  it.each([
    ['0.00000000123398765432', 1.23398765432e-9],
    ['9000000000000000.0', 9e15],
    ['-1.79', -1.79],
    ['1e-9', 1e-9],
    ['150', 150],
  ])('reads %s as %s', (text, value) => {
    expect(decimalString.parse(text)).toBe(value);
  });

  it.each(['', ' ', 'abc', 'NaN', 'Infinity', '1,5', '0x10'])('refuses %j instead of guessing a number', (text) => {
    expect(decimalString.safeParse(text).success).toBe(false);
  });
});

describe('GeckoTerminal tokens/multi → TokenQuoteObservation + top pools', () => {
  const { tokens, pools, dropped } = toGeckoTerminalTokenObservations(multi, AT);
  const token = (symbol: string) => tokens.find((t) => t.symbol === symbol);
  const pool = (symbol: string) => pools.find((p) => p.base.symbol === symbol);

  it('maps one quote per token and its top pool', () => {
    expect(dropped).toBe(0);
    expect(tokens.map((t) => t.symbol)).toEqual(['BONKX', 'WIFX', 'MOONX', 'GIGAX', 'FWOGX']);
    expect(pools).toHaveLength(5);
  });

  it('maps every token field (BONKX), the reserve across pools as liquidity', () => {
    expect(token('BONKX')).toEqual({
      source: 'GECKOTERMINAL',
      chain: 'SOLANA',
      address: BONKX,
      name: 'Bonkers Example',
      symbol: 'BONKX',
      decimals: 5,
      imageUrl: 'https://assets.geckoterminal.com/example/bonkx.png',
      priceUsd: 0.0000243398765,
      liquidityUsd: 1921334.772210918,
      volumeUsd24h: 3433120.77102,
      priceChange24hPct: null,
      marketCapUsd: 2102965.3296,
      fdvUsd: 2190588.885,
      fetchedAt: AT,
    });
  });

  it('keeps a null market cap and drops the "missing.png" placeholder (MOONX)', () => {
    expect(token('MOONX')).toMatchObject({ marketCapUsd: null, imageUrl: null, priceUsd: 0.0000320987 });
  });

  it('keeps extreme values as numbers (GIGAX)', () => {
    expect(token('GIGAX')).toMatchObject({ priceUsd: 1.23398765432e-9, volumeUsd24h: 987501234.55 });
    expect(token('GIGAX')?.priceUsd).toBeGreaterThan(0);
  });

  it('maps the included pool, naming the quote side from the pool name when it was not included', () => {
    expect(pool('BONKX')).toMatchObject({
      source: 'GECKOTERMINAL',
      address: 'BoNKPoo1Examp1eXtakWG6izi5tkoZaputYGUPCJP5nJ',
      dex: 'raydium',
      base: { address: BONKX, name: 'Bonkers Example', symbol: 'BONKX' },
      quote: { address: SOL, name: null, symbol: 'SOL' },
      priceUsd: 0.0000243398765,
      priceNative: 0.0000001622658433,
      liquidityUsd: 1843990.1123,
      createdAt: '2024-04-29T12:00:00.000Z',
      url: `https://www.geckoterminal.com/solana/pools/BoNKPoo1Examp1eXtakWG6izi5tkoZaputYGUPCJP5nJ`,
    });
    // m15/m30 are GeckoTerminal-only windows: the model has none
    expect(Object.keys(pool('BONKX')?.volumeUsd ?? {})).toEqual(['M5', 'H1', 'H6', 'H24']);
    expect(pool('BONKX')?.txns.M5).toEqual({ buys: 44, sells: 39 });
    expect(pool('BONKX')?.priceChangePct).toEqual({ M5: 0.38, H1: -1.79, H6: 3.84, H24: 12.41 });
  });

  it('reads a USDC-quoted pool and uses DexScreener dex ids (FWOGX raydium-clmm, MOONX pump-fun)', () => {
    expect(pool('FWOGX')).toMatchObject({ dex: 'raydium', quote: { address: USDC, symbol: 'USDC' } });
    expect(pool('FWOGX')?.priceNative).toBe(pool('FWOGX')?.priceUsd);
    expect(pool('MOONX')?.dex).toBe('pumpfun');
  });

  it('drops and counts a malformed token or pool, keeping the rest', () => {
    const [first, second, ...rest] = multi.data;
    const badToken = { ...second, attributes: { ...second?.attributes, price_usd: 'n/a' } };
    const badPool = { ...multi.included[0], relationships: {} };
    const body = { data: [first, badToken, ...rest, 42], included: [badPool, ...multi.included.slice(1)] };
    const result = toGeckoTerminalTokenObservations(body, AT);
    expect(result.dropped).toBe(3);
    expect(result.tokens).toHaveLength(4);
    expect(result.pools.map((p) => p.base.symbol)).toEqual(['WIFX', 'MOONX', 'GIGAX', 'FWOGX']);
  });

  it('ignores unknown keys (launchpad_details, pool_name)', () => {
    const [first] = multi.data;
    const extra = { ...first, attributes: { ...first?.attributes, launchpad_details: { graduated: true } } };
    const result = toGeckoTerminalTokenObservations({ data: [extra], included: [] }, AT);
    expect(result).toMatchObject({ dropped: 0, tokens: [{ symbol: 'BONKX' }] });
  });

  it.each([
    ['no data', {}],
    ['data not a list', { data: { id: 'x' } }],
    ['a string', 'error'],
  ])('throws on a malformed document: %s', (_name, body) => {
    expect(() => toGeckoTerminalTokenObservations(body, AT)).toThrow();
  });
});

describe('GeckoTerminal tokens/{address} → one TokenQuoteObservation', () => {
  const multi = loadUpstreamFixture('geckoterminal-tokens-multi.json') as {
    data: Array<{ attributes: { symbol: string } }>;
  };
  const fwogx = multi.data.find((t) => t.attributes.symbol === 'FWOGX')!;
  const moonx = multi.data.find((t) => t.attributes.symbol === 'MOONX')!;

  it('maps the token resource: name, symbol, decimals, image and token-level figures', () => {
    const { token } = toGeckoTerminalTokenObservation({ data: fwogx }, '2025-06-15T12:00:00.000Z');
    expect(token).toMatchObject({
      source: 'GECKOTERMINAL',
      chain: 'SOLANA',
      address: 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump',
      name: 'Frog Example',
      symbol: 'FWOGX',
      decimals: 6,
      imageUrl: 'https://assets.geckoterminal.com/example/fwogx.png',
    });
    expect(token!.priceUsd).toBeGreaterThan(0);
  });

  it('turns the "missing.png" placeholder into no image', () => {
    expect(toGeckoTerminalTokenObservation({ data: moonx }, 'x').token?.imageUrl).toBeNull();
  });

  it('refuses a body that is not one token resource', () => {
    expect(() => toGeckoTerminalTokenObservation({ data: [fwogx] }, 'x')).toThrow();
    expect(() => toGeckoTerminalTokenObservation({ data: { ...fwogx, type: 'pool' } }, 'x')).toThrow();
  });

  it('gives null for a network it does not serve', () => {
    const elsewhere = { ...fwogx, id: `tron_${(fwogx as any).attributes.address}` };
    expect(toGeckoTerminalTokenObservation({ data: elsewhere }, 'x').token).toBeNull();
  });
});

describe('GeckoTerminal trending and new pools → PoolObservation', () => {
  it('maps trending pools with both sides named from included tokens', () => {
    const { pools, dropped } = toGeckoTerminalPoolObservations(trending, AT);
    expect(dropped).toBe(0);
    expect(pools.map((p) => p.base.symbol)).toEqual(['GIGAX', 'BOOSTX', 'PEPSOL', 'BONKX', 'WIFX', 'FWOGX']);
    const giga = pools[0];
    expect(giga).toMatchObject({
      quote: { address: SOL, name: 'Wrapped SOL', symbol: 'SOL' },
      priceUsd: 1.23398765432e-9,
      priceNative: 8.226584362e-12,
      marketCapUsd: null,
      imageUrl: null,
    });
    expect(pools[1]?.imageUrl).toBe('https://assets.geckoterminal.com/example/boostx.png');
  });

  it('maps new pools (RUGX, MOONX) with their creation time', () => {
    const { pools } = toGeckoTerminalPoolObservations(newPools, AT);
    expect(pools.map((p) => [p.base.symbol, p.createdAt, p.liquidityUsd])).toEqual([
      ['RUGX', '2025-06-15T09:00:00.000Z', 311.9021],
      ['MOONX', '2025-06-15T03:00:00.000Z', 6120.4418],
    ]);
  });

  it('lower-cases EVM addresses and skips networks we do not serve', () => {
    const [gigaPool] = trending.data;
    const evm = (network: string, address: string) => ({
      ...gigaPool,
      id: `${network}_${address}`,
      attributes: { ...gigaPool?.attributes, address },
      relationships: {
        base_token: { data: { id: `${network}_0xBaSe`, type: 'token' } },
        quote_token: { data: { id: `${network}_0xQuOtE`, type: 'token' } },
      },
    });
    const body = { data: [evm('eth', '0xAbC1'), evm('polygon_pos', '0xAbC2')] };
    const { pools, dropped } = toGeckoTerminalPoolObservations(body, AT);
    expect(dropped).toBe(0);
    expect(pools).toEqual([
      expect.objectContaining({
        chain: 'ETHEREUM',
        address: '0xabc1',
        dex: 'unknown',
        base: { address: '0xbase', name: null, symbol: 'GIGAX' },
        quote: { address: '0xquote', name: null, symbol: 'SOL' },
      }),
    ]);
  });

  it('drops and counts a pool with a bad number, and an included entry without a type', () => {
    const [first, ...rest] = trending.data;
    const bad = { ...first, attributes: { ...first?.attributes, reserve_in_usd: '' } };
    const { pools, dropped } = toGeckoTerminalPoolObservations(
      { data: [bad, ...rest], included: [...trending.included, { id: 'x' }] },
      AT,
    );
    expect(dropped).toBe(2);
    expect(pools).toHaveLength(5);
  });
});
