/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query TokenCandles($chain: Chain!, $address: String!, $resolution: Resolution!, $from: DateTime, $to: DateTime, $limit: Int = 200) {\n  token(chain: $chain, address: $address) {\n    chain\n    address\n    candles(resolution: $resolution, from: $from, to: $to, limit: $limit) {\n      t\n      open\n      high\n      low\n      close\n      volumeUsd\n    }\n  }\n}": typeof types.TokenCandlesDocument,
    "subscription PriceUpdated($chain: Chain, $addresses: [String!], $minChangePct: Float = 0) {\n  priceUpdated(chain: $chain, addresses: $addresses, minChangePct: $minChangePct) {\n    priceUsd\n    previousPriceUsd\n    changePct\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}": typeof types.PriceUpdatedDocument,
    "query SearchTokens($query: String!, $chain: Chain, $first: Int = 10) {\n  searchTokens(query: $query, chain: $chain, first: $first) {\n    ...TokenRow\n  }\n}": typeof types.SearchTokensDocument,
    "subscription TokenDiscovered($chain: Chain) {\n  tokenDiscovered(chain: $chain) {\n    chain\n    address\n    name\n    symbol\n  }\n}": typeof types.TokenDiscoveredDocument,
    "subscription TokenListUpdated($filter: TokenFilter, $sort: TokenSort, $first: Int = 20) {\n  tokenListUpdated(filter: $filter, sort: $sort, first: $first) {\n    sequence\n    at\n    snapshot {\n      ...TokenRow\n    }\n    changes {\n      kind\n      rank\n      previousRank\n      token {\n        ...TokenRow\n      }\n    }\n  }\n}": typeof types.TokenListUpdatedDocument,
    "fragment TokenRow on Token {\n  chain\n  address\n  name\n  symbol\n  imageUrl\n  market {\n    priceUsd\n    priceChangePct(window: H24)\n    volumeUsd(window: H24)\n    liquidityUsd\n    marketCapUsd\n    stale\n    updatedAt\n    sources {\n      source\n      priceUsd\n      fetchedAt\n      demo\n    }\n  }\n}": typeof types.TokenRowFragmentDoc,
    "query Token($chain: Chain!, $address: String!) {\n  token(chain: $chain, address: $address) {\n    ...TokenRow\n    decimals\n    firstSeenAt\n    tracked\n    links {\n      kind\n      url\n    }\n    market {\n      priceNative\n      fdvUsd\n      priceSpreadPct\n      priceChangePct1h: priceChangePct(window: H1)\n      txns(window: H24) {\n        buys\n        sells\n      }\n    }\n    history7d {\n      priceChangePct\n      volumeUsd\n    }\n    pools(first: 10) {\n      address\n      dex\n      quoteSymbol\n      priceUsd\n      liquidityUsd\n      volumeUsd24h\n      url\n    }\n  }\n}": typeof types.TokenDocument,
    "query Tokens($filter: TokenFilter, $sort: TokenSort, $first: Int = 20, $after: String) {\n  tokens(filter: $filter, sort: $sort, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...TokenRow\n      }\n    }\n  }\n}": typeof types.TokensDocument,
    "mutation TrackToken($chain: Chain!, $address: String!, $metadata: TokenMetadataInput) {\n  trackToken(chain: $chain, address: $address, metadata: $metadata) {\n    chain\n    address\n    name\n    symbol\n    tracked\n  }\n}\n\nmutation UntrackToken($chain: Chain!, $address: String!) {\n  untrackToken(chain: $chain, address: $address)\n}": typeof types.TrackTokenDocument,
    "query Upstreams {\n  upstreams {\n    source\n    healthy\n    circuit\n    demo\n    lastSuccessAt\n    lastError\n    coolingDownUntil\n  }\n}": typeof types.UpstreamsDocument,
    "subscription VolumeSpike($chain: Chain, $minRatio: Float = 2) {\n  volumeSpike(chain: $chain, minRatio: $minRatio) {\n    window\n    volumeUsd\n    baselineVolumeUsd\n    ratio\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}": typeof types.VolumeSpikeDocument,
    "query Watchlist($chain: Chain!, $addresses: [String!]!) {\n  tokensByAddress(chain: $chain, addresses: $addresses) {\n    ...TokenRow\n  }\n}": typeof types.WatchlistDocument,
};
const documents: Documents = {
    "query TokenCandles($chain: Chain!, $address: String!, $resolution: Resolution!, $from: DateTime, $to: DateTime, $limit: Int = 200) {\n  token(chain: $chain, address: $address) {\n    chain\n    address\n    candles(resolution: $resolution, from: $from, to: $to, limit: $limit) {\n      t\n      open\n      high\n      low\n      close\n      volumeUsd\n    }\n  }\n}": types.TokenCandlesDocument,
    "subscription PriceUpdated($chain: Chain, $addresses: [String!], $minChangePct: Float = 0) {\n  priceUpdated(chain: $chain, addresses: $addresses, minChangePct: $minChangePct) {\n    priceUsd\n    previousPriceUsd\n    changePct\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}": types.PriceUpdatedDocument,
    "query SearchTokens($query: String!, $chain: Chain, $first: Int = 10) {\n  searchTokens(query: $query, chain: $chain, first: $first) {\n    ...TokenRow\n  }\n}": types.SearchTokensDocument,
    "subscription TokenDiscovered($chain: Chain) {\n  tokenDiscovered(chain: $chain) {\n    chain\n    address\n    name\n    symbol\n  }\n}": types.TokenDiscoveredDocument,
    "subscription TokenListUpdated($filter: TokenFilter, $sort: TokenSort, $first: Int = 20) {\n  tokenListUpdated(filter: $filter, sort: $sort, first: $first) {\n    sequence\n    at\n    snapshot {\n      ...TokenRow\n    }\n    changes {\n      kind\n      rank\n      previousRank\n      token {\n        ...TokenRow\n      }\n    }\n  }\n}": types.TokenListUpdatedDocument,
    "fragment TokenRow on Token {\n  chain\n  address\n  name\n  symbol\n  imageUrl\n  market {\n    priceUsd\n    priceChangePct(window: H24)\n    volumeUsd(window: H24)\n    liquidityUsd\n    marketCapUsd\n    stale\n    updatedAt\n    sources {\n      source\n      priceUsd\n      fetchedAt\n      demo\n    }\n  }\n}": types.TokenRowFragmentDoc,
    "query Token($chain: Chain!, $address: String!) {\n  token(chain: $chain, address: $address) {\n    ...TokenRow\n    decimals\n    firstSeenAt\n    tracked\n    links {\n      kind\n      url\n    }\n    market {\n      priceNative\n      fdvUsd\n      priceSpreadPct\n      priceChangePct1h: priceChangePct(window: H1)\n      txns(window: H24) {\n        buys\n        sells\n      }\n    }\n    history7d {\n      priceChangePct\n      volumeUsd\n    }\n    pools(first: 10) {\n      address\n      dex\n      quoteSymbol\n      priceUsd\n      liquidityUsd\n      volumeUsd24h\n      url\n    }\n  }\n}": types.TokenDocument,
    "query Tokens($filter: TokenFilter, $sort: TokenSort, $first: Int = 20, $after: String) {\n  tokens(filter: $filter, sort: $sort, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...TokenRow\n      }\n    }\n  }\n}": types.TokensDocument,
    "mutation TrackToken($chain: Chain!, $address: String!, $metadata: TokenMetadataInput) {\n  trackToken(chain: $chain, address: $address, metadata: $metadata) {\n    chain\n    address\n    name\n    symbol\n    tracked\n  }\n}\n\nmutation UntrackToken($chain: Chain!, $address: String!) {\n  untrackToken(chain: $chain, address: $address)\n}": types.TrackTokenDocument,
    "query Upstreams {\n  upstreams {\n    source\n    healthy\n    circuit\n    demo\n    lastSuccessAt\n    lastError\n    coolingDownUntil\n  }\n}": types.UpstreamsDocument,
    "subscription VolumeSpike($chain: Chain, $minRatio: Float = 2) {\n  volumeSpike(chain: $chain, minRatio: $minRatio) {\n    window\n    volumeUsd\n    baselineVolumeUsd\n    ratio\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}": types.VolumeSpikeDocument,
    "query Watchlist($chain: Chain!, $addresses: [String!]!) {\n  tokensByAddress(chain: $chain, addresses: $addresses) {\n    ...TokenRow\n  }\n}": types.WatchlistDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TokenCandles($chain: Chain!, $address: String!, $resolution: Resolution!, $from: DateTime, $to: DateTime, $limit: Int = 200) {\n  token(chain: $chain, address: $address) {\n    chain\n    address\n    candles(resolution: $resolution, from: $from, to: $to, limit: $limit) {\n      t\n      open\n      high\n      low\n      close\n      volumeUsd\n    }\n  }\n}"): typeof import('./graphql.js').TokenCandlesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription PriceUpdated($chain: Chain, $addresses: [String!], $minChangePct: Float = 0) {\n  priceUpdated(chain: $chain, addresses: $addresses, minChangePct: $minChangePct) {\n    priceUsd\n    previousPriceUsd\n    changePct\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}"): typeof import('./graphql.js').PriceUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchTokens($query: String!, $chain: Chain, $first: Int = 10) {\n  searchTokens(query: $query, chain: $chain, first: $first) {\n    ...TokenRow\n  }\n}"): typeof import('./graphql.js').SearchTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription TokenDiscovered($chain: Chain) {\n  tokenDiscovered(chain: $chain) {\n    chain\n    address\n    name\n    symbol\n  }\n}"): typeof import('./graphql.js').TokenDiscoveredDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription TokenListUpdated($filter: TokenFilter, $sort: TokenSort, $first: Int = 20) {\n  tokenListUpdated(filter: $filter, sort: $sort, first: $first) {\n    sequence\n    at\n    snapshot {\n      ...TokenRow\n    }\n    changes {\n      kind\n      rank\n      previousRank\n      token {\n        ...TokenRow\n      }\n    }\n  }\n}"): typeof import('./graphql.js').TokenListUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TokenRow on Token {\n  chain\n  address\n  name\n  symbol\n  imageUrl\n  market {\n    priceUsd\n    priceChangePct(window: H24)\n    volumeUsd(window: H24)\n    liquidityUsd\n    marketCapUsd\n    stale\n    updatedAt\n    sources {\n      source\n      priceUsd\n      fetchedAt\n      demo\n    }\n  }\n}"): typeof import('./graphql.js').TokenRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Token($chain: Chain!, $address: String!) {\n  token(chain: $chain, address: $address) {\n    ...TokenRow\n    decimals\n    firstSeenAt\n    tracked\n    links {\n      kind\n      url\n    }\n    market {\n      priceNative\n      fdvUsd\n      priceSpreadPct\n      priceChangePct1h: priceChangePct(window: H1)\n      txns(window: H24) {\n        buys\n        sells\n      }\n    }\n    history7d {\n      priceChangePct\n      volumeUsd\n    }\n    pools(first: 10) {\n      address\n      dex\n      quoteSymbol\n      priceUsd\n      liquidityUsd\n      volumeUsd24h\n      url\n    }\n  }\n}"): typeof import('./graphql.js').TokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tokens($filter: TokenFilter, $sort: TokenSort, $first: Int = 20, $after: String) {\n  tokens(filter: $filter, sort: $sort, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      endCursor\n      hasNextPage\n    }\n    edges {\n      cursor\n      node {\n        ...TokenRow\n      }\n    }\n  }\n}"): typeof import('./graphql.js').TokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TrackToken($chain: Chain!, $address: String!, $metadata: TokenMetadataInput) {\n  trackToken(chain: $chain, address: $address, metadata: $metadata) {\n    chain\n    address\n    name\n    symbol\n    tracked\n  }\n}\n\nmutation UntrackToken($chain: Chain!, $address: String!) {\n  untrackToken(chain: $chain, address: $address)\n}"): typeof import('./graphql.js').TrackTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Upstreams {\n  upstreams {\n    source\n    healthy\n    circuit\n    demo\n    lastSuccessAt\n    lastError\n    coolingDownUntil\n  }\n}"): typeof import('./graphql.js').UpstreamsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription VolumeSpike($chain: Chain, $minRatio: Float = 2) {\n  volumeSpike(chain: $chain, minRatio: $minRatio) {\n    window\n    volumeUsd\n    baselineVolumeUsd\n    ratio\n    at\n    token {\n      chain\n      address\n      symbol\n    }\n  }\n}"): typeof import('./graphql.js').VolumeSpikeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Watchlist($chain: Chain!, $addresses: [String!]!) {\n  tokensByAddress(chain: $chain, addresses: $addresses) {\n    ...TokenRow\n  }\n}"): typeof import('./graphql.js').WatchlistDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
