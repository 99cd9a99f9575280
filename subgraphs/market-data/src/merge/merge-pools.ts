/**
 * Pools first: DexScreener and GeckoTerminal index the same on-chain pools, so one pool seen by both is
 * ONE pool whose trades are counted once. This core groups pool observations by (chain, exact-case pool
 * address) and picks each field from the observation that should know it best.
 */
import type {
  ByWindow,
  Chain,
  PoolObservation,
  PoolRecord,
  PoolSide,
  Source,
  TxnCounts,
} from '../model/market-model.js';

/** Tuning of the pool merge. */
export interface MergePoolsOptions {
  /** Observations fetched within this many ms of a pool's newest one count as equally fresh. */
  freshnessToleranceMs: number;
  /** Liquidity readings more than this factor above a pool's lowest reading are not credible. */
  maxLiquidityDisagreement: number;
}

/** Defaults: one polling interval of slack; indexers' TVL figures agree within 3× unless one is broken. */
export const DEFAULT_MERGE_POOLS_OPTIONS: MergePoolsOptions = {
  freshnessToleranceMs: 60_000,
  maxLiquidityDisagreement: 3,
};

/** A pool after merging its observations: the public {@link PoolRecord} plus what token merging needs. */
export interface MergedPool extends PoolRecord {
  chain: Chain;
  base: PoolSide;
  quote: PoolSide;
  /** Price of the base token in the quote token (not necessarily the chain's native coin). */
  priceNative: number | null;
  priceChangePct: ByWindow<number>;
  fdvUsd: number | null;
  marketCapUsd: number | null;
  imageUrl: string | null;
  /** Newest fetchedAt of the pool's observations. */
  fetchedAt: string;
}

/**
 * Per-field precedence. Within each field, observations that have the field are ranked:
 * 1. fresh first: fetched within `freshnessToleranceMs` of the newest observation having the field
 *    (a stale reading never beats a fresh one, whatever its source);
 * 2. for windowed maps (volume, txns, price change), the one reporting more windows; the whole map comes
 *    from that one observation so M5 ≤ H1 ≤ H24 stay consistent (one snapshot);
 * 3. the source order below.
 * Liquidity is the exception: the maximum credible reading (see {@link getCredibleLiquidity}).
 */
const PRECEDENCE = {
  /** GeckoTerminal sends full-precision decimal strings; DexScreener rounds prices to ~4 significant digits. */
  price: ['GECKOTERMINAL', 'DEXSCREENER'],
  /** DexScreener is the primary pool source; dex ids are DexScreener-style by contract; only it has urls. */
  stats: ['DEXSCREENER', 'GECKOTERMINAL'],
  identity: ['DEXSCREENER', 'GECKOTERMINAL'],
} satisfies Record<string, Source[]>;

/** True for any value but null and undefined. */
export const isKnown = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** Epoch ms of an ISO time; an unparsable time counts as the oldest. */
export const toEpochMs = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
};

const rankOf = (order: readonly Source[], source: Source): number => {
  const i = order.indexOf(source);
  return i === -1 ? order.length : i;
};

/** The preferred observation that has a value for `pick`, by freshness, completeness, then source order. */
function preferred<T>(
  observations: PoolObservation[],
  pick: (o: PoolObservation) => T | null | undefined,
  order: readonly Source[],
  toleranceMs: number,
  completeness: (o: PoolObservation) => number = () => 0,
): T | null {
  const having = observations.filter((o) => isKnown(pick(o)));
  if (having.length === 0) return null;
  const newest = Math.max(...having.map((o) => toEpochMs(o.fetchedAt)));
  const fresh = (o: PoolObservation) => (toEpochMs(o.fetchedAt) >= newest - toleranceMs ? 0 : 1);
  const [best] = [...having].sort(
    (a, b) =>
      fresh(a) - fresh(b) ||
      completeness(b) - completeness(a) ||
      rankOf(order, a.source) - rankOf(order, b.source) ||
      toEpochMs(b.fetchedAt) - toEpochMs(a.fetchedAt),
  );
  return best ? (pick(best) ?? null) : null;
}

const windowCount = (map: ByWindow<unknown>) => Object.keys(map).length;
const nonEmpty = <T>(map: ByWindow<T>): ByWindow<T> | null => (windowCount(map) > 0 ? map : null);

/**
 * Liquidity of a pool from several readings: the largest reading that is at most
 * `maxDisagreement` × the lowest positive one. Why not plainly the max: inflated liquidity is the
 * manipulation vector (it makes a pool look safe and gives it weight in the price consensus), while an
 * understated reading only costs weight; so when indexers disagree wildly the conservative side wins.
 * Null when no reading is a positive finite number (unknown, never 0).
 */
export function getCredibleLiquidity(readings: Array<number | null>, maxDisagreement: number): number | null {
  const valid = readings.filter((r): r is number => isKnown(r) && Number.isFinite(r) && r > 0);
  if (valid.length === 0) return null;
  const lowest = Math.min(...valid);
  return Math.max(...valid.filter((r) => r <= lowest * maxDisagreement));
}

function mergeOne(group: PoolObservation[], o: MergePoolsOptions): MergedPool {
  const tol = o.freshnessToleranceMs;
  const { price, stats, identity } = PRECEDENCE;
  const first = group[0] as PoolObservation;
  const side = preferred(group, (p) => ({ base: p.base, quote: p.quote }), identity, tol) ?? first;
  const createdAts = group.map((p) => p.createdAt).filter((c): c is string => isKnown(c));
  return {
    chain: first.chain,
    address: first.address,
    dex: preferred(group, (p) => p.dex || null, identity, tol) ?? first.dex,
    base: side.base,
    quote: side.quote,
    quoteSymbol: side.quote.symbol,
    priceUsd: preferred(group, (p) => p.priceUsd, price, tol),
    priceNative: preferred(group, (p) => p.priceNative, price, tol),
    liquidityUsd: getCredibleLiquidity(
      group.map((p) => p.liquidityUsd),
      o.maxLiquidityDisagreement,
    ),
    volumeUsd:
      preferred(
        group,
        (p) => nonEmpty(p.volumeUsd),
        stats,
        tol,
        (p) => windowCount(p.volumeUsd),
      ) ?? {},
    txns:
      preferred<ByWindow<TxnCounts>>(
        group,
        (p) => nonEmpty(p.txns),
        stats,
        tol,
        (p) => windowCount(p.txns),
      ) ?? {},
    priceChangePct:
      preferred(
        group,
        (p) => nonEmpty(p.priceChangePct),
        stats,
        tol,
        (p) => windowCount(p.priceChangePct),
      ) ?? {},
    fdvUsd: preferred(group, (p) => p.fdvUsd, stats, tol),
    marketCapUsd: preferred(group, (p) => p.marketCapUsd, stats, tol),
    // A pool's creation is a past on-chain fact, not a live value: the earliest report is the informed one.
    createdAt: createdAts.length > 0 ? createdAts.reduce((a, b) => (toEpochMs(a) <= toEpochMs(b) ? a : b)) : null,
    url: preferred(group, (p) => p.url, identity, tol),
    imageUrl: preferred(group, (p) => p.imageUrl, identity, tol),
    sources: [...new Set(group.map((p) => p.source))].sort((a, b) => rankOf(stats, a) - rankOf(stats, b)),
    fetchedAt: group.map((p) => p.fetchedAt).reduce((a, b) => (toEpochMs(a) >= toEpochMs(b) ? a : b)),
  };
}

/** Orders pools most liquid first; unknown liquidity last; ties by address so the order is stable. */
export function comparePoolsByLiquidity(a: PoolRecord, b: PoolRecord): number {
  const la = a.liquidityUsd ?? -1;
  const lb = b.liquidityUsd ?? -1;
  return lb - la || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}

/**
 * Merges pool observations into distinct pools, keyed by chain plus exact-case pool address (Solana
 * base58 is case-sensitive; EVM addresses arrive lower-cased). Several observations of one pool, from
 * two indexers or from two endpoints of one indexer, become one {@link MergedPool} listing every source,
 * with each field taken once by the precedence documented on `PRECEDENCE` above:
 * - price, priceNative: freshest, then GeckoTerminal > DexScreener (precision);
 * - volume, txns, price change: freshest, then most windows, then DexScreener > GeckoTerminal, each map
 *   whole from one observation (never summed across indexers: they count the same trades);
 * - liquidity: the maximum credible reading ({@link getCredibleLiquidity});
 * - dex, url, sides, fdv, market cap: freshest, then DexScreener > GeckoTerminal; createdAt: the earliest.
 * Returns pools most liquid first.
 */
export function mergePools(observations: PoolObservation[], options: Partial<MergePoolsOptions> = {}): MergedPool[] {
  const o = { ...DEFAULT_MERGE_POOLS_OPTIONS, ...options };
  const groups = new Map<string, PoolObservation[]>();
  for (const obs of observations) {
    const key = `${obs.chain}:${obs.address}`;
    const group = groups.get(key);
    if (group) group.push(obs);
    else groups.set(key, [obs]);
  }
  return [...groups.values()].map((g) => mergeOne(g, o)).sort(comparePoolsByLiquidity);
}

/** The public pool record of a merged pool (only the PoolRecord fields: records cross Redis as JSON). */
export function toPoolRecord(pool: MergedPool): PoolRecord {
  const { address, dex, quoteSymbol, priceUsd, liquidityUsd, volumeUsd, txns, createdAt, url, sources } = pool;
  return { address, dex, quoteSymbol, priceUsd, liquidityUsd, volumeUsd, txns, createdAt, url, sources };
}
