import type { Resolvers } from '../generated/resolvers.js';
import { toTokenKey, type LiveWindow } from '../model/market-model.js';
import { badInput } from '@memegraph/infra';
import { toLookupUnavailableError } from '../errors.js';
import { listTokens } from './list-tokens.js';
import { TokenLookupUnavailableError } from '../upstreams/lookup-token-metadata.js';

const MAX_POOLS = 100;

/** A live window's value from the merged record (D7 is handled by the callers: it comes from stored history). */
const live = <T>(values: Partial<Record<LiveWindow, T>>, window: string): T | null =>
  window === 'D7' ? null : (values[window as LiveWindow] ?? null);

/** Resolvers of the market-data subgraph. Thin: loaders, store, ranking. */
export const tokenResolvers: Resolvers = {
  Query: {
    tokens: async (_root, { filter, sort, first, after }, ctx) => {
      // Only the page a client gets counts as demand.
      const page = await listTokens(ctx, { filter, sort, first, after });
      // Demand is a polling hint: losing one write is harmless, so it is not awaited.
      ctx.tokens
        .touch(
          page.edges.map((edge) => toTokenKey(edge.record)),
          Date.now(),
        )
        .catch(() => undefined);
      return page;
    },
    upstreams: (_root, _args, ctx) => ctx.upstreams.list(),
    upstreamToken: (_root, { chain, address }, ctx) =>
      ctx.lookupToken(chain, address).catch((error: unknown) => {
        throw error instanceof TokenLookupUnavailableError ? toLookupUnavailableError(error) : error;
      }),
  },
  TokenEdge: {
    node: (edge) => ({ chain: edge.record.chain, address: edge.record.address }),
  },
  Token: {
    __resolveReference: (ref) => ref,
    market: (token, _args, ctx) => ctx.loaders.record.load(toTokenKey(token)),
    pools: async (token, { first }, ctx) => {
      const size = first ?? 10;
      if (!Number.isInteger(size) || size < 1 || size > MAX_POOLS)
        throw badInput('first', `must be between 1 and ${MAX_POOLS}, got ${size}`);
      const served = await ctx.loaders.record.load(toTokenKey(token));
      return served ? served.record.pools.slice(0, size) : [];
    },
  },
  TokenMarket: {
    priceUsd: ({ record }) => record.priceUsd,
    priceNative: ({ record }) => record.priceNative,
    marketCapUsd: ({ record }) => record.marketCapUsd,
    fdvUsd: ({ record }) => record.fdvUsd,
    liquidityUsd: ({ record }) => record.liquidityUsd,
    priceSpreadPct: ({ record }) => record.priceSpreadPct,
    // D7 is never 24h × 7: it is the window the tokens subgraph computed from stored history (null when short).
    volumeUsd: async ({ record }, { window }, ctx) =>
      window === 'D7'
        ? ((await ctx.loaders.d7.load(toTokenKey(record)))?.volumeUsd ?? null)
        : live(record.volumeUsd, window),
    priceChangePct: async ({ record }, { window }, ctx) =>
      window === 'D7'
        ? ((await ctx.loaders.d7.load(toTokenKey(record)))?.priceChangePct ?? null)
        : live(record.priceChangePct, window),
    txns: ({ record }, { window }) => live(record.txns, window),
    updatedAt: ({ record }) => new Date(record.updatedAt),
    stale: ({ stale }) => stale,
    sources: ({ record }) => record.sources,
  },
  SourceQuote: {
    fetchedAt: (quote) => new Date(quote.fetchedAt),
    demo: (_quote, _args, ctx) => ctx.demo,
  },
  UpstreamStatus: {
    demo: (_status, _args, ctx) => ctx.demo,
  },
  Pool: {
    volumeUsd24h: (pool) => pool.volumeUsd.H24 ?? null,
    createdAt: (pool) => (pool.createdAt ? new Date(pool.createdAt) : null),
  },
};
