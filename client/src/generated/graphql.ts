/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Chains the API serves. Solana first; the others must work wherever the upstreams carry them. */
export type Chain =
  /** Base (Coinbase L2). Addresses are compared and returned lower-case. */
  | 'BASE'
  /** BNB Smart Chain. Addresses are compared and returned lower-case. */
  | 'BSC'
  /** Ethereum mainnet. Addresses are compared and returned lower-case. */
  | 'ETHEREUM'
  /** Solana mainnet. Addresses are case-sensitive base58 and are kept exactly as given. */
  | 'SOLANA';

/** State of an upstream's circuit breaker. */
export type CircuitState =
  /** Requests flow normally. */
  | 'CLOSED'
  /** A trial request decides whether to close or re-open. */
  | 'HALF_OPEN'
  /** Requests are refused without calling the upstream until a cool-down passes. */
  | 'OPEN';

/** Candle widths for stored price history. */
export type Resolution =
  /** One day (UTC). */
  | 'D1'
  /** One hour. */
  | 'H1'
  /** Four hours. */
  | 'H4'
  /** One minute. */
  | 'M1'
  /** Five minutes. */
  | 'M5'
  /** Fifteen minutes. */
  | 'M15';

/** Sort order. */
export type SortDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** Upstream market-data sources. */
export type Source =
  /** DexScreener (api.dexscreener.com). */
  | 'DEXSCREENER'
  /** GeckoTerminal (api.geckoterminal.com). */
  | 'GECKOTERMINAL'
  /** Jupiter (api.jup.ag). */
  | 'JUPITER';

/** Filters for Query.tokens; all given conditions must hold. */
export type TokenFilter = {
  /** Only tokens of this chain. */
  chain?: Chain | null | undefined;
  /** DexScreener-style dex ids, e.g. raydium, orca, meteora, pumpswap. */
  dexes?: Array<string> | null | undefined;
  /** Maximum market capitalisation in USD. */
  maxMarketCapUsd?: number | null | undefined;
  /** Percent; applies to the filter's window. */
  maxPriceChangePct?: number | null | undefined;
  /** Minimum pool liquidity in USD. */
  minLiquidityUsd?: number | null | undefined;
  /** Minimum market capitalisation in USD. */
  minMarketCapUsd?: number | null | undefined;
  /** Percent; applies to the filter's window. */
  minPriceChangePct?: number | null | undefined;
  /** Applies to the filter's window. */
  minVolumeUsd?: number | null | undefined;
  /** Window for the volume and price-change conditions. */
  window?: Window | null | undefined;
};

/** A link an admin supplies with token metadata. */
export type TokenLinkInput = {
  /** Kind of link: website, twitter, telegram, discord, ... */
  kind: string;
  /** Absolute http or https URL. */
  url: string;
};

/** ENTERED / LEFT the first `first` ranks; MOVED to another rank; UPDATED its values at the same rank. */
export type TokenListChangeKind =
  /** Now within the first `first` ranks, was not. */
  | 'ENTERED'
  /** No longer within the first `first` ranks (or no longer matches the filter). */
  | 'LEFT'
  /** At another rank than before. */
  | 'MOVED'
  /** At the same rank, with other market values. */
  | 'UPDATED';

/** Token metadata an admin supplies with trackToken. */
export type TokenMetadataInput = {
  /** Decimals of the on-chain amount (0-36). */
  decimals?: number | null | undefined;
  /** Logo URL (http or https). */
  imageUrl?: string | null | undefined;
  /** Websites and social profiles (http or https URLs). */
  links?: Array<TokenLinkInput> | null | undefined;
  /** Display name (1-200 characters). */
  name: string;
  /** Ticker symbol (1-50 characters). */
  symbol: string;
};

/** How Query.tokens orders its results. */
export type TokenSort = {
  /** Order. */
  direction?: SortDirection | null | undefined;
  /** What to rank by. */
  field: TokenSortField;
  /** Window for windowed fields (VOLUME, PRICE_CHANGE, TXNS). */
  window?: Window | null | undefined;
};

/** What Query.tokens ranks by. */
export type TokenSortField =
  /** When this API first saw the token. */
  | 'FIRST_SEEN'
  /** Pool liquidity in USD. */
  | 'LIQUIDITY'
  /** Market capitalisation in USD. */
  | 'MARKET_CAP'
  /** Price change in percent over the sort window. */
  | 'PRICE_CHANGE'
  /** Buys plus sells over the sort window. */
  | 'TXNS'
  /** Traded volume in USD over the sort window. */
  | 'VOLUME';

/** Time windows for volume, price change and transaction counts. D7 is computed from stored history. */
export type Window =
  /** Last 7 days, from stored history. */
  | 'D7'
  /** Last hour. */
  | 'H1'
  /** Last 6 hours. */
  | 'H6'
  /** Last 24 hours. */
  | 'H24'
  /** Last 5 minutes. */
  | 'M5';

export type TokenCandlesQueryVariables = Exact<{
  chain: Chain;
  address: string;
  resolution: Resolution;
  from?: string | null | undefined;
  to?: string | null | undefined;
  limit?: number | null | undefined;
}>;


export type TokenCandlesQuery = { token: { chain: Chain, address: string, candles: Array<{ t: string, open: number, high: number, low: number, close: number, volumeUsd: number | null }> | null } | null };

export type PriceUpdatedSubscriptionVariables = Exact<{
  chain?: Chain | null | undefined;
  addresses?: Array<string> | string | null | undefined;
  minChangePct?: number | null | undefined;
}>;


export type PriceUpdatedSubscription = { priceUpdated: { priceUsd: number, previousPriceUsd: number | null, changePct: number, at: string, token: { chain: Chain, address: string, symbol: string } } };

export type SearchTokensQueryVariables = Exact<{
  query: string;
  chain?: Chain | null | undefined;
  first?: number | null | undefined;
}>;


export type SearchTokensQuery = { searchTokens: Array<{ chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null }> };

export type TokenDiscoveredSubscriptionVariables = Exact<{
  chain?: Chain | null | undefined;
}>;


export type TokenDiscoveredSubscription = { tokenDiscovered: { chain: Chain, address: string, name: string, symbol: string } };

export type TokenListUpdatedSubscriptionVariables = Exact<{
  filter?: TokenFilter | null | undefined;
  sort?: TokenSort | null | undefined;
  first?: number | null | undefined;
}>;


export type TokenListUpdatedSubscription = { tokenListUpdated: { sequence: number, at: string, snapshot: Array<{ chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null }> | null, changes: Array<{ kind: TokenListChangeKind, rank: number | null, previousRank: number | null, token: { chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null } }> } };

export type TokenRowFragment = { chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null };

export type TokenQueryVariables = Exact<{
  chain: Chain;
  address: string;
}>;


export type TokenQuery = { token: { decimals: number | null, firstSeenAt: string, tracked: boolean, chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, links: Array<{ kind: string, url: string }>, market: { priceNative: number | null, fdvUsd: number | null, priceSpreadPct: number | null, priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, priceChangePct1h: number | null, txns: { buys: number, sells: number } | null, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null, history7d: { priceChangePct: number | null, volumeUsd: number | null } | null, pools: Array<{ address: string, dex: string, quoteSymbol: string | null, priceUsd: number | null, liquidityUsd: number | null, volumeUsd24h: number | null, url: string | null }> | null } | null };

export type TokensQueryVariables = Exact<{
  filter?: TokenFilter | null | undefined;
  sort?: TokenSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TokensQuery = { tokens: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ cursor: string, node: { chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null } }> } };

export type TrackTokenMutationVariables = Exact<{
  chain: Chain;
  address: string;
  metadata?: TokenMetadataInput | null | undefined;
}>;


export type TrackTokenMutation = { trackToken: { chain: Chain, address: string, name: string, symbol: string, tracked: boolean } };

export type UntrackTokenMutationVariables = Exact<{
  chain: Chain;
  address: string;
}>;


export type UntrackTokenMutation = { untrackToken: boolean };

export type UpstreamsQueryVariables = Exact<{ [key: string]: never; }>;


export type UpstreamsQuery = { upstreams: Array<{ source: Source, healthy: boolean, circuit: CircuitState, demo: boolean, lastSuccessAt: string | null, lastError: string | null, coolingDownUntil: string | null }> };

export type VolumeSpikeSubscriptionVariables = Exact<{
  chain?: Chain | null | undefined;
  minRatio?: number | null | undefined;
}>;


export type VolumeSpikeSubscription = { volumeSpike: { window: Window, volumeUsd: number, baselineVolumeUsd: number, ratio: number, at: string, token: { chain: Chain, address: string, symbol: string } } };

export type WatchlistQueryVariables = Exact<{
  chain: Chain;
  addresses: Array<string> | string;
}>;


export type WatchlistQuery = { tokensByAddress: Array<{ chain: Chain, address: string, name: string, symbol: string, imageUrl: string | null, market: { priceUsd: number | null, priceChangePct: number | null, volumeUsd: number | null, liquidityUsd: number | null, marketCapUsd: number | null, stale: boolean, updatedAt: string, sources: Array<{ source: Source, priceUsd: number | null, fetchedAt: string, demo: boolean }> } | null } | null> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TokenRowFragmentDoc = new TypedDocumentString(`
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}
    `, {"fragmentName":"TokenRow"}) as unknown as TypedDocumentString<TokenRowFragment, unknown>;
export const TokenCandlesDocument = new TypedDocumentString(`
    query TokenCandles($chain: Chain!, $address: String!, $resolution: Resolution!, $from: DateTime, $to: DateTime, $limit: Int = 200) {
  token(chain: $chain, address: $address) {
    chain
    address
    candles(resolution: $resolution, from: $from, to: $to, limit: $limit) {
      t
      open
      high
      low
      close
      volumeUsd
    }
  }
}
    `) as unknown as TypedDocumentString<TokenCandlesQuery, TokenCandlesQueryVariables>;
export const PriceUpdatedDocument = new TypedDocumentString(`
    subscription PriceUpdated($chain: Chain, $addresses: [String!], $minChangePct: Float = 0) {
  priceUpdated(chain: $chain, addresses: $addresses, minChangePct: $minChangePct) {
    priceUsd
    previousPriceUsd
    changePct
    at
    token {
      chain
      address
      symbol
    }
  }
}
    `) as unknown as TypedDocumentString<PriceUpdatedSubscription, PriceUpdatedSubscriptionVariables>;
export const SearchTokensDocument = new TypedDocumentString(`
    query SearchTokens($query: String!, $chain: Chain, $first: Int = 10) {
  searchTokens(query: $query, chain: $chain, first: $first) {
    ...TokenRow
  }
}
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}`) as unknown as TypedDocumentString<SearchTokensQuery, SearchTokensQueryVariables>;
export const TokenDiscoveredDocument = new TypedDocumentString(`
    subscription TokenDiscovered($chain: Chain) {
  tokenDiscovered(chain: $chain) {
    chain
    address
    name
    symbol
  }
}
    `) as unknown as TypedDocumentString<TokenDiscoveredSubscription, TokenDiscoveredSubscriptionVariables>;
export const TokenListUpdatedDocument = new TypedDocumentString(`
    subscription TokenListUpdated($filter: TokenFilter, $sort: TokenSort, $first: Int = 20) {
  tokenListUpdated(filter: $filter, sort: $sort, first: $first) {
    sequence
    at
    snapshot {
      ...TokenRow
    }
    changes {
      kind
      rank
      previousRank
      token {
        ...TokenRow
      }
    }
  }
}
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}`) as unknown as TypedDocumentString<TokenListUpdatedSubscription, TokenListUpdatedSubscriptionVariables>;
export const TokenDocument = new TypedDocumentString(`
    query Token($chain: Chain!, $address: String!) {
  token(chain: $chain, address: $address) {
    ...TokenRow
    decimals
    firstSeenAt
    tracked
    links {
      kind
      url
    }
    market {
      priceNative
      fdvUsd
      priceSpreadPct
      priceChangePct1h: priceChangePct(window: H1)
      txns(window: H24) {
        buys
        sells
      }
    }
    history7d {
      priceChangePct
      volumeUsd
    }
    pools(first: 10) {
      address
      dex
      quoteSymbol
      priceUsd
      liquidityUsd
      volumeUsd24h
      url
    }
  }
}
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}`) as unknown as TypedDocumentString<TokenQuery, TokenQueryVariables>;
export const TokensDocument = new TypedDocumentString(`
    query Tokens($filter: TokenFilter, $sort: TokenSort, $first: Int = 20, $after: String) {
  tokens(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      cursor
      node {
        ...TokenRow
      }
    }
  }
}
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}`) as unknown as TypedDocumentString<TokensQuery, TokensQueryVariables>;
export const TrackTokenDocument = new TypedDocumentString(`
    mutation TrackToken($chain: Chain!, $address: String!, $metadata: TokenMetadataInput) {
  trackToken(chain: $chain, address: $address, metadata: $metadata) {
    chain
    address
    name
    symbol
    tracked
  }
}
    `) as unknown as TypedDocumentString<TrackTokenMutation, TrackTokenMutationVariables>;
export const UntrackTokenDocument = new TypedDocumentString(`
    mutation UntrackToken($chain: Chain!, $address: String!) {
  untrackToken(chain: $chain, address: $address)
}
    `) as unknown as TypedDocumentString<UntrackTokenMutation, UntrackTokenMutationVariables>;
export const UpstreamsDocument = new TypedDocumentString(`
    query Upstreams {
  upstreams {
    source
    healthy
    circuit
    demo
    lastSuccessAt
    lastError
    coolingDownUntil
  }
}
    `) as unknown as TypedDocumentString<UpstreamsQuery, UpstreamsQueryVariables>;
export const VolumeSpikeDocument = new TypedDocumentString(`
    subscription VolumeSpike($chain: Chain, $minRatio: Float = 2) {
  volumeSpike(chain: $chain, minRatio: $minRatio) {
    window
    volumeUsd
    baselineVolumeUsd
    ratio
    at
    token {
      chain
      address
      symbol
    }
  }
}
    `) as unknown as TypedDocumentString<VolumeSpikeSubscription, VolumeSpikeSubscriptionVariables>;
export const WatchlistDocument = new TypedDocumentString(`
    query Watchlist($chain: Chain!, $addresses: [String!]!) {
  tokensByAddress(chain: $chain, addresses: $addresses) {
    ...TokenRow
  }
}
    fragment TokenRow on Token {
  chain
  address
  name
  symbol
  imageUrl
  market {
    priceUsd
    priceChangePct(window: H24)
    volumeUsd(window: H24)
    liquidityUsd
    marketCapUsd
    stale
    updatedAt
    sources {
      source
      priceUsd
      fetchedAt
      demo
    }
  }
}`) as unknown as TypedDocumentString<WatchlistQuery, WatchlistQueryVariables>;