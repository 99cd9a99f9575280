import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TokenRef } from '../token/token-ref.js';
import type { ServedRecord } from '../store/market-store.js';
import type { PoolRecord, SourceQuoteRecord } from '../model/market-model.js';
import type { UpstreamStatusRecord } from '../upstreams/upstream-registry.js';
import type { RankedEdge } from '../ranking/rank-tokens.js';
import type { RequestContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time string in UTC, e.g. 2026-11-27T03:00:00.000Z. */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: string; output: string; }
};

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

/** Cursor pagination state. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge, if any. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more results follow. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A DEX pool (pair) trading a token. */
export type Pool = {
  __typename?: 'Pool';
  /** Pool (pair) address, in its canonical case. */
  address: Scalars['String']['output'];
  /** When the pool was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** DexScreener-style dex id, e.g. raydium. */
  dex: Scalars['String']['output'];
  /** Pool liquidity in USD. */
  liquidityUsd?: Maybe<Scalars['Float']['output']>;
  /** Price of the token in this pool, USD. */
  priceUsd?: Maybe<Scalars['Float']['output']>;
  /** Symbol of the other side of the pair. */
  quoteSymbol?: Maybe<Scalars['String']['output']>;
  /** A page about the pool on the indexer that reported it. */
  url?: Maybe<Scalars['String']['output']>;
  /** 24-hour volume in USD. */
  volumeUsd24h?: Maybe<Scalars['Float']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Ranked, filtered, cursor-paginated token list (first at most 100). */
  tokens: TokenConnection;
  /**
   * Token metadata as the upstreams report it, fetched now from every source serving the chain (DexScreener,
   * GeckoTerminal, Jupiter on Solana) on the budget reserved for on-demand calls; null only when every source
   * answered and none knows the token. UPSTREAM_BUSY (rate limits; retryAfterSeconds) or UPSTREAM_UNAVAILABLE
   * (sources) when a source could not be asked and none that answered knows it. Internal: the tokens subgraph
   * calls it for trackToken without metadata.
   */
  upstreamToken?: Maybe<UpstreamToken>;
  /** Health, circuit state and request budget of each upstream source. */
  upstreams: Array<UpstreamStatus>;
};


export type QueryTokensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TokenFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<TokenSort>;
};


export type QueryUpstreamTokenArgs = {
  address: Scalars['String']['input'];
  chain: Chain;
};

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

/** One source's view of a token, as fetched. */
export type SourceQuote = {
  __typename?: 'SourceQuote';
  /** True when this value was replayed from recorded fixtures by the demo mode, not fetched from the real upstream. */
  demo: Scalars['Boolean']['output'];
  /** When the value was fetched. */
  fetchedAt: Scalars['DateTime']['output'];
  /** That source's liquidity in USD. */
  liquidityUsd?: Maybe<Scalars['Float']['output']>;
  /** That source's price in USD. */
  priceUsd?: Maybe<Scalars['Float']['output']>;
  /** The upstream. */
  source: Source;
  /** That source's 24-hour volume in USD. */
  volumeUsd24h?: Maybe<Scalars['Float']['output']>;
};

export type Token = {
  __typename?: 'Token';
  /** Mint (Solana) or contract (EVM) address, in its canonical case. */
  address: Scalars['String']['output'];
  /** The chain the token lives on. */
  chain: Chain;
  /** Live market data, merged across upstream sources. Null only for a token no upstream knows. */
  market?: Maybe<TokenMarket>;
  /** The DEX pools that trade this token, most liquid first. Null (with an error) only when its service is down. */
  pools?: Maybe<Array<Pool>>;
};


export type TokenPoolsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A ranked page of tokens. */
export type TokenConnection = {
  __typename?: 'TokenConnection';
  /** The page. */
  edges: Array<TokenEdge>;
  /** Pagination state. */
  pageInfo: PageInfo;
  /** Number of tokens matching the filter. */
  totalCount: Scalars['Int']['output'];
};

/** An edge of a token list. */
export type TokenEdge = {
  __typename?: 'TokenEdge';
  /** Opaque cursor; pass it as after to continue. */
  cursor: Scalars['String']['output'];
  /** The token. */
  node: Token;
};

/** Filters for Query.tokens; all given conditions must hold. */
export type TokenFilter = {
  /** Only tokens of this chain. */
  chain?: InputMaybe<Chain>;
  /** DexScreener-style dex ids, e.g. raydium, orca, meteora, pumpswap. */
  dexes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Maximum market capitalisation in USD. */
  maxMarketCapUsd?: InputMaybe<Scalars['Float']['input']>;
  /** Percent; applies to the filter's window. */
  maxPriceChangePct?: InputMaybe<Scalars['Float']['input']>;
  /** Minimum pool liquidity in USD. */
  minLiquidityUsd?: InputMaybe<Scalars['Float']['input']>;
  /** Minimum market capitalisation in USD. */
  minMarketCapUsd?: InputMaybe<Scalars['Float']['input']>;
  /** Percent; applies to the filter's window. */
  minPriceChangePct?: InputMaybe<Scalars['Float']['input']>;
  /** Applies to the filter's window. */
  minVolumeUsd?: InputMaybe<Scalars['Float']['input']>;
  /** Window for the volume and price-change conditions. */
  window?: InputMaybe<Window>;
};

/** A token's live market record, merged across sources. */
export type TokenMarket = {
  __typename?: 'TokenMarket';
  /** Fully diluted valuation in USD. */
  fdvUsd?: Maybe<Scalars['Float']['output']>;
  /** Liquidity in USD across the token's pools. */
  liquidityUsd?: Maybe<Scalars['Float']['output']>;
  /** Market capitalisation in USD (circulating supply). */
  marketCapUsd?: Maybe<Scalars['Float']['output']>;
  /** Price change in percent over the window. */
  priceChangePct?: Maybe<Scalars['Float']['output']>;
  /** Price in the chain's native coin (SOL on Solana). */
  priceNative?: Maybe<Scalars['Float']['output']>;
  /** Spread between the highest and lowest source price, in percent of the merged price. */
  priceSpreadPct?: Maybe<Scalars['Float']['output']>;
  /** Merged price in USD. */
  priceUsd?: Maybe<Scalars['Float']['output']>;
  /** The per-source values this record was merged from. */
  sources: Array<SourceQuote>;
  /** True when this record is older than the cache TTL because every upstream failed to refresh it. */
  stale: Scalars['Boolean']['output'];
  /** Buys and sells over the window. */
  txns?: Maybe<TxnCount>;
  /** When this record was last refreshed from an upstream. */
  updatedAt: Scalars['DateTime']['output'];
  /** Traded volume in USD over the window. */
  volumeUsd?: Maybe<Scalars['Float']['output']>;
};


/** A token's live market record, merged across sources. */
export type TokenMarketPriceChangePctArgs = {
  window: Window;
};


/** A token's live market record, merged across sources. */
export type TokenMarketTxnsArgs = {
  window: Window;
};


/** A token's live market record, merged across sources. */
export type TokenMarketVolumeUsdArgs = {
  window: Window;
};

/** How Query.tokens orders its results. */
export type TokenSort = {
  /** Order. */
  direction?: InputMaybe<SortDirection>;
  /** What to rank by. */
  field: TokenSortField;
  /** Window for windowed fields (VOLUME, PRICE_CHANGE, TXNS). */
  window?: InputMaybe<Window>;
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

/** Transaction counts over a window. */
export type TxnCount = {
  __typename?: 'TxnCount';
  /** Number of buys. */
  buys: Scalars['Int']['output'];
  /** Number of sells. */
  sells: Scalars['Int']['output'];
};

/** Health and request budget of one upstream source. */
export type UpstreamStatus = {
  __typename?: 'UpstreamStatus';
  /** Circuit breaker state. */
  circuit: CircuitState;
  /** After a 429, no instance calls this source before this time (its Retry-After); null when open. */
  coolingDownUntil?: Maybe<Scalars['DateTime']['output']>;
  /** True when this source is the demo mode's replay of recorded fixtures, not the real upstream. */
  demo: Scalars['Boolean']['output'];
  /**
   * What all instances may spend now: rateLimitPerMinute cut in half by each 429 and recovering by 10 % of it
   * per minute (the most restrictive of the source's budgets, as this instance last saw it).
   */
  effectiveRateLimitPerMinute: Scalars['Int']['output'];
  /** False when its circuit is open or its last call failed. */
  healthy: Scalars['Boolean']['output'];
  /** Last error, as an error code and short message (never the raw body). */
  lastError?: Maybe<Scalars['String']['output']>;
  /** Last successful call. */
  lastSuccessAt?: Maybe<Scalars['DateTime']['output']>;
  /** The configured request budget per minute. */
  rateLimitPerMinute: Scalars['Int']['output'];
  /** Requests this instance made in the last minute (all instances together stay within rateLimitPerMinute). */
  requestsLastMinute: Scalars['Int']['output'];
  /** The upstream. */
  source: Source;
};

/** Token metadata as reported by an upstream (internal). */
export type UpstreamToken = {
  __typename?: 'UpstreamToken';
  /** Decimals, when the upstream reports them. */
  decimals?: Maybe<Scalars['Int']['output']>;
  /** Logo URL, when known. */
  imageUrl?: Maybe<Scalars['String']['output']>;
  /** Display name. */
  name: Scalars['String']['output'];
  /** The source the name and symbol came from. */
  source: Source;
  /** Ticker symbol. */
  symbol: Scalars['String']['output'];
};

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

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Token: Token;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Token:
    ( { __typename: 'Token' }
    & GraphQLRecursivePick<FederationTypes['Token'], {"chain":true,"address":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Chain: Chain;
  CircuitState: CircuitState;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Pool: ResolverTypeWrapper<PoolRecord>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  SortDirection: SortDirection;
  Source: Source;
  SourceQuote: ResolverTypeWrapper<SourceQuoteRecord>;
  Token: ResolverTypeWrapper<TokenRef>;
  TokenConnection: ResolverTypeWrapper<Omit<TokenConnection, 'edges'> & { edges: Array<ResolversTypes['TokenEdge']> }>;
  TokenEdge: ResolverTypeWrapper<RankedEdge>;
  TokenFilter: TokenFilter;
  TokenMarket: ResolverTypeWrapper<ServedRecord>;
  TokenSort: TokenSort;
  TokenSortField: TokenSortField;
  TxnCount: ResolverTypeWrapper<TxnCount>;
  UpstreamStatus: ResolverTypeWrapper<UpstreamStatusRecord>;
  UpstreamToken: ResolverTypeWrapper<UpstreamToken>;
  Window: Window;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  PageInfo: PageInfo;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Pool: PoolRecord;
  Float: Scalars['Float']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  SourceQuote: SourceQuoteRecord;
  Token: TokenRef;
  TokenConnection: Omit<TokenConnection, 'edges'> & { edges: Array<ResolversParentTypes['TokenEdge']> };
  TokenEdge: RankedEdge;
  TokenFilter: TokenFilter;
  TokenMarket: ServedRecord;
  TokenSort: TokenSort;
  TxnCount: TxnCount;
  UpstreamStatus: UpstreamStatusRecord;
  UpstreamToken: UpstreamToken;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PoolResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Pool'] = ResolversParentTypes['Pool']> = ResolversObject<{
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  dex?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  liquidityUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  quoteSymbol?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  volumeUsd24h?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  tokens?: Resolver<ResolversTypes['TokenConnection'], ParentType, ContextType, RequireFields<QueryTokensArgs, 'first'>>;
  upstreamToken?: Resolver<Maybe<ResolversTypes['UpstreamToken']>, ParentType, ContextType, RequireFields<QueryUpstreamTokenArgs, 'address' | 'chain'>>;
  upstreams?: Resolver<Array<ResolversTypes['UpstreamStatus']>, ParentType, ContextType>;
}>;

export type SourceQuoteResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SourceQuote'] = ResolversParentTypes['SourceQuote']> = ResolversObject<{
  demo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  liquidityUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  volumeUsd24h?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type TokenResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Token'] = ResolversParentTypes['Token'], FederationReferenceType extends FederationReferenceTypes['Token'] = FederationReferenceTypes['Token']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Token']> | FederationReferenceType, FederationReferenceType, ContextType>;
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  chain?: Resolver<ResolversTypes['Chain'], ParentType, ContextType>;
  market?: Resolver<Maybe<ResolversTypes['TokenMarket']>, ParentType, ContextType>;
  pools?: Resolver<Maybe<Array<ResolversTypes['Pool']>>, ParentType, ContextType, RequireFields<TokenPoolsArgs, 'first'>>;
}>;

export type TokenConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TokenConnection'] = ResolversParentTypes['TokenConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TokenEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TokenEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TokenEdge'] = ResolversParentTypes['TokenEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Token'], ParentType, ContextType>;
}>;

export type TokenMarketResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TokenMarket'] = ResolversParentTypes['TokenMarket']> = ResolversObject<{
  fdvUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  liquidityUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  marketCapUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceChangePct?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<TokenMarketPriceChangePctArgs, 'window'>>;
  priceNative?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceSpreadPct?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['SourceQuote']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  txns?: Resolver<Maybe<ResolversTypes['TxnCount']>, ParentType, ContextType, RequireFields<TokenMarketTxnsArgs, 'window'>>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  volumeUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<TokenMarketVolumeUsdArgs, 'window'>>;
}>;

export type TxnCountResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TxnCount'] = ResolversParentTypes['TxnCount']> = ResolversObject<{
  buys?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sells?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UpstreamStatusResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UpstreamStatus'] = ResolversParentTypes['UpstreamStatus']> = ResolversObject<{
  circuit?: Resolver<ResolversTypes['CircuitState'], ParentType, ContextType>;
  coolingDownUntil?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  demo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  effectiveRateLimitPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  healthy?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastSuccessAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  rateLimitPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestsLastMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
}>;

export type UpstreamTokenResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UpstreamToken'] = ResolversParentTypes['UpstreamToken']> = ResolversObject<{
  decimals?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  imageUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = RequestContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  PageInfo?: PageInfoResolvers<ContextType>;
  Pool?: PoolResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SourceQuote?: SourceQuoteResolvers<ContextType>;
  Token?: TokenResolvers<ContextType>;
  TokenConnection?: TokenConnectionResolvers<ContextType>;
  TokenEdge?: TokenEdgeResolvers<ContextType>;
  TokenMarket?: TokenMarketResolvers<ContextType>;
  TxnCount?: TxnCountResolvers<ContextType>;
  UpstreamStatus?: UpstreamStatusResolvers<ContextType>;
  UpstreamToken?: UpstreamTokenResolvers<ContextType>;
}>;

