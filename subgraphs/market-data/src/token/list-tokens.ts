import type { RequestContext } from '../context.js';
import { toTokenKey } from '../model/market-model.js';
import { toRankQuery, type RankedPage, type RankTokensArgs } from '../ranking/rank-tokens.js';
import type { ListingPage } from '../store/listing-page.store.js';

/** Query.tokens' own arguments. */
type ListArgs = Pick<RankTokensArgs, 'filter' | 'sort' | 'first' | 'after'>;

/**
 * Query.tokens: the page kept for this query (filter, sort, first, after) when one was computed within
 * LISTING_PAGE_TTL_MS by any instance, with its tokens' records read now (one store read of the page's
 * keys); otherwise every listable record is read and ranked (the ranking keeps the order of recent
 * queries) and the page is kept. A kept page with a token whose record is gone is not served.
 * Records read are primed into the request's loader, so Token.market does not read the store again.
 */
export async function listTokens(ctx: RequestContext, args: ListArgs): Promise<RankedPage> {
  const query = toRankQuery(args); // invalid arguments fail before any read
  const pageKey = JSON.stringify([query.hash, query.first, args.after ?? null]);
  const kept = await ctx.listingPages.get(pageKey);
  if (kept) {
    const served = await ctx.store.getMany(kept.tokenKeys);
    if (served.every((s) => s !== null)) {
      served.forEach((s, i) => ctx.loaders.record.prime(kept.tokenKeys[i]!, s!));
      return {
        edges: served.map((s, i) => ({ cursor: kept.cursors[i]!, record: s!.record })),
        pageInfo: { hasNextPage: kept.hasNextPage, endCursor: kept.endCursor },
        totalCount: kept.totalCount,
      };
    }
  }
  const keys = await ctx.tokens.listable();
  const served = (await ctx.store.getMany(keys)).flatMap((s) => (s ? [s] : []));
  const page = ctx.ranking.rank(
    served.map((s) => s.record),
    args,
  );
  // The page's records are what this request resolves further (market fields): prime those, not every one.
  const servedOf = new Map(served.map((s) => [s.record, s]));
  for (const { record } of page.edges) ctx.loaders.record.prime(toTokenKey(record), servedOf.get(record)!);
  if (ctx.listingPages.enabled) {
    const toKeep: ListingPage = {
      tokenKeys: page.edges.map((edge) => toTokenKey(edge.record)),
      cursors: page.edges.map((edge) => edge.cursor),
      hasNextPage: page.pageInfo.hasNextPage,
      endCursor: page.pageInfo.endCursor,
      totalCount: page.totalCount,
    };
    // Keeping is an optimisation: a failed write only means the next listing ranks again.
    ctx.listingPages.put(pageKey, toKeep).catch(() => undefined);
  }
  return page;
}
