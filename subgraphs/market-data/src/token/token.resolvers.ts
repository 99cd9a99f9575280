import { badInput } from '@memegraph/infra';
import type { Resolvers } from '../generated/resolvers.js';

const MAX_PAGE_SIZE = 100;

function assertFirst(first: number, argumentName: string): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(argumentName, `must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}

/** Opaque cursor: the offset into the ranked list, base64url-encoded. */
const toCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function fromCursor(cursor: string): number {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput('after', 'is not a cursor returned by this API');
  return Number(match[1]) + 1;
}

/** Resolvers of the market-data subgraph's Token fields and token list. */
export const tokenResolvers: Resolvers = {
  Query: {
    tokens: async (_root, { first, after }, ctx) => {
      const size = assertFirst(first ?? 20, 'first');
      const start = after ? fromCursor(after) : 0;
      // TODO(#3): filters and ranking by volume/change/liquidity arrive with the merged market records.
      const all = await ctx.store.listTokens();
      const page = all.slice(start, start + size);
      return {
        edges: page.map((node, i) => ({ cursor: toCursor(start + i), node })),
        pageInfo: {
          hasNextPage: start + size < all.length,
          endCursor: page.length > 0 ? toCursor(start + page.length - 1) : null,
        },
        totalCount: all.length,
      };
    },
    upstreams: (_root, _args, ctx) => ctx.upstreams.list(),
  },
  Token: {
    __resolveReference: (ref) => ({ chain: ref.chain, address: ref.address }),
    market: (token, _args, ctx) => ctx.store.getMarket(token),
    pools: (token, { first }, ctx) => ctx.store.getPools(token, assertFirst(first ?? 10, 'first')),
  },
};
