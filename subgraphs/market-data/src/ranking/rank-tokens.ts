/**
 * Query.tokens as a pure function over merged market records: filter, rank, and cut a keyset page.
 */
import { isChain } from '@memegraph/contracts';
import { createHash } from 'node:crypto';
import { badInput } from '@memegraph/infra';
import type { SortDirection, TokenFilter, TokenSort, TokenSortField, Window } from '../generated/resolvers.js';
import { toTokenKey, type Chain, type MarketRecord } from '../model/market-model.js';

/** Largest and default page size of Query.tokens. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Seven-day values from stored history (the records carry only live windows). */
export interface D7Values {
  volumeUsd: number | null;
  priceChangePct: number | null;
}

/** Arguments of {@link rankTokens}: Query.tokens' own plus the data it ranks by that records lack. */
export interface RankTokensArgs {
  filter?: TokenFilter | null;
  /** Default: VOLUME over H24, DESC. */
  sort?: TokenSort | null;
  /** 1..100; default 20. */
  first?: number | null;
  after?: string | null;
  /** Token key ({@link toTokenKey}) → ISO time this API first saw the token; else its oldest pool's createdAt. */
  firstSeenAt?: ReadonlyMap<string, string>;
  /** Token key → D7 values; a token missing here has null D7 values (never 24h × 7). */
  d7?: ReadonlyMap<string, D7Values>;
}

/** One ranked record and its opaque cursor. */
export interface RankedEdge {
  cursor: string;
  record: MarketRecord;
}

/** A TokenConnection over records (the resolver maps each record to its Token). */
export interface RankedPage {
  edges: RankedEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Records matching the filter, across all pages. */
  totalCount: number;
}

/** The order of a query: field, window (windowed fields only) and direction. */
export interface SortSpec {
  field: TokenSortField;
  window: Window | null;
  direction: SortDirection;
}

/** Position of a record in the order: its sort value, then (chain, address) to break ties. */
export interface Key {
  v: number | null;
  c: Chain;
  a: string;
}

const WINDOWED: readonly TokenSortField[] = ['VOLUME', 'PRICE_CHANGE', 'TXNS'];

const finiteOrNull = (v: number | null | undefined): number | null =>
  v !== null && v !== undefined && Number.isFinite(v) ? v : null;

/** GraphQL input fields arrive null or absent when not given. */
const isUnset = (x: number | null | undefined): x is null | undefined => x === null || x === undefined;

/** Values ranking takes from outside the records. */
export interface Lookups {
  firstSeenAt?: ReadonlyMap<string, string>;
  d7?: ReadonlyMap<string, D7Values>;
}

/** Volume we are willing to rank and filter by: a suspect (wash-traded) volume counts as unknown. */
function volumeOf(r: MarketRecord, w: Window, l: Lookups): number | null {
  if (r.suspectVolume) return null;
  return finiteOrNull(w === 'D7' ? l.d7?.get(toTokenKey(r))?.volumeUsd : r.volumeUsd[w]);
}

function priceChangeOf(r: MarketRecord, w: Window, l: Lookups): number | null {
  return finiteOrNull(w === 'D7' ? l.d7?.get(toTokenKey(r))?.priceChangePct : r.priceChangePct[w]);
}

/** Buys plus sells; unknown for D7 (history has no counts) and for suspect records. */
function txnsOf(r: MarketRecord, w: Window): number | null {
  const t = w === 'D7' || r.suspectVolume ? undefined : r.txns[w];
  return t ? t.buys + t.sells : null;
}

function firstSeenOf(r: MarketRecord, l: Lookups): number | null {
  const seen = l.firstSeenAt?.get(toTokenKey(r));
  const times = (seen !== undefined ? [seen] : r.pools.map((p) => p.createdAt))
    .map((t) => (t === null ? NaN : Date.parse(t)))
    .filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : null;
}

function sortValue(r: MarketRecord, s: SortSpec, l: Lookups): number | null {
  const w = s.window ?? 'H24';
  switch (s.field) {
    case 'VOLUME':
      return volumeOf(r, w, l);
    case 'PRICE_CHANGE':
      return priceChangeOf(r, w, l);
    case 'TXNS':
      return txnsOf(r, w);
    case 'MARKET_CAP':
      return finiteOrNull(r.marketCapUsd);
    case 'LIQUIDITY':
      return finiteOrNull(r.liquidityUsd);
    case 'FIRST_SEEN':
      return firstSeenOf(r, l);
  }
}

/** Total order: nulls last in both directions, then the value by direction, then chain, address ascending. */
function compareKeys(a: Key, b: Key, direction: SortDirection): number {
  if (a.v !== b.v) {
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    return (a.v < b.v ? -1 : 1) * (direction === 'DESC' ? -1 : 1);
  }
  if (a.c !== b.c) return a.c < b.c ? -1 : 1;
  return a.a === b.a ? 0 : a.a < b.a ? -1 : 1;
}

function matches(r: MarketRecord, f: TokenFilter, l: Lookups): boolean {
  const w = f.window ?? 'H24';
  const atLeast = (v: number | null, min: number | null | undefined) => isUnset(min) || (v !== null && v >= min);
  const atMost = (v: number | null, max: number | null | undefined) => isUnset(max) || (v !== null && v <= max);
  const dexes = f.dexes?.length ? new Set(f.dexes.map((d) => d.toLowerCase())) : null;
  const change = priceChangeOf(r, w, l);
  const marketCap = finiteOrNull(r.marketCapUsd);
  return (
    (!f.chain || r.chain === f.chain) &&
    (!dexes || r.pools.some((p) => dexes.has(p.dex.toLowerCase()))) &&
    atLeast(finiteOrNull(r.liquidityUsd), f.minLiquidityUsd) &&
    atLeast(volumeOf(r, w, l), f.minVolumeUsd) &&
    atLeast(marketCap, f.minMarketCapUsd) &&
    atMost(marketCap, f.maxMarketCapUsd) &&
    atLeast(change, f.minPriceChangePct) &&
    atMost(change, f.maxPriceChangePct)
  );
}

/** Fingerprint of the sort and filter (defaults applied, dexes normalised) that a cursor belongs to. */
function toQueryHash(s: SortSpec, f: TokenFilter): string {
  const filter = {
    chain: f.chain ?? null,
    dexes: f.dexes?.length ? [...new Set(f.dexes.map((d) => d.toLowerCase()))].sort() : null,
    minLiquidityUsd: f.minLiquidityUsd ?? null,
    minVolumeUsd: f.minVolumeUsd ?? null,
    minMarketCapUsd: f.minMarketCapUsd ?? null,
    maxMarketCapUsd: f.maxMarketCapUsd ?? null,
    minPriceChangePct: f.minPriceChangePct ?? null,
    maxPriceChangePct: f.maxPriceChangePct ?? null,
    window: f.window ?? 'H24',
  };
  return createHash('sha256')
    .update(JSON.stringify([s, filter]))
    .digest('base64url')
    .slice(0, 16);
}

const toCursor = (key: Key, hash: string): string =>
  Buffer.from(JSON.stringify({ v: key.v, c: key.c, a: key.a, h: hash })).toString('base64url');

function fromCursor(cursor: string, hash: string): Key {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const p = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const valid =
    (p.v === null || (typeof p.v === 'number' && Number.isFinite(p.v))) &&
    typeof p.c === 'string' &&
    isChain(p.c) &&
    typeof p.a === 'string' &&
    p.a.length > 0 &&
    typeof p.h === 'string';
  if (!valid) throw badInput('after', 'is not a cursor returned by Query.tokens');
  if (p.h !== hash) throw badInput('after', 'belongs to a different sort or filter; start again without "after"');
  return { v: p.v as number | null, c: p.c as Chain, a: p.a as string };
}

/**
 * Filters, ranks and pages token market records (Query.tokens).
 *
 * Filters: chain; dexes (any pool on one of them, case-insensitive; an empty list does not filter);
 * min liquidity; min/max market cap; min volume and min/max price change over the filter's window.
 * A bound excludes records whose value is unknown. Suspect volume counts as unknown, for filters too.
 *
 * Order: the sort value (VOLUME/PRICE_CHANGE/TXNS over the sort window, MARKET_CAP, LIQUIDITY,
 * FIRST_SEEN from `firstSeenAt` else the oldest pool's createdAt) by direction, nulls last either way,
 * ties by (chain, address). Records with `suspectVolume` rank as if volume and txns were null. D7 values
 * come from `d7` only; txns have no D7, so TXNS over D7 ranks everything as null (by chain, address).
 *
 * Keyset paging: a cursor is the (sort value, chain, address) of its edge plus a hash of the sort and
 * filter. `after` returns records strictly after that key in the current order, so values changing
 * between pages never repeat or skip a record relative to the key (a record is placed by its current
 * value; one that moved across the key is seen, or not, accordingly). Throws BAD_USER_INPUT naming
 * `first` (not an integer in 1..100) or `after` (malformed, or issued for another sort or filter).
 */
export function rankTokens(records: readonly MarketRecord[], args: RankTokensArgs = {}): RankedPage {
  const query = toRankQuery(args);
  return toRankedPage(toRankedOrder(records, query), query);
}

/** Query.tokens' arguments checked and normalised (see {@link rankTokens}, which throws as this does). */
export interface RankQuery {
  first: number;
  spec: SortSpec;
  filter: TokenFilter;
  /** Fingerprint of the sort and filter: equal hashes rank equal records in the same order. */
  hash: string;
  after: Key | null;
  lookups: Lookups;
}

/** Checks and normalises the arguments of {@link rankTokens}; throws BAD_USER_INPUT as it documents. */
export function toRankQuery(args: RankTokensArgs = {}): RankQuery {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${first}`);
  }
  const field = args.sort?.field ?? 'VOLUME';
  const spec: SortSpec = {
    field,
    window: WINDOWED.includes(field) ? (args.sort?.window ?? 'H24') : null,
    direction: args.sort?.direction ?? 'DESC',
  };
  const filter = args.filter ?? {};
  const hash = toQueryHash(spec, filter);
  const lookups: Lookups = { firstSeenAt: args.firstSeenAt, d7: args.d7 };
  return { first, spec, filter, hash, after: args.after ? fromCursor(args.after, hash) : null, lookups };
}

/** A record that passed the filter, its position in the order, and its cursor once an edge needed it. */
export interface RankedEntry {
  record: MarketRecord;
  key: Key;
  cursor?: string;
}

/** Every record that passes the query's filter, in the query's order (a pure function of both). */
export function toRankedOrder(records: readonly MarketRecord[], query: RankQuery): RankedEntry[] {
  const { filter, spec, lookups } = query;
  return records
    .filter((r) => matches(r, filter, lookups))
    .map((record) => ({ record, key: { v: sortValue(record, spec, lookups), c: record.chain, a: record.address } }))
    .sort((x, y) => compareKeys(x.key, y.key, spec.direction));
}

/** The page of `ranked` (an order of {@link toRankedOrder} for this query) after the query's cursor. */
export function toRankedPage(ranked: RankedEntry[], query: RankQuery): RankedPage {
  const { after, first, spec, hash } = query;
  const start = after ? ranked.findIndex((x) => compareKeys(x.key, after, spec.direction) > 0) : 0;
  const from = start === -1 ? ranked.length : start;
  const edges = ranked
    .slice(from, from + first)
    .map((entry) => ({ cursor: (entry.cursor ??= toCursor(entry.key, hash)), record: entry.record }));
  return {
    edges,
    pageInfo: { hasNextPage: from + first < ranked.length, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: ranked.length,
  };
}
