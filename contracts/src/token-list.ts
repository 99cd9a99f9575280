import { createHash } from 'node:crypto';
import { z } from 'zod';
import { chainSchema } from './chains.js';

/** Largest `first` of Query.tokens and Subscription.tokenListUpdated (and Query.tokens' default). */
export const TOKEN_LIST_MAX_FIRST = 100;
export const TOKEN_LIST_DEFAULT_FIRST = 20;

const WINDOWED_SORT_FIELDS: readonly string[] = ['VOLUME', 'PRICE_CHANGE', 'TXNS'];

const windowSchema = z.enum(['M5', 'H1', 'H6', 'H24', 'D7']);

/**
 * A ranked list as Query.tokens(filter, sort, first) names it, with every default applied and dexes
 * normalised (lower-cased, sorted, unique; an empty list does not filter), so equal lists have equal keys.
 */
export const tokenListSpecSchema = z.object({
  filter: z.object({
    chain: chainSchema.nullable(),
    dexes: z.array(z.string()).nullable(),
    minLiquidityUsd: z.number().nullable(),
    minVolumeUsd: z.number().nullable(),
    minMarketCapUsd: z.number().nullable(),
    maxMarketCapUsd: z.number().nullable(),
    minPriceChangePct: z.number().nullable(),
    maxPriceChangePct: z.number().nullable(),
    window: windowSchema,
  }),
  sort: z.object({
    field: z.enum(['VOLUME', 'PRICE_CHANGE', 'MARKET_CAP', 'LIQUIDITY', 'TXNS', 'FIRST_SEEN']),
    window: windowSchema,
    direction: z.enum(['ASC', 'DESC']),
  }),
  first: z.number().int().min(1).max(TOKEN_LIST_MAX_FIRST),
});

/** What {@link tokenListSpecSchema} describes. */
export type TokenListSpec = z.output<typeof tokenListSpecSchema>;

/** Query.tokens' arguments as GraphQL coerced them (absent or null when not given). */
export interface TokenListArgs {
  filter?: Partial<Record<keyof TokenListSpec['filter'], unknown>> | null;
  sort?: Partial<Record<keyof TokenListSpec['sort'], unknown>> | null;
  first?: number | null;
}

/**
 * The normalised spec of Query.tokens-style arguments. Throws a zod error when a value is out of range
 * (`first` outside 1..100): callers check `first` first, with their own coded error.
 */
export function toTokenListSpec(args: TokenListArgs): TokenListSpec {
  const filter = args.filter ?? {};
  const sort = args.sort ?? {};
  const field = sort.field ?? 'VOLUME';
  const dexes = Array.isArray(filter.dexes) && filter.dexes.length > 0 ? filter.dexes : null;
  return tokenListSpecSchema.parse({
    filter: {
      chain: filter.chain ?? null,
      dexes: dexes && [...new Set(dexes.map((dex) => String(dex).toLowerCase()))].sort(),
      minLiquidityUsd: filter.minLiquidityUsd ?? null,
      minVolumeUsd: filter.minVolumeUsd ?? null,
      minMarketCapUsd: filter.minMarketCapUsd ?? null,
      maxMarketCapUsd: filter.maxMarketCapUsd ?? null,
      minPriceChangePct: filter.minPriceChangePct ?? null,
      maxPriceChangePct: filter.maxPriceChangePct ?? null,
      window: filter.window ?? 'H24',
    },
    sort: {
      field,
      // Only windowed fields rank by a window: the others name one list whatever window is given.
      window: WINDOWED_SORT_FIELDS.includes(String(field)) ? (sort.window ?? 'H24') : 'H24',
      direction: sort.direction ?? 'DESC',
    },
    first: args.first ?? TOKEN_LIST_DEFAULT_FIRST,
  });
}

/** A short fixed-size key of a normalised spec: the list's name on both sides of the pub/sub. */
export function toTokenListKey(spec: TokenListSpec): string {
  const { filter, sort, first } = spec;
  // Fixed field order (not the object's), so a spec parsed from an event has the key it was sent with.
  const canonical = [
    filter.chain,
    filter.dexes,
    filter.minLiquidityUsd,
    filter.minVolumeUsd,
    filter.minMarketCapUsd,
    filter.maxMarketCapUsd,
    filter.minPriceChangePct,
    filter.maxPriceChangePct,
    filter.window,
    sort.field,
    sort.window,
    sort.direction,
    first,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 22);
}
