/** Query.tokens semantics: filters, order, nulls last, suspect volume, keyset paging and its errors. */
import { describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { toTokenKey, type MarketRecord, type PoolRecord } from '../model/market-model.js';
import { marketRecord } from '../model/market-record.fixture.js';
import { rankTokens, type RankTokensArgs } from './rank-tokens.js';

const market = (address: string, overrides: Partial<MarketRecord> = {}): MarketRecord =>
  marketRecord({ address, priceUsd: 1, ...overrides });
const pool = (dex: string, createdAt: string | null = null): PoolRecord => ({
  address: `${dex}Poo1Examp1e`,
  dex,
  quoteSymbol: 'SOL',
  priceUsd: 1,
  liquidityUsd: null,
  volumeUsd: {},
  txns: {},
  createdAt,
  url: null,
  sources: ['DEXSCREENER'],
});
const addresses = (args: RankTokensArgs, records = TOKENS) =>
  rankTokens(records, args).edges.map((e) => e.record.address);
const errorOf = (fn: () => unknown): GraphQLError => {
  try {
    fn();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
};

/** The fixture tokens' headline numbers, plus one EVM token. */
const TOKENS = [
  market('BONKX', {
    liquidityUsd: 1845320.55,
    marketCapUsd: 2100384,
    pools: [pool('raydium', '2024-04-29T12:00:00.000Z')],
    volumeUsd: { H1: 121045.77, H24: 3412876.12 },
    priceChangePct: { H1: -1.85, H24: 12.37 },
    txns: { H24: { buys: 14210, sells: 13877 } },
  }),
  market('WIFX', {
    liquidityUsd: 9215660.7,
    marketCapUsd: 1839881700,
    pools: [pool('meteora'), pool('orca')],
    volumeUsd: { H1: 702334.1, H24: 18735624.23 },
    priceChangePct: { H1: -2.44, H24: -8.9 },
    txns: { H24: { buys: 24880, sells: 25109 } },
  }),
  market('PEPSOL', {
    liquidityUsd: 450443.27,
    marketCapUsd: 4187000,
    pools: [pool('pumpswap'), pool('raydium')],
    volumeUsd: { H1: 54312.9, H24: 1244574.68 },
    priceChangePct: { H1: 4.87, H24: 27.65 },
    txns: { H24: { buys: 6330, sells: 6171 } },
  }),
  market('GIGAX', {
    liquidityUsd: 1204.33,
    marketCapUsd: 1234000,
    pools: [pool('pumpswap')],
    suspectVolume: true,
    volumeUsd: { H1: 98700000.25, H24: 987654321.09 },
    priceChangePct: { H1: 45210.55, H24: 98765.43 },
    txns: { H24: { buys: 1234567, sells: 1198765 } },
  }),
  market('MOONX', { pools: [pool('pumpfun')], volumeUsd: { H24: 842.17 }, priceChangePct: { H24: 18.42 } }),
  market('0xpepeexamp1e', {
    chain: 'ETHEREUM',
    liquidityUsd: 5e6,
    marketCapUsd: 1e8,
    pools: [pool('uniswap')],
    volumeUsd: { H1: 300000, H24: 8e6 },
    priceChangePct: { H1: 1, H24: 3 },
  }),
];
const key = (address: string, chain = 'SOLANA') => `${chain}:${address}`;
const D7 = new Map([
  [key('BONKX'), { volumeUsd: 2e7, priceChangePct: 40 }],
  [key('WIFX'), { volumeUsd: 1e8, priceChangePct: null }],
]);

describe('rankTokens filters (default order: VOLUME H24 DESC)', () => {
  it.each<[string, RankTokensArgs['filter'], string[]]>([
    [
      'none: suspect GIGAX ranks as unknown volume, last',
      null,
      ['WIFX', '0xpepeexamp1e', 'BONKX', 'PEPSOL', 'MOONX', 'GIGAX'],
    ],
    ['chain', { chain: 'ETHEREUM' }, ['0xpepeexamp1e']],
    ['dexes: any pool on the dex', { dexes: ['raydium'] }, ['BONKX', 'PEPSOL']],
    ['dexes: case-insensitive, several', { dexes: ['ORCA', 'pumpfun'] }, ['WIFX', 'MOONX']],
    [
      'dexes: an empty list does not filter',
      { dexes: [] },
      ['WIFX', '0xpepeexamp1e', 'BONKX', 'PEPSOL', 'MOONX', 'GIGAX'],
    ],
    ['min liquidity: unknown liquidity excluded', { minLiquidityUsd: 1e6 }, ['WIFX', '0xpepeexamp1e', 'BONKX']],
    ['min volume: suspect volume does not count', { minVolumeUsd: 1e6 }, ['WIFX', '0xpepeexamp1e', 'BONKX', 'PEPSOL']],
    ['min volume over H1', { minVolumeUsd: 100_000, window: 'H1' }, ['WIFX', '0xpepeexamp1e', 'BONKX']],
    ['market cap range', { minMarketCapUsd: 1e6, maxMarketCapUsd: 5e6 }, ['BONKX', 'PEPSOL', 'GIGAX']],
    ['min price change H24', { minPriceChangePct: 10 }, ['BONKX', 'PEPSOL', 'MOONX', 'GIGAX']],
    ['max price change H24', { maxPriceChangePct: 0 }, ['WIFX']],
    [
      'min price change H1: missing window excluded',
      { minPriceChangePct: 0, window: 'H1' },
      ['0xpepeexamp1e', 'PEPSOL', 'GIGAX'],
    ],
    ['D7 from history only', { minVolumeUsd: 1, window: 'D7' }, ['WIFX', 'BONKX']],
  ])('%s', (_name, filter, expected) => {
    expect(addresses({ filter, d7: D7 })).toEqual(expected);
    expect(rankTokens(TOKENS, { filter, d7: D7 }).totalCount).toBe(expected.length);
  });
});

describe('rankTokens order', () => {
  const firstSeenAt = new Map([
    [key('WIFX'), '2025-06-01T00:00:00.000Z'],
    [key('GIGAX'), '2025-06-15T10:00:00.000Z'],
  ]);
  it.each<[string, RankTokensArgs['sort'], string[]]>([
    ['PRICE_CHANGE DESC', { field: 'PRICE_CHANGE' }, ['GIGAX', 'PEPSOL', 'MOONX', 'BONKX', '0xpepeexamp1e', 'WIFX']],
    [
      'PRICE_CHANGE ASC',
      { field: 'PRICE_CHANGE', direction: 'ASC' },
      ['WIFX', '0xpepeexamp1e', 'BONKX', 'MOONX', 'PEPSOL', 'GIGAX'],
    ],
    [
      'PRICE_CHANGE H1: nulls last',
      { field: 'PRICE_CHANGE', window: 'H1' },
      ['GIGAX', 'PEPSOL', '0xpepeexamp1e', 'BONKX', 'WIFX', 'MOONX'],
    ],
    [
      'MARKET_CAP ASC: nulls still last',
      { field: 'MARKET_CAP', direction: 'ASC' },
      ['GIGAX', 'BONKX', 'PEPSOL', '0xpepeexamp1e', 'WIFX', 'MOONX'],
    ],
    [
      'LIQUIDITY DESC: suspect volume does not matter here',
      { field: 'LIQUIDITY' },
      ['WIFX', '0xpepeexamp1e', 'BONKX', 'PEPSOL', 'GIGAX', 'MOONX'],
    ],
    [
      'TXNS DESC: 2.4M suspect txns do not top it',
      { field: 'TXNS' },
      ['WIFX', 'BONKX', 'PEPSOL', '0xpepeexamp1e', 'GIGAX', 'MOONX'],
    ],
    [
      'VOLUME ASC: suspect and unknown still last',
      { field: 'VOLUME', direction: 'ASC', window: 'H1' },
      ['PEPSOL', 'BONKX', '0xpepeexamp1e', 'WIFX', 'GIGAX', 'MOONX'],
    ],
    [
      'VOLUME D7: missing D7 is null, never 24h × 7',
      { field: 'VOLUME', window: 'D7' },
      ['WIFX', 'BONKX', '0xpepeexamp1e', 'GIGAX', 'MOONX', 'PEPSOL'],
    ],
    [
      'FIRST_SEEN DESC: map, else oldest pool',
      { field: 'FIRST_SEEN' },
      ['GIGAX', 'WIFX', 'BONKX', '0xpepeexamp1e', 'MOONX', 'PEPSOL'],
    ],
  ])('%s', (_name, sort, expected) => {
    expect(addresses({ sort, d7: D7, firstSeenAt })).toEqual(expected);
  });

  it('breaks ties by chain, then exact-case address', () => {
    const tied = ['b', 'B', 'a'].flatMap((a) =>
      (['SOLANA', 'BASE'] as const).map((chain) => market(a, { chain, volumeUsd: { H24: 5 } })),
    );
    const keys = rankTokens(tied, { first: 10 }).edges.map((e) => toTokenKey(e.record));
    expect(keys).toEqual(['BASE:B', 'BASE:a', 'BASE:b', 'SOLANA:B', 'SOLANA:a', 'SOLANA:b']);
  });
});

describe('rankTokens keyset paging', () => {
  /** 250 tokens over 50 distinct volumes: five-way ties everywhere. */
  const generate = () =>
    Array.from({ length: 250 }, (_, i) =>
      market(`Tok${String(i).padStart(3, '0')}Examp1e`, { volumeUsd: { H24: ((i * 37) % 50) * 1000 } }),
    );
  const volume = (r: MarketRecord) => r.volumeUsd.H24 ?? 0;
  /** Independent reference order for VOLUME H24 DESC (one chain, so address breaks ties). */
  const reference = (rs: MarketRecord[]) =>
    [...rs].sort((a, b) => volume(b) - volume(a) || (a.address < b.address ? -1 : 1)).map((r) => r.address);
  /** Every page after `after`, in pages of 100. */
  const walk = (records: MarketRecord[], after: string | null = null) => {
    const pages = [rankTokens(records, { first: 100, after })];
    while (pages.at(-1)!.pageInfo.hasNextPage) {
      pages.push(rankTokens(records, { first: 100, after: pages.at(-1)!.pageInfo.endCursor }));
    }
    return pages;
  };
  const addressesOf = (pages: ReturnType<typeof walk>) => pages.flatMap((p) => p.edges.map((e) => e.record.address));

  it('visits 250 records exactly once in pages of 100, in order', () => {
    const records = generate();
    const pages = walk(records);
    expect(pages.map((p) => [p.edges.length, p.totalCount, p.pageInfo.hasNextPage])).toEqual([
      [100, 250, true],
      [100, 250, true],
      [50, 250, false],
    ]);
    expect(addressesOf(pages)).toEqual(reference(records));
    expect(rankTokens(records, { first: 100, after: pages[2]!.pageInfo.endCursor }).edges).toEqual([]);
  });

  it('values changing between pages neither repeat nor skip records relative to the key (offsets would skip)', () => {
    let records = generate();
    const page1 = rankTokens(records, { first: 100 });
    const lastVolume = volume(page1.edges.at(-1)!.record);
    const seen = new Set(page1.edges.map((e) => e.record.address));
    const unseen = records.filter((r) => !seen.has(r.address));
    // Between pages: 10 seen tokens drop out, 5 new ones rank at the top, seen ones rise, unseen ones
    // reshuffle below the key. Nothing crosses the key.
    records = records
      .filter((r, i) => !(seen.has(r.address) && i % 10 === 0))
      .map((r, i): MarketRecord => ({
        ...r,
        volumeUsd: { H24: seen.has(r.address) ? volume(r) * 2 : ((i * 53) % 97) * (lastVolume / 100) },
      }))
      .concat(Array.from({ length: 5 }, (_, i) => market(`New${i}Examp1e`, { volumeUsd: { H24: 1e9 } })));

    const later = addressesOf(walk(records, page1.pageInfo.endCursor));
    expect(later).toEqual(reference(records.filter((r) => unseen.some((u) => u.address === r.address))));
    expect(new Set([...seen, ...later]).size).toBe(250);
    expect(later).toHaveLength(150);
    const offsetLater = reference(records).slice(100);
    expect(unseen.filter((u) => !offsetLater.includes(u.address))).toHaveLength(5);
  });

  it('places a record that crossed the key by its current value', () => {
    let records = generate();
    const page1 = rankTokens(records, { first: 100 });
    const last = page1.edges.at(-1)!.record;
    const [risen, fallen] = [reference(records)[150]!, reference(records)[10]!];
    records = records.map((r) =>
      r.address === risen
        ? { ...r, volumeUsd: { H24: 1e9 } }
        : r.address === fallen
          ? { ...r, volumeUsd: { H24: 0 } }
          : r,
    );
    const isAfterKey = (r: MarketRecord) =>
      volume(r) < volume(last) || (volume(r) === volume(last) && r.address > last.address);
    const later = addressesOf(walk(records, page1.pageInfo.endCursor));
    expect(later).toEqual(reference(records.filter(isAfterKey)));
    expect(later).not.toContain(risen);
    expect(later).toContain(fallen);
  });
});

describe('rankTokens bad input', () => {
  const volumeCursor = rankTokens(TOKENS, { first: 1 }).pageInfo.endCursor!;
  const solanaCursor = rankTokens(TOKENS, { first: 1, filter: { chain: 'SOLANA' } }).pageInfo.endCursor!;
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each<[string, RankTokensArgs]>([
    ['not a cursor', { after: 'garbage' }],
    ['valid base64url, wrong shape', { after: forged({ v: 'x', c: 'SOLANA', a: 'BONKX', h: 'h' }) }],
    ['unknown chain', { after: forged({ v: 1, c: 'DOGECHAIN', a: 'BONKX', h: 'h' }) }],
    ['from another sort', { after: volumeCursor, sort: { field: 'LIQUIDITY' } }],
    ['from another direction', { after: volumeCursor, sort: { field: 'VOLUME', direction: 'ASC' } }],
    ['from another sort window', { after: volumeCursor, sort: { field: 'VOLUME', window: 'H1' } }],
    ['from another filter', { after: solanaCursor }],
  ])('after %s → BAD_USER_INPUT naming "after"', (_name, args) => {
    expect(errorOf(() => rankTokens(TOKENS, args)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: 'after',
    });
  });

  it('accepts a cursor when only defaults were spelled out differently', () => {
    const explicit = { field: 'VOLUME', window: 'H24', direction: 'DESC' } as const;
    expect(addresses({ after: volumeCursor, sort: explicit, filter: { window: 'H24', dexes: [] } })).toHaveLength(5);
  });

  it.each([0, 101, 2.5, -1])('first %p → BAD_USER_INPUT naming "first"', (first) => {
    expect(errorOf(() => rankTokens(TOKENS, { first })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: 'first',
    });
  });
});
