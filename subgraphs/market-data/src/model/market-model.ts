/**
 * The market-data domain model shared by the upstream adapters (which produce observations), the
 * merge core (observations → records), the cache, ranking and the resolvers. Plain JSON-serialisable
 * data: it crosses Redis as is. Times are ISO-8601 strings.
 */
import type { Chain, Source } from '../generated/resolvers.js';

export type { Chain, Source };

/** Windows an upstream reports directly. D7 comes from stored history (tokens subgraph). */
export type LiveWindow = 'M5' | 'H1' | 'H6' | 'H24';

/** Buys and sells over a window. */
export interface TxnCounts {
  buys: number;
  sells: number;
}

/** Per-window values; a missing key means the source did not report that window. */
export type ByWindow<T> = Partial<Record<LiveWindow, T>>;

/** A token as one side of a pool. */
export interface PoolSide {
  address: string;
  name: string | null;
  symbol: string | null;
}

/** One pool as reported by one source at one time (DexScreener pair, GeckoTerminal pool). */
export interface PoolObservation {
  source: Source;
  chain: Chain;
  /** Pool (pair) address in canonical case (Solana as given, EVM lower-case). */
  address: string;
  /** DexScreener-style dex id (raydium, orca, pumpswap, ...). */
  dex: string;
  base: PoolSide;
  quote: PoolSide;
  /** Price of the base token in USD. */
  priceUsd: number | null;
  /** Price of the base token in the quote token. */
  priceNative: number | null;
  liquidityUsd: number | null;
  volumeUsd: ByWindow<number>;
  txns: ByWindow<TxnCounts>;
  priceChangePct: ByWindow<number>;
  fdvUsd: number | null;
  marketCapUsd: number | null;
  createdAt: string | null;
  url: string | null;
  imageUrl: string | null;
  fetchedAt: string;
}

/** A token-level quote from a source that reports tokens rather than pools (Jupiter, GeckoTerminal token attributes). */
export interface TokenQuoteObservation {
  source: Source;
  chain: Chain;
  address: string;
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  imageUrl: string | null;
  priceUsd: number | null;
  liquidityUsd: number | null;
  volumeUsd24h: number | null;
  priceChange24hPct: number | null;
  marketCapUsd: number | null;
  fdvUsd: number | null;
  fetchedAt: string;
}

/** What each source last reported about a token; the merge input. */
export interface ObservationBundle {
  pools: PoolObservation[];
  quotes: TokenQuoteObservation[];
}

/** One source's contribution to a merged record (TokenMarket.sources). */
export interface SourceQuoteRecord {
  source: Source;
  priceUsd: number | null;
  liquidityUsd: number | null;
  volumeUsd24h: number | null;
  fetchedAt: string;
}

/** A pool after merging the sources that index it (its volume counted once). */
export interface PoolRecord {
  address: string;
  dex: string;
  quoteSymbol: string | null;
  priceUsd: number | null;
  liquidityUsd: number | null;
  volumeUsd: ByWindow<number>;
  txns: ByWindow<TxnCounts>;
  createdAt: string | null;
  url: string | null;
  sources: Source[];
}

/** A token's merged live market record (TokenMarket), with its pools most liquid first. */
export interface MarketRecord {
  chain: Chain;
  address: string;
  name: string | null;
  symbol: string | null;
  imageUrl: string | null;
  priceUsd: number | null;
  priceNative: number | null;
  marketCapUsd: number | null;
  fdvUsd: number | null;
  liquidityUsd: number | null;
  priceSpreadPct: number | null;
  volumeUsd: ByWindow<number>;
  priceChangePct: ByWindow<number>;
  txns: ByWindow<TxnCounts>;
  /** True when volume is absurd for the liquidity (wash trading): ranking and spikes must not trust it. */
  suspectVolume: boolean;
  updatedAt: string;
  sources: SourceQuoteRecord[];
  pools: PoolRecord[];
}

/** Key of a token: chain plus canonical address. */
export const toTokenKey = (t: { chain: Chain; address: string }): string => `${t.chain}:${t.address}`;
