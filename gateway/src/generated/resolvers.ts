import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TokenRef } from '../subscriptions/token-ref.js';
import type { GatewayContext } from '../gateway.context.js';
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

/** A price change of a tracked token. */
export type PriceUpdate = {
  __typename?: 'PriceUpdate';
  /** When the new price was observed. */
  at: Scalars['DateTime']['output'];
  /** Change from the previous price, in percent. */
  changePct: Scalars['Float']['output'];
  /** Price before this update, when known. */
  previousPriceUsd?: Maybe<Scalars['Float']['output']>;
  /** New merged price in USD. */
  priceUsd: Scalars['Float']['output'];
  /** Resolvable across subgraphs: a subscriber may select name, symbol, market, pools... */
  token: Token;
};

/** Sort order. */
export type SortDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

export type Subscription = {
  __typename?: 'Subscription';
  /** Price changes of tracked tokens; no addresses means every tracked token of the chain (or all chains). */
  priceUpdated: PriceUpdate;
  /** Tokens seen for the first time, once they are stored. */
  tokenDiscovered: Token;
  /**
   * A live ranked list: the first page of tokens(filter, sort, first), then what changes in it.
   * The first message (and the first after any resync) carries the whole list in `snapshot`;
   * later messages carry only `changes`. `first` is at most 100.
   */
  tokenListUpdated: TokenListUpdate;
  /** Volume spikes of tracked tokens, at least minRatio times the baseline. */
  volumeSpike: VolumeSpike;
};


export type SubscriptionPriceUpdatedArgs = {
  addresses?: InputMaybe<Array<Scalars['String']['input']>>;
  chain?: InputMaybe<Chain>;
  minChangePct?: InputMaybe<Scalars['Float']['input']>;
};


export type SubscriptionTokenDiscoveredArgs = {
  chain?: InputMaybe<Chain>;
};


export type SubscriptionTokenListUpdatedArgs = {
  filter?: InputMaybe<TokenFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  sort?: InputMaybe<TokenSort>;
};


export type SubscriptionVolumeSpikeArgs = {
  chain?: InputMaybe<Chain>;
  minRatio?: InputMaybe<Scalars['Float']['input']>;
};

export type Token = {
  __typename?: 'Token';
  address: Scalars['String']['output'];
  chain: Chain;
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

/** A token's change in a live ranked list. */
export type TokenListChange = {
  __typename?: 'TokenListChange';
  /** What happened to the token. */
  kind: TokenListChangeKind;
  /** 1-based rank before the change; null when the token ENTERED the list. */
  previousRank?: Maybe<Scalars['Int']['output']>;
  /** 1-based rank after the change; null when the token LEFT the list. */
  rank?: Maybe<Scalars['Int']['output']>;
  /** Resolvable across subgraphs, like PriceUpdate.token. */
  token: Token;
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

/** One message of a live ranked list. */
export type TokenListUpdate = {
  __typename?: 'TokenListUpdate';
  /** When the list was ranked as this message shows it. */
  at: Scalars['DateTime']['output'];
  /** What changed since the previous message, in new rank order; empty in a snapshot message. */
  changes: Array<TokenListChange>;
  /** 1 for the first message of a subscription, then +1 per message: a gap means a message was lost. */
  sequence: Scalars['Int']['output'];
  /** The whole list, in rank order: in the first message and whenever the server resyncs the client. */
  snapshot?: Maybe<Array<Token>>;
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

/** A burst of trading volume against the token's recent baseline. */
export type VolumeSpike = {
  __typename?: 'VolumeSpike';
  /** When the spike was detected. */
  at: Scalars['DateTime']['output'];
  /** Expected volume over the same window from the recent baseline. */
  baselineVolumeUsd: Scalars['Float']['output'];
  /** volumeUsd / baselineVolumeUsd. */
  ratio: Scalars['Float']['output'];
  /** Resolvable across subgraphs. */
  token: Token;
  /** Volume in USD over the window. */
  volumeUsd: Scalars['Float']['output'];
  /** Window of the spiking volume. */
  window: Window;
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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Chain: Chain;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  PriceUpdate: ResolverTypeWrapper<Omit<PriceUpdate, 'token'> & { token: ResolversTypes['Token'] }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  SortDirection: SortDirection;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Token: ResolverTypeWrapper<TokenRef>;
  TokenFilter: TokenFilter;
  TokenListChange: ResolverTypeWrapper<Omit<TokenListChange, 'token'> & { token: ResolversTypes['Token'] }>;
  TokenListChangeKind: TokenListChangeKind;
  TokenListUpdate: ResolverTypeWrapper<Omit<TokenListUpdate, 'changes' | 'snapshot'> & { changes: Array<ResolversTypes['TokenListChange']>, snapshot?: Maybe<Array<ResolversTypes['Token']>> }>;
  TokenSort: TokenSort;
  TokenSortField: TokenSortField;
  VolumeSpike: ResolverTypeWrapper<Omit<VolumeSpike, 'token'> & { token: ResolversTypes['Token'] }>;
  Window: Window;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  PriceUpdate: Omit<PriceUpdate, 'token'> & { token: ResolversParentTypes['Token'] };
  Float: Scalars['Float']['output'];
  Subscription: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  Token: TokenRef;
  TokenFilter: TokenFilter;
  TokenListChange: Omit<TokenListChange, 'token'> & { token: ResolversParentTypes['Token'] };
  TokenListUpdate: Omit<TokenListUpdate, 'changes' | 'snapshot'> & { changes: Array<ResolversParentTypes['TokenListChange']>, snapshot?: Maybe<Array<ResolversParentTypes['Token']>> };
  TokenSort: TokenSort;
  VolumeSpike: Omit<VolumeSpike, 'token'> & { token: ResolversParentTypes['Token'] };
  Boolean: Scalars['Boolean']['output'];
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type PriceUpdateResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PriceUpdate'] = ResolversParentTypes['PriceUpdate']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changePct?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  previousPriceUsd?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  priceUsd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['Token'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  priceUpdated?: SubscriptionResolver<ResolversTypes['PriceUpdate'], "priceUpdated", ParentType, ContextType, RequireFields<SubscriptionPriceUpdatedArgs, 'minChangePct'>>;
  tokenDiscovered?: SubscriptionResolver<ResolversTypes['Token'], "tokenDiscovered", ParentType, ContextType, Partial<SubscriptionTokenDiscoveredArgs>>;
  tokenListUpdated?: SubscriptionResolver<ResolversTypes['TokenListUpdate'], "tokenListUpdated", ParentType, ContextType, RequireFields<SubscriptionTokenListUpdatedArgs, 'first'>>;
  volumeSpike?: SubscriptionResolver<ResolversTypes['VolumeSpike'], "volumeSpike", ParentType, ContextType, RequireFields<SubscriptionVolumeSpikeArgs, 'minRatio'>>;
}>;

export type TokenResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Token'] = ResolversParentTypes['Token']> = ResolversObject<{
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  chain?: Resolver<ResolversTypes['Chain'], ParentType, ContextType>;
}>;

export type TokenListChangeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['TokenListChange'] = ResolversParentTypes['TokenListChange']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['TokenListChangeKind'], ParentType, ContextType>;
  previousRank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  token?: Resolver<ResolversTypes['Token'], ParentType, ContextType>;
}>;

export type TokenListUpdateResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['TokenListUpdate'] = ResolversParentTypes['TokenListUpdate']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['TokenListChange']>, ParentType, ContextType>;
  sequence?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  snapshot?: Resolver<Maybe<Array<ResolversTypes['Token']>>, ParentType, ContextType>;
}>;

export type VolumeSpikeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['VolumeSpike'] = ResolversParentTypes['VolumeSpike']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  baselineVolumeUsd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ratio?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['Token'], ParentType, ContextType>;
  volumeUsd?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  window?: Resolver<ResolversTypes['Window'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GatewayContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  PriceUpdate?: PriceUpdateResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Token?: TokenResolvers<ContextType>;
  TokenListChange?: TokenListChangeResolvers<ContextType>;
  TokenListUpdate?: TokenListUpdateResolvers<ContextType>;
  VolumeSpike?: VolumeSpikeResolvers<ContextType>;
}>;

