/**
 * mergeToken on the recorded upstream fixtures (resolveUpstreamFixturesDir: the committed copy in
 * local/fixtures/upstream, else ../shared/fixtures/upstream). The small parsers below stand in for the adapters (written separately)
 * and map the documented shapes literally; every table row is one of the fixture tokens' stories from
 * the fixtures README.
 */
import { describe, expect, it } from '@jest/globals';
import { loadUpstreamFixture } from '@memegraph/local';
import type { TokenQuoteObservation } from '../../src/model/market-model.js';
import { toDexScreenerPoolObservations } from '../../src/upstreams/dexscreener.schema.js';
import {
  toGeckoTerminalPoolObservations,
  toGeckoTerminalTokenObservations,
} from '../../src/upstreams/geckoterminal.schema.js';
import { toJupiterPriceObservations, toJupiterTokenObservations } from '../../src/upstreams/jupiter.schema.js';
import { mergePools } from '../../src/merge/merge-pools.js';
import { getConsensusPrice, mergeToken } from '../../src/merge/merge-token.js';

const AT = '2025-06-15T12:00:00.000Z';
const read = (file: string): any => loadUpstreamFixture(file);
const dex = (body: unknown) => toDexScreenerPoolObservations(body, AT).pools;
const gtMulti = toGeckoTerminalTokenObservations(read('geckoterminal-tokens-multi.json'), AT);
// Observations come from the adapters' pure mappers, exactly as production builds them.
const dsPools = [
  ...dex(read('dexscreener-search.json')),
  ...dex(read('dexscreener-tokens.json')),
  ...dex(read('dexscreener-latest-dex-tokens.json')),
  ...dex(read('dexscreener-token-pairs.json')),
];
const gtPools = [
  ...gtMulti.pools,
  ...toGeckoTerminalPoolObservations(read('geckoterminal-trending-pools.json'), AT).pools,
  ...toGeckoTerminalPoolObservations(read('geckoterminal-new-pools.json'), AT).pools,
];
const gtQuotes: TokenQuoteObservation[] = gtMulti.tokens;
const jupQuotes: TokenQuoteObservation[] = [
  ...toJupiterPriceObservations(read('jupiter-price.json'), AT).quotes,
  ...toJupiterTokenObservations(read('jupiter-tokens-search.json'), AT).quotes,
];
const allPools = [...dsPools, ...gtPools];
const allQuotes = [...gtQuotes, ...jupQuotes];

const MINT = {
  BONKX: 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4',
  WIFX: 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
  PEPSOL: 'PEPSExamp1e1MJgpjKdMjehMxJ5kyuL967cYy33Fpump',
  MOONX: 'MooNExamp1eK9XaDorhCqCTjgiM87ZVBtmvX1W2Mpump',
  GIGAX: 'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump',
  FWOGX: 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump',
  CATX: 'CATXExamp1e6X83f8kKQnRrzpXGcA6RHoCJ5L3ZTpump',
  SOL: 'So11111111111111111111111111111111111111112',
} as const;
const merge = (token: keyof typeof MINT, options = {}, pools = allPools, quotes = allQuotes) =>
  mergeToken('SOLANA', MINT[token], pools, quotes, options);

/** Relative closeness, so 1.2e-9 and 9e8 are held to the same precision. */
const expectClose = (actual: number | null | undefined, expected: number, rel = 1e-9) =>
  expect(Math.abs((actual ?? NaN) - expected) / Math.abs(expected)).toBeLessThan(rel);

describe('mergeToken on the fixture tokens', () => {
  it.each([
    // token, merged price, priceSpreadPct range (null: fewer than two priced sources), suspectVolume
    ['BONKX', 'sources agree: spread < 1 %', 0.0000243398765, [0.2, 0.3], false],
    ['WIFX', 'sources disagree: spread ≈ 11 %, orca outlier out', 1.7901, [10.5, 11.5], false],
    ['PEPSOL', 'the deepest pool dominates the price', 0.00419012, [0, 1], false],
    ['MOONX', 'no DexScreener liquidity: GeckoTerminal’s reserve lets the pool vote', 0.0000320987, [0, 0.1], false],
    ['GIGAX', 'a 1.2e-9 price survives; $988M on $1.2k is suspect', 0.00000000123398765432, [0, 0.1], true],
    ['FWOGX', 'USDC-quoted pools price it in USD all the same', 0.08745512, [0, 0.1], false],
    ['CATX', 'Jupiter only: priced from its quote, no spread', 0.5521, null, false],
  ] as const)('%s: %s', (token, _story, price, spread, suspect) => {
    const record = merge(token);
    expectClose(record?.priceUsd, price);
    if (spread) expect(record?.priceSpreadPct).toBeGreaterThanOrEqual(spread[0]);
    if (spread) expect(record?.priceSpreadPct).toBeLessThanOrEqual(spread[1]);
    else expect(record?.priceSpreadPct).toBeNull();
    expect(record?.suspectVolume).toBe(suspect);
    expect(record?.updatedAt).toBe(AT);
  });

  it.each([
    // token, liquidity and 24h volume summed over distinct pools, pools most liquid first, source count
    ['BONKX', 1845320.55, 3412876.12, ['raydium/SOL'], 3],
    ['WIFX', 9213450.2 + 2210.5, 18734221.9 + 1402.33, ['meteora/SOL', 'orca/SOL'], 3],
    ['PEPSOL', 412330.87 + 38112.4, 1203344.5 + 41230.18, ['pumpswap/SOL', 'raydium/SOL'], 3],
    ['MOONX', 6120.4418, 842.17, ['pumpfun/SOL'], 3],
    ['GIGAX', 1204.33, 987654321.09, ['pumpswap/SOL'], 3],
    ['FWOGX', 1602339.12 + 25410.8, 2210934.6 + 8821.4, ['raydium/USDC', 'raydium/WIFX'], 2],
    ['CATX', 2310990.4, 1611002.3 + 1590440.2, [], 1],
  ] as const)('%s: each distinct pool counted once', (token, liquidity, volume24h, pools, sourceCount) => {
    const record = merge(token);
    expectClose(record?.liquidityUsd, liquidity);
    expectClose(record?.volumeUsd.H24, volume24h);
    expect(record?.pools.map((p) => `${p.dex}/${p.quoteSymbol}`)).toEqual(pools);
    expect(record?.sources).toHaveLength(sourceCount);
  });

  it('WIFX: spread is (max − min source price) / merged price, each source priced from its own view', () => {
    const record = merge('WIFX');
    const prices = Object.fromEntries(record?.sources.map((s) => [s.source, s.priceUsd]) ?? []);
    // DexScreener's own view excludes its orca outlier (2.31 on $2.2k): 1.842, not a blend.
    expect(prices).toEqual({ DEXSCREENER: 1.842, GECKOTERMINAL: 1.7901, JUPITER: 1.65 });
    expectClose(record?.priceSpreadPct, ((1.842 - 1.65) / 1.7901) * 100);
    expect(record?.priceChangePct.H24).toBe(-8.9); // the deepest pool's change, not Jupiter's stale −18.63
  });

  it('WIFX: the orca outlier is dropped by the deviation rule, not only by coverage', () => {
    expectClose(merge('WIFX', { priceCoverage: 1 })?.priceUsd, 1.7901);
    const blended = (1.7901 * 9213450.2 + 2.31 * 2210.5) / (9213450.2 + 2210.5);
    expectClose(merge('WIFX', { priceCoverage: 1, maxPriceDeviationPct: Infinity })?.priceUsd, blended);
  });

  it('WIFX: the pool where WIFX is the quote side is not counted (it belongs to FWOGX)', () => {
    const quoteSide = 'WiFXPoo1Examp1er2CdD4C6EU2VM3dB1LS61F5aLMGM6';
    expect(merge('WIFX')?.pools.map((p) => p.address)).not.toContain(quoteSide);
    expect(merge('WIFX')?.txns.H24).toEqual({ buys: 24871 + 9, sells: 25102 + 7 });
    expect(merge('FWOGX')?.pools.map((p) => p.address)).toContain(quoteSide);
  });

  it('PEPSOL: the same pool from DexScreener (two endpoints) and GeckoTerminal is one pool, counted once', () => {
    const record = merge('PEPSOL');
    expect(record?.pools[0]).toMatchObject({ dex: 'pumpswap', sources: ['DEXSCREENER', 'GECKOTERMINAL'] });
    expect(record?.pools[1]).toMatchObject({ dex: 'raydium', sources: ['DEXSCREENER'], liquidityUsd: 38112.4 });
    expect(record?.txns.H24).toEqual({ buys: 6020 + 310, sells: 5873 + 298 });
    expect(record?.priceChangePct.H24).toBe(27.65); // from the deepest pool, never summed
  });

  it('MOONX without GeckoTerminal: merges what exists and leaves the rest null, not zero', () => {
    const record = merge('MOONX', {}, dsPools, jupQuotes);
    expect(record).toMatchObject({ liquidityUsd: null, marketCapUsd: null, fdvUsd: 32100, priceSpreadPct: null });
    expect(record?.priceChangePct).toEqual({ H6: 18.42, H24: 18.42 }); // no M5/H1 key invented
    expect(record?.sources).toEqual([
      { source: 'DEXSCREENER', priceUsd: 0.0000321, liquidityUsd: null, volumeUsd24h: 842.17, fetchedAt: AT },
      { source: 'JUPITER', priceUsd: null, liquidityUsd: null, volumeUsd24h: 612.1 + 230.07, fetchedAt: AT },
    ]);
    expect(record?.name).toBe('Moon Cat Example');
  });

  it('MOONX: GeckoTerminal’s null market cap stays null and its "missing.png" is no image', () => {
    const record = merge('MOONX', {}, dsPools, gtQuotes);
    expect(record).toMatchObject({ marketCapUsd: null, imageUrl: null, symbol: 'MOONX' });
  });

  it('GIGAX: a 1.2e-9 price survives and wash-trade volume is flagged, with the raw numbers kept', () => {
    const record = merge('GIGAX');
    expect(record?.priceChangePct.H1).toBe(45210.55);
    expect(record?.txns.H24).toEqual({ buys: 1234567, sells: 1198765 });
    expect(merge('GIGAX', { suspectVolumeToLiquidity: 1e9, suspectMinVolumeUsd: 1e12 })?.suspectVolume).toBe(false);
  });

  it('FWOGX: a USDC pool’s priceNative is in USDC, so priceNative is derived from SOL/USD or left null', () => {
    expect(merge('FWOGX')?.priceNative).toBeNull();
    expectClose(merge('FWOGX', { nativePriceUsd: { SOLANA: 150 } })?.priceNative, 0.08745512 / 150);
    expectClose(merge('BONKX')?.priceNative, 0.0000001622658433); // SOL-quoted pool: taken as is
  });

  it('CATX: a Jupiter-only token is priced from its quote, with market data from that quote', () => {
    expect(merge('CATX')).toMatchObject({
      name: 'Cat In Box Example',
      symbol: 'CATX',
      marketCapUsd: 551547900,
      fdvUsd: 551547900,
      priceChangePct: { H24: 3.02 },
      txns: {},
      pools: [],
    });
  });

  it('returns null when no source knows the token, including a mint seen only as a quote side', () => {
    expect(mergeToken('SOLANA', 'NoSuchExamp1eMint', allPools, allQuotes)).toBeNull();
    expect(merge('SOL')).toBeNull();
    expect(mergeToken('ETHEREUM', MINT.BONKX, allPools, allQuotes)).toBeNull();
  });
});

describe('getConsensusPrice', () => {
  const options = { maxPriceDeviationPct: 15, priceCoverage: 0.9 };
  it.each([
    [
      'deep pool dominates, never a plain average',
      [
        [1, 1e6],
        [2, 1e3],
      ],
      1,
    ],
    [
      'pools within coverage are liquidity-weighted',
      [
        [1, 600],
        [1.1, 400],
      ],
      1.04,
    ],
    [
      'an outlier beyond the deviation does not vote',
      [
        [1, 500],
        [1.02, 450],
        [3, 100],
      ],
      (500 + 1.02 * 450) / 950,
    ],
    [
      'no liquidity anywhere: median-trimmed equal weights',
      [
        [1, 0],
        [1.02, 0],
        [9, 0],
      ],
      1.01,
    ],
    ['no votes', [], null],
  ] as const)('%s', (_name, points, expected) => {
    const price = getConsensusPrice(
      points.map(([priceUsd, weight]) => ({ priceUsd, weight })),
      options,
    );
    if (expected === null) expect(price).toBeNull();
    else expectClose(price, expected);
  });
});

describe('mergePools precedence', () => {
  const [ds] = dsPools.filter((p) => p.base.address === MINT.BONKX);
  const [gt] = gtPools.filter((p) => p.base.address === MINT.BONKX);
  const at = (iso: string) => ({ fetchedAt: iso });
  it.each([
    ['equally fresh: GT price (precision), DS volume', at(AT), at(AT), 0.0000243398765, 3412876.12],
    ['a fresher DS beats GT for price too', at('2025-06-15T12:05:00.000Z'), at(AT), 0.00002431, 3412876.12],
    ['a fresher GT beats DS for volume too', at(AT), at('2025-06-15T12:05:00.000Z'), 0.0000243398765, 3398120.8812],
  ] as const)('%s', (_name, dsAt, gtAt, price, volume24h) => {
    const [pool] = mergePools([
      { ...ds!, ...dsAt },
      { ...gt!, ...gtAt },
    ]);
    expect(pool).toMatchObject({
      priceUsd: price,
      liquidityUsd: 1845320.55,
      sources: ['DEXSCREENER', 'GECKOTERMINAL'],
    });
    expect(pool?.volumeUsd.H24).toBe(volume24h);
  });

  it('takes the largest credible liquidity: a reading far above the others is not credible', () => {
    const [pool] = mergePools([{ ...ds!, liquidityUsd: 50_000_000 }, gt!]);
    expect(pool?.liquidityUsd).toBe(1843990.1123);
  });
});
