/**
 * Merges everything the upstreams said about one token into its live market record (TokenMarket).
 * Pure: observations in, record out. The rules are on {@link mergeToken}.
 */
import type {
  ByWindow,
  Chain,
  LiveWindow,
  MarketRecord,
  PoolObservation,
  Source,
  SourceQuoteRecord,
  TokenQuoteObservation,
  TxnCounts,
} from '../model/market-model.js';
import {
  DEFAULT_MERGE_POOLS_OPTIONS,
  isKnown,
  mergePools,
  toEpochMs,
  toPoolRecord,
  type MergedPool,
  type MergePoolsOptions,
} from './merge-pools.js';

/** Tuning of the token merge (pool-merge options included). */
export interface MergeTokenOptions extends MergePoolsOptions {
  /** Pools (and quotes) below this liquidity do not vote on the price while deeper ones exist. */
  minPoolLiquidityUsd: number;
  /** Share (0..1] of the voting liquidity the price is taken from, most liquid pools first. */
  priceCoverage: number;
  /** A pool whose price is further than this from the liquidity-weighted median does not vote. */
  maxPriceDeviationPct: number;
  /** 24h volume above this multiple of liquidity is suspect (wash trading). */
  suspectVolumeToLiquidity: number;
  /** 24h volume at least this large with unknown or sub-floor liquidity is suspect. */
  suspectMinVolumeUsd: number;
  /** USD price of each chain's native coin, to express priceNative when no pool is quoted in it. */
  nativePriceUsd: Partial<Record<Chain, number>>;
}

/** Defaults for {@link MergeTokenOptions}. */
export const DEFAULT_MERGE_TOKEN_OPTIONS: MergeTokenOptions = {
  ...DEFAULT_MERGE_POOLS_OPTIONS,
  minPoolLiquidityUsd: 1_000,
  priceCoverage: 0.9,
  maxPriceDeviationPct: 15,
  suspectVolumeToLiquidity: 50,
  suspectMinVolumeUsd: 1_000_000,
  nativePriceUsd: {},
};

/** Wrapped native coin per chain: a pool quoted in it gives priceNative directly. Matched by address, never symbol. */
export const NATIVE_QUOTE_ADDRESS: Record<Chain, string> = {
  SOLANA: 'So11111111111111111111111111111111111111112',
  ETHEREUM: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
  BASE: '0x4200000000000000000000000000000000000006',
  BSC: '0xbb4cdb9cbd36b01bd1cbaef60af814a3f6f08c87',
};

/** Order of SourceQuote entries, and of token metadata: token-level lists describe the token itself. */
const SOURCE_ORDER: Source[] = ['DEXSCREENER', 'GECKOTERMINAL', 'JUPITER'];
const METADATA_ORDER: Source[] = ['JUPITER', 'GECKOTERMINAL', 'DEXSCREENER'];
const WINDOWS: LiveWindow[] = ['M5', 'H1', 'H6', 'H24'];

/** One price vote: a price and the liquidity behind it. */
export interface PricePoint {
  priceUsd: number;
  weight: number;
}

const isPrice = (p: number | null | undefined): p is number => isKnown(p) && Number.isFinite(p) && p > 0;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function weightedMedian(points: PricePoint[]): number {
  const sorted = [...points].sort((a, b) => a.priceUsd - b.priceUsd);
  const half = sum(sorted.map((p) => p.weight)) / 2;
  let acc = 0;
  for (const p of sorted) {
    acc += p.weight;
    if (acc >= half) return p.priceUsd;
  }
  return (sorted[sorted.length - 1] as PricePoint).priceUsd;
}

/**
 * Robust liquidity-weighted price: drop votes further than `maxPriceDeviationPct` from the weighted median
 * (a thin pool with a stale or manipulated price), then average, weighted by liquidity, the most liquid
 * votes that together hold `priceCoverage` of the remaining liquidity. When no vote has any liquidity,
 * every vote weighs the same (a median-trimmed mean, still not a plain average). Null without votes.
 */
export function getConsensusPrice(
  points: PricePoint[],
  options: Pick<MergeTokenOptions, 'maxPriceDeviationPct' | 'priceCoverage'>,
): number | null {
  const priced = points.filter((p) => isPrice(p.priceUsd) && Number.isFinite(p.weight) && p.weight >= 0);
  if (priced.length === 0) return null;
  const weighted = priced.some((p) => p.weight > 0);
  const votes = weighted ? priced.filter((p) => p.weight > 0) : priced.map((p) => ({ ...p, weight: 1 }));
  const median = weightedMedian(votes);
  const kept = votes
    .filter((p) => (Math.abs(p.priceUsd - median) / median) * 100 <= options.maxPriceDeviationPct)
    .sort((a, b) => b.weight - a.weight || a.priceUsd - b.priceUsd);
  const target = options.priceCoverage * sum(kept.map((p) => p.weight));
  const chosen: PricePoint[] = [];
  let acc = 0;
  for (const p of kept) {
    chosen.push(p);
    acc += p.weight;
    if (acc >= target) break;
  }
  // One vote is returned as is: p·w/w can be off by an ulp, which shows up as 0.000024309999999999996.
  if (chosen.length === 1) return (chosen[0] as PricePoint).priceUsd;
  return sum(chosen.map((p) => p.priceUsd * p.weight)) / sum(chosen.map((p) => p.weight));
}

/**
 * Price from pools, then quotes: (1) pools at or above the liquidity floor; else (2) token quotes at or
 * above it (a Jupiter-only token); else (3) every priced pool and quote, however thin.
 */
function getPrice(pools: MergedPool[], quotes: TokenQuoteObservation[], o: MergeTokenOptions): number | null {
  const toPoints = (xs: Array<{ priceUsd: number | null; liquidityUsd: number | null }>) =>
    xs.flatMap((x) => (isPrice(x.priceUsd) ? [{ priceUsd: x.priceUsd, weight: x.liquidityUsd ?? 0 }] : []));
  const poolPoints = toPoints(pools);
  const quotePoints = toPoints(quotes);
  const deep = (points: PricePoint[]) => points.filter((p) => p.weight >= o.minPoolLiquidityUsd);
  return (
    getConsensusPrice(deep(poolPoints), o) ??
    getConsensusPrice(deep(quotePoints), o) ??
    getConsensusPrice([...poolPoints, ...quotePoints], o)
  );
}

/** One quote per source: each field from that source's newest quote that has it (price v3 + tokens v2). */
function collapseQuotes(quotes: TokenQuoteObservation[]): TokenQuoteObservation[] {
  return SOURCE_ORDER.flatMap((source) => {
    const newest = quotes
      .filter((q) => q.source === source)
      .sort((a, b) => toEpochMs(b.fetchedAt) - toEpochMs(a.fetchedAt));
    const [head] = newest;
    if (!head) return [];
    const pick = <K extends keyof TokenQuoteObservation>(k: K) => newest.find((q) => isKnown(q[k]))?.[k] ?? null;
    return [
      {
        ...head,
        name: pick('name'),
        symbol: pick('symbol'),
        decimals: pick('decimals'),
        imageUrl: pick('imageUrl'),
        priceUsd: pick('priceUsd'),
        liquidityUsd: pick('liquidityUsd'),
        volumeUsd24h: pick('volumeUsd24h'),
        priceChange24hPct: pick('priceChange24hPct'),
        marketCapUsd: pick('marketCapUsd'),
        fdvUsd: pick('fdvUsd'),
      },
    ];
  });
}

const sumKnown = (xs: Array<number | null | undefined>): number | null => {
  const known = xs.filter((x): x is number => isKnown(x) && Number.isFinite(x));
  return known.length > 0 ? sum(known) : null;
};
const newestOf = (times: string[]): string => times.reduce((a, b) => (toEpochMs(a) >= toEpochMs(b) ? a : b));
const byLiquidity = <T extends { liquidityUsd: number | null }>(xs: T[]): T[] =>
  [...xs].sort((a, b) => (b.liquidityUsd ?? -1) - (a.liquidityUsd ?? -1));
const isHttpUrl = (u: string | null): u is string => isKnown(u) && /^https?:\/\//i.test(u);

/**
 * One SourceQuote per source (quotes already collapsed to one per source): from its own pools when it
 * reported any, else from its token quote.
 */
function getSourceQuotes(
  pools: PoolObservation[],
  quotes: TokenQuoteObservation[],
  o: MergeTokenOptions,
): SourceQuoteRecord[] {
  return SOURCE_ORDER.flatMap((source) => {
    const own = pools.filter((p) => p.source === source);
    const quote = quotes.find((q) => q.source === source);
    if (own.length === 0 && !quote) return [];
    const merged = mergePools(own, o);
    return [
      {
        source,
        priceUsd: getPrice(merged, quote ? [quote] : [], o),
        liquidityUsd: sumKnown(merged.map((p) => p.liquidityUsd)) ?? quote?.liquidityUsd ?? null,
        volumeUsd24h: sumKnown(merged.map((p) => p.volumeUsd.H24)) ?? quote?.volumeUsd24h ?? null,
        fetchedAt: newestOf([...own, ...(quote ? [quote] : [])].map((x) => x.fetchedAt)),
      },
    ];
  });
}

/**
 * Merges one token's pool observations and token quotes into its market record; null when no source
 * knows the token. Observations of other tokens, and pools where the token is the QUOTE side, are
 * ignored. Same pool from two indexers = one pool ({@link mergePools} documents the per-field precedence).
 *
 * - priceUsd: liquidity-weighted consensus ({@link getConsensusPrice}) of the distinct pools with at
 *   least `minPoolLiquidityUsd`, outliers beyond `maxPriceDeviationPct` of the weighted median dropped,
 *   from the most liquid pools holding `priceCoverage` of the liquidity; when no pool qualifies, the same
 *   over token quotes (Jupiter, GeckoTerminal) weighted by their liquidity; then over everything priced.
 * - sources: one entry per source; its price is that source's own pool consensus, else its token quote.
 * - priceSpreadPct: (max − min source price) / priceUsd × 100; null with fewer than two priced sources
 *   (one source cannot show agreement, so not 0).
 * - liquidityUsd: sum over distinct pools; the most liquid quote's when no pool has liquidity.
 * - volumeUsd, txns per window: sums over distinct pools reporting the window; 24h volume falls back to
 *   the most liquid quote that has it. priceChangePct per window: the most liquid pool reporting it
 *   (changes do not add); 24h falls back to the most liquid quote.
 * - marketCapUsd, fdvUsd: the most liquid pool that has it, else the most liquid quote that has it.
 * - priceNative: from the most liquid pool quoted in the chain's wrapped native coin; otherwise
 *   priceUsd / `nativePriceUsd[chain]`; otherwise null (a USDC pool's priceNative is in USDC, not SOL).
 * - name, symbol, imageUrl: first that has it of Jupiter, GeckoTerminal (token quotes), then pool base
 *   sides most liquid first; imageUrl only if http(s) (GeckoTerminal says "missing.png").
 * - suspectVolume: 24h volume / liquidity > `suspectVolumeToLiquidity`, or liquidity unknown or below
 *   the floor while 24h volume ≥ `suspectMinVolumeUsd`.
 * - pools: most liquid first. updatedAt: the newest fetchedAt. Unknown values are null, never 0.
 */
export function mergeToken(
  chain: Chain,
  address: string,
  pools: PoolObservation[],
  quotes: TokenQuoteObservation[],
  options: Partial<MergeTokenOptions> = {},
): MarketRecord | null {
  const o = { ...DEFAULT_MERGE_TOKEN_OPTIONS, ...options };
  const ownPools = pools.filter((p) => p.chain === chain && p.base.address === address);
  const ownQuotes = quotes.filter((q) => q.chain === chain && q.address === address);
  if (ownPools.length === 0 && ownQuotes.length === 0) return null;

  const merged = mergePools(ownPools, o);
  const quoteList = byLiquidity(collapseQuotes(ownQuotes));
  const priceUsd = getPrice(merged, quoteList, o);
  const sources = getSourceQuotes(ownPools, quoteList, o);
  const sourcePrices = sources.map((s) => s.priceUsd).filter(isPrice);
  const priceSpreadPct =
    isKnown(priceUsd) && sourcePrices.length >= 2
      ? ((Math.max(...sourcePrices) - Math.min(...sourcePrices)) / priceUsd) * 100
      : null;

  const volumeUsd: ByWindow<number> = {};
  const txns: ByWindow<TxnCounts> = {};
  const priceChangePct: ByWindow<number> = {};
  for (const w of WINDOWS) {
    const volume = sumKnown(merged.map((p) => p.volumeUsd[w]));
    if (isKnown(volume)) volumeUsd[w] = volume;
    const counted = merged.flatMap((p) => (p.txns[w] ? [p.txns[w]] : []));
    if (counted.length > 0)
      txns[w] = { buys: sum(counted.map((t) => t.buys)), sells: sum(counted.map((t) => t.sells)) };
    const change = merged.find((p) => isKnown(p.priceChangePct[w]))?.priceChangePct[w];
    if (isKnown(change)) priceChangePct[w] = change;
  }
  const fromQuotes = <T>(pick: (q: TokenQuoteObservation) => T | null) =>
    quoteList.map(pick).find((v) => isKnown(v)) ?? null;
  const quoteVolume = fromQuotes((q) => q.volumeUsd24h);
  if (!isKnown(volumeUsd.H24) && isKnown(quoteVolume)) volumeUsd.H24 = quoteVolume;
  const quoteChange = fromQuotes((q) => q.priceChange24hPct);
  if (!isKnown(priceChangePct.H24) && isKnown(quoteChange)) priceChangePct.H24 = quoteChange;

  const liquidityUsd = sumKnown(merged.map((p) => p.liquidityUsd)) ?? fromQuotes((q) => q.liquidityUsd);
  const nativePool = merged.find((p) => p.quote.address === NATIVE_QUOTE_ADDRESS[chain] && isPrice(p.priceNative));
  const nativeUsd = o.nativePriceUsd[chain];
  const metadata = [
    ...METADATA_ORDER.flatMap((s) => quoteList.filter((q) => q.source === s)),
    ...merged.map((p) => ({ name: p.base.name, symbol: p.base.symbol, imageUrl: p.imageUrl })),
  ];
  const volume24h = volumeUsd.H24 ?? 0;
  const suspectVolume =
    (isKnown(liquidityUsd) && liquidityUsd > 0 && volume24h / liquidityUsd > o.suspectVolumeToLiquidity) ||
    ((!isKnown(liquidityUsd) || liquidityUsd < o.minPoolLiquidityUsd) && volume24h >= o.suspectMinVolumeUsd);

  return {
    chain,
    address,
    name: metadata.find((m) => m.name)?.name ?? null,
    symbol: metadata.find((m) => m.symbol)?.symbol ?? null,
    imageUrl: metadata.map((m) => m.imageUrl).find(isHttpUrl) ?? null,
    priceUsd,
    priceNative: nativePool?.priceNative ?? (isKnown(priceUsd) && isPrice(nativeUsd) ? priceUsd / nativeUsd : null),
    marketCapUsd: merged.find((p) => isKnown(p.marketCapUsd))?.marketCapUsd ?? fromQuotes((q) => q.marketCapUsd),
    fdvUsd: merged.find((p) => isKnown(p.fdvUsd))?.fdvUsd ?? fromQuotes((q) => q.fdvUsd),
    liquidityUsd,
    priceSpreadPct,
    volumeUsd,
    priceChangePct,
    txns,
    suspectVolume,
    updatedAt: newestOf([...ownPools, ...ownQuotes].map((x) => x.fetchedAt)),
    sources,
    pools: merged.map(toPoolRecord),
  };
}
