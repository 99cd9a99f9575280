import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TokenEntity } from '../token/token.entity.js';
import type { RequestContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** One OHLCV candle in USD. */
export type Candle = {
  __typename?: 'Candle';
  /** Last price in the interval. */
  close: Scalars['Float']['output'];
  /** Highest price in the interval. */
  high: Scalars['Float']['output'];
  /** Lowest price in the interval. */
  low: Scalars['Float']['output'];
  /** First price in the interval. */
  open: Scalars['Float']['output'];
  /** Start of the candle's interval. */
  t: Scalars['DateTime']['output'];
  /** Traded volume in USD during the interval, when known. */
  volumeUsd?: Maybe<Scalars['Float']['output']>;
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

/** Admin operations: they need the admin API key (Authorization: Bearer <key>). */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Start tracking a token: fetch it from the upstreams, store it, and include it in live updates.
   * metadata, when given, is stored as the token's name, symbol, decimals, image and links (an
   * admin correction or a token no upstream knows yet).
   */
  trackToken: Token;
  /** Stop tracking a token. Returns true when it was tracked before. */
  untrackToken: Scalars['Boolean']['output'];
};


/** Admin operations: they need the admin API key (Authorization: Bearer <key>). */
export type MutationTrackTokenArgs = {
  address: Scalars['String']['input'];
  chain: Chain;
  metadata?: InputMaybe<TokenMetadataInput>;
};


/** Admin operations: they need the admin API key (Authorization: Bearer <key>). */
export type MutationUntrackTokenArgs = {
  address: Scalars['String']['input'];
  chain: Chain;
};

export type Query = {
  __typename?: 'Query';
  /** Search by symbol, name or address prefix; best matches first. */
  searchTokens: Array<Token>;
  /** One token by chain and address; null when unknown. */
  token?: Maybe<Token>;
  /** Batch lookup (a watchlist): one entry per address, in order, null where unknown. At most 100 addresses. */
  tokensByAddress: Array<Maybe<Token>>;
  /**
   * Keys of the tracked tokens, a page at a time in (chain, address) order (first: 1-5000). Internal: Postgres
   * is the source of truth for what is tracked, and market-data rebuilds its tracked set from this (at start,
   * periodically, and when Redis comes back empty).
   */
  trackedTokenKeys: TrackedTokenKeyPage;
};


export type QuerySearchTokensArgs = {
  chain?: InputMaybe<Chain>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};


export type QueryTokenArgs = {
  address: Scalars['String']['input'];
  chain: Chain;
};


export type QueryTokensByAddressArgs = {
  addresses: Array<Scalars['String']['input']>;
  chain: Chain;
};


export type QueryTrackedTokenKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

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

/**
 * A fungible token, keyed by (chain, address). Solana addresses are case-sensitive base58;
 * EVM addresses are compared and returned lower-case.
 */
export type Token = {
  __typename?: 'Token';
  /** Mint (Solana) or contract (EVM) address, in its canonical case. */
  address: Scalars['String']['output'];
  /** OHLCV candles from stored price history (USD), oldest first. Null (with an error) only when its service is down. */
  candles?: Maybe<Array<Candle>>;
  /** The chain the token lives on. */
  chain: Chain;
  /** Decimals of the on-chain amount; null when no source reported it. */
  decimals?: Maybe<Scalars['Int']['output']>;
  /** When this API first saw the token. */
  firstSeenAt: Scalars['DateTime']['output'];
  /**
   * Volume and price change over the last 7 days, computed from stored hourly candles (never from 24-hour
   * figures). Its values are null while the token's stored history is shorter than 7 days. Null (with an
   * error) only when its service is down.
   */
  history7d?: Maybe<TokenHistoryWindow>;
  /** Logo URL, when one is known. */
  imageUrl?: Maybe<Scalars['String']['output']>;
  /** Websites and social profiles of the project. */
  links: Array<TokenLink>;
  /** Display name as published by the token's creator. */
  name: Scalars['String']['output'];
  /** Ticker symbol. */
  symbol: Scalars['String']['output'];
  /** Whether the token is tracked: polled for live market data and included in live updates. */
  tracked: Scalars['Boolean']['output'];
};


/**
 * A fungible token, keyed by (chain, address). Solana addresses are case-sensitive base58;
 * EVM addresses are compared and returned lower-case.
 */
export type TokenCandlesArgs = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  limit?: InputMaybe<Scalars['Int']['input']>;
  resolution: Resolution;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Volume and price change of a token over a window of its stored price history. */
export type TokenHistoryWindow = {
  __typename?: 'TokenHistoryWindow';
  /** Start of the window: 7 days before the request. */
  from: Scalars['DateTime']['output'];
  /**
   * Price change in percent from the last hourly close at or before `from` to the latest close. Null when
   * the stored history is shorter than the window.
   */
  priceChangePct?: Maybe<Scalars['Float']['output']>;
  /**
   * Estimated traded volume in USD over the window: the sum of the hourly candles that start in it (each
   * minute estimated from the upstream's rolling 5-minute volume). Null when the stored history is shorter
   * than the window or carries no volume.
   */
  volumeUsd?: Maybe<Scalars['Float']['output']>;
};

/** A website or social profile of a token's project. */
export type TokenLink = {
  __typename?: 'TokenLink';
  /** Kind of link: website, twitter, telegram, discord, ... (lower-case). */
  kind: Scalars['String']['output'];
  /** Absolute URL. */
  url: Scalars['String']['output'];
};

/** A link an admin supplies with token metadata. */
export type TokenLinkInput = {
  /** Kind of link: website, twitter, telegram, discord, ... */
  kind: Scalars['String']['input'];
  /** Absolute http or https URL. */
  url: Scalars['String']['input'];
};

/** Token metadata an admin supplies with trackToken. */
export type TokenMetadataInput = {
  /** Decimals of the on-chain amount (0-36). */
  decimals?: InputMaybe<Scalars['Int']['input']>;
  /** Logo URL (http or https). */
  imageUrl?: InputMaybe<Scalars['String']['input']>;
  /** Websites and social profiles (http or https URLs). */
  links?: InputMaybe<Array<TokenLinkInput>>;
  /** Display name (1-200 characters). */
  name: Scalars['String']['input'];
  /** Ticker symbol (1-50 characters). */
  symbol: Scalars['String']['input'];
};

/** The key of a tracked token (internal). */
export type TrackedTokenKey = {
  __typename?: 'TrackedTokenKey';
  /** Address in its canonical case. */
  address: Scalars['String']['output'];
  /** The chain the token lives on. */
  chain: Chain;
};

/** A page of tracked token keys (internal). */
export type TrackedTokenKeyPage = {
  __typename?: 'TrackedTokenKeyPage';
  /** Pass as `after` for the next page; null on the last page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** The keys of this page, in (chain, address) order. */
  keys: Array<TrackedTokenKey>;
};

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
  Candle: ResolverTypeWrapper<Candle>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Chain: Chain;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Resolution: Resolution;
  Token: ResolverTypeWrapper<TokenEntity>;
  TokenHistoryWindow: ResolverTypeWrapper<TokenHistoryWindow>;
  TokenLink: ResolverTypeWrapper<TokenLink>;
  TokenLinkInput: TokenLinkInput;
  TokenMetadataInput: TokenMetadataInput;
  TrackedTokenKey: ResolverTypeWrapper<TrackedTokenKey>;
  TrackedTokenKeyPage: ResolverTypeWrapper<TrackedTokenKeyPage>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Candle: Candle;
  Float: Scalars['Float']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Token: TokenEntity;
  TokenHistoryWindow: TokenHistoryWindow;
  TokenLink: TokenLink;
  TokenLinkInput: TokenLinkInput;
  TokenMetadataInput: TokenMetadataInput;
  TrackedTokenKey: TrackedTokenKey;
  TrackedTokenKeyPage: TrackedTokenKeyPage;
}>;

export type CandleResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Candle'] = ResolversParentTypes['Candle']> = ResolversObject<{
  close?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  t?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  volumeUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  trackToken?: Resolver<ResolversTypes['Token'], ParentType, ContextType, RequireFields<MutationTrackTokenArgs, 'address' | 'chain'>>;
  untrackToken?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUntrackTokenArgs, 'address' | 'chain'>>;
}>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  searchTokens?: Resolver<Array<ResolversTypes['Token']>, ParentType, ContextType, RequireFields<QuerySearchTokensArgs, 'first' | 'query'>>;
  token?: Resolver<Maybe<ResolversTypes['Token']>, ParentType, ContextType, RequireFields<QueryTokenArgs, 'address' | 'chain'>>;
  tokensByAddress?: Resolver<Array<Maybe<ResolversTypes['Token']>>, ParentType, ContextType, RequireFields<QueryTokensByAddressArgs, 'addresses' | 'chain'>>;
  trackedTokenKeys?: Resolver<ResolversTypes['TrackedTokenKeyPage'], ParentType, ContextType, RequireFields<QueryTrackedTokenKeysArgs, 'first'>>;
}>;

export type TokenResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Token'] = ResolversParentTypes['Token'], FederationReferenceType extends FederationReferenceTypes['Token'] = FederationReferenceTypes['Token']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Token']> | FederationReferenceType, FederationReferenceType, ContextType>;
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  candles?: Resolver<Maybe<Array<ResolversTypes['Candle']>>, ParentType, ContextType, RequireFields<TokenCandlesArgs, 'limit' | 'resolution'>>;
  chain?: Resolver<ResolversTypes['Chain'], ParentType, ContextType>;
  decimals?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  firstSeenAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  history7d?: Resolver<Maybe<ResolversTypes['TokenHistoryWindow']>, ParentType, ContextType>;
  imageUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  links?: Resolver<Array<ResolversTypes['TokenLink']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tracked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type TokenHistoryWindowResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TokenHistoryWindow'] = ResolversParentTypes['TokenHistoryWindow']> = ResolversObject<{
  from?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  priceChangePct?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  volumeUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type TokenLinkResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TokenLink'] = ResolversParentTypes['TokenLink']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TrackedTokenKeyResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TrackedTokenKey'] = ResolversParentTypes['TrackedTokenKey']> = ResolversObject<{
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  chain?: Resolver<ResolversTypes['Chain'], ParentType, ContextType>;
}>;

export type TrackedTokenKeyPageResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TrackedTokenKeyPage'] = ResolversParentTypes['TrackedTokenKeyPage']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  keys?: Resolver<Array<ResolversTypes['TrackedTokenKey']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = RequestContext> = ResolversObject<{
  Candle?: CandleResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Token?: TokenResolvers<ContextType>;
  TokenHistoryWindow?: TokenHistoryWindowResolvers<ContextType>;
  TokenLink?: TokenLinkResolvers<ContextType>;
  TrackedTokenKey?: TrackedTokenKeyResolvers<ContextType>;
  TrackedTokenKeyPage?: TrackedTokenKeyPageResolvers<ContextType>;
}>;

