/**
 * DexScreener response schemas (https://docs.dexscreener.com/api/reference) and pure mappers to the
 * domain model. Unknown keys are ignored; optional and nullable fields become `null`.
 */
import { z } from 'zod';
import type { ByWindow, Chain, PoolObservation, TxnCounts } from '../model/market-model.js';
import { decimalString, parseItems, toCanonicalAddress } from './upstream-schema.js';

/** DexScreener `chainId` of each supported chain. */
export const dexScreenerChainIds: Record<Chain, string> = {
  SOLANA: 'solana',
  ETHEREUM: 'ethereum',
  BASE: 'base',
  BSC: 'bsc',
};

const chainByDexScreenerId = new Map(Object.entries(dexScreenerChainIds).map(([chain, id]) => [id, chain as Chain]));

/** A number, or null for null/absent. */
const optionalNumber = z.number().finite().nullish();

const tokenSchema = z.object({
  address: z.string().min(1),
  name: z.string().nullish(),
  symbol: z.string().nullish(),
});

const txnsSchema = z.object({ buys: z.number().int().nonnegative(), sells: z.number().int().nonnegative() });

/** Windows as DexScreener names them; any of them may be missing. */
const windowsOf = <S extends z.ZodType>(value: S) =>
  z.object({ m5: value.nullish(), h1: value.nullish(), h6: value.nullish(), h24: value.nullish() });

/** Live responses use `{type, url}`; the docs show `{platform, handle}`. Both normalise to one shape. */
export const dexScreenerSocialSchema = z.union([
  z.object({ type: z.string(), url: z.string() }).transform((s) => ({ platform: s.type, url: s.url, handle: null })),
  z
    .object({ platform: z.string(), handle: z.string() })
    .transform((s) => ({ platform: s.platform, url: null, handle: s.handle })),
]);

/** Live responses use `{label, url}`; the docs show `{url}`. */
export const dexScreenerWebsiteSchema = z
  .object({ label: z.string().nullish(), url: z.string() })
  .transform((w) => ({ label: w.label ?? null, url: w.url }));

/** Profile/boost links mix `{label, url}` and `{type, url}`. */
const linkSchema = z
  .object({ type: z.string().nullish(), label: z.string().nullish(), url: z.string() })
  .transform((l) => ({ type: l.type ?? null, label: l.label ?? null, url: l.url }));

/** A list of decorations where a bad entry is skipped rather than failing the pair it decorates. */
const lenientList = <S extends z.ZodType>(item: S) =>
  z
    .array(item.nullable().catch(null))
    .nullish()
    .transform((list) => (list ?? []).filter((entry): entry is NonNullable<typeof entry> => entry !== null));

/** One DexScreener pair (pool). */
export const dexScreenerPairSchema = z.object({
  chainId: z.string(),
  dexId: z.string(),
  url: z.string().nullish(),
  pairAddress: z.string().min(1),
  labels: z.array(z.string()).nullish(),
  baseToken: tokenSchema,
  quoteToken: tokenSchema,
  priceNative: decimalString.nullish(),
  priceUsd: decimalString.nullish(),
  txns: windowsOf(txnsSchema).nullish(),
  volume: windowsOf(z.number().finite()).nullish(),
  priceChange: windowsOf(z.number().finite()).nullish(),
  liquidity: z.object({ usd: optionalNumber, base: optionalNumber, quote: optionalNumber }).nullish(),
  fdv: optionalNumber,
  marketCap: optionalNumber,
  pairCreatedAt: optionalNumber,
  info: z
    .object({
      imageUrl: z.string().nullish(),
      header: z.string().nullish(),
      openGraph: z.string().nullish(),
      websites: lenientList(dexScreenerWebsiteSchema),
      socials: lenientList(dexScreenerSocialSchema),
    })
    .nullish(),
  boosts: z.object({ active: z.number().int() }).nullish(),
});

export type DexScreenerPair = z.output<typeof dexScreenerPairSchema>;

/** `/tokens/v1` and `/token-pairs/v1` answer a bare array; search and `/latest/dex/*` wrap it (pairs may be null). */
const pairsBodySchema = z.union([
  z.array(z.unknown()),
  z.object({ pairs: z.array(z.unknown()).nullable() }).transform((body) => body.pairs ?? []),
]);

/** One entry of `/token-profiles/latest/v1` or `/token-boosts/latest/v1`. */
export const dexScreenerDiscoverySchema = z.object({
  chainId: z.string(),
  tokenAddress: z.string().min(1),
  url: z.string().nullish(),
  icon: z.string().nullish(),
  description: z.string().nullish(),
  links: lenientList(linkSchema),
  amount: optionalNumber,
  totalAmount: optionalNumber,
});

/** A token DexScreener surfaced through its latest profiles or boosts (a discovery signal, not a quote). */
export interface DexScreenerDiscovery {
  kind: 'PROFILE' | 'BOOST';
  chain: Chain;
  address: string;
  url: string | null;
  iconUrl: string | null;
  description: string | null;
  links: { type: string | null; label: string | null; url: string }[];
  /** Boost amount of this order (boosts only). */
  boostAmount: number | null;
  /** Total active boost amount of the token (boosts only). */
  boostTotal: number | null;
  fetchedAt: string;
}

/** Pools mapped from a pairs body. */
export interface DexScreenerPools {
  /** Pools whose base token is one of the requested tokens (every supported pool when no filter is given). */
  pools: PoolObservation[];
  /**
   * Valid pools left out by the base filter, typically those where a requested token is the quote side:
   * they are complete observations of their own base token, so callers may keep them.
   */
  otherPools: PoolObservation[];
  /** Items dropped as malformed. */
  dropped: number;
}

const windows = { m5: 'M5', h1: 'H1', h6: 'H6', h24: 'H24' } as const;

/** DexScreener per-window values as model windows, leaving out windows it did not report. */
function toByWindow<T>(values: Partial<Record<keyof typeof windows, T | null | undefined>> | null | undefined) {
  const out: ByWindow<T> = {};
  for (const [key, window] of Object.entries(windows) as [keyof typeof windows, keyof ByWindow<T>][]) {
    const value = values?.[key];
    if (value !== null && value !== undefined) out[window] = value;
  }
  return out;
}

/** Maps one valid pair; null when its chain is not one we serve. */
export function toDexScreenerPoolObservation(pair: DexScreenerPair, fetchedAt: string): PoolObservation | null {
  const chain = chainByDexScreenerId.get(pair.chainId);
  if (!chain) return null;
  const side = (token: DexScreenerPair['baseToken']) => ({
    address: toCanonicalAddress(chain, token.address),
    name: token.name ?? null,
    symbol: token.symbol ?? null,
  });
  return {
    source: 'DEXSCREENER',
    chain,
    address: toCanonicalAddress(chain, pair.pairAddress),
    dex: pair.dexId,
    base: side(pair.baseToken),
    quote: side(pair.quoteToken),
    priceUsd: pair.priceUsd ?? null,
    priceNative: pair.priceNative ?? null,
    liquidityUsd: pair.liquidity?.usd ?? null,
    volumeUsd: toByWindow(pair.volume),
    txns: toByWindow<TxnCounts>(pair.txns),
    priceChangePct: toByWindow(pair.priceChange),
    fdvUsd: pair.fdv ?? null,
    marketCapUsd: pair.marketCap ?? null,
    createdAt: typeof pair.pairCreatedAt === 'number' ? new Date(pair.pairCreatedAt).toISOString() : null,
    url: pair.url ?? null,
    imageUrl: pair.info?.imageUrl ?? null,
    fetchedAt,
  };
}

/**
 * Maps a pairs body (bare array or `{pairs}`) to pool observations. With `baseAddresses` (canonical),
 * only pools whose base token was requested land in `pools`; the others go to `otherPools`. Pairs on
 * unsupported chains are skipped; malformed pairs are dropped and counted; a malformed body throws.
 */
export function toDexScreenerPoolObservations(
  body: unknown,
  fetchedAt: string,
  options: { baseAddresses?: readonly string[] } = {},
): DexScreenerPools {
  const { items, dropped } = parseItems(pairsBodySchema.parse(body), dexScreenerPairSchema);
  const wanted = options.baseAddresses ? new Set(options.baseAddresses) : null;
  const pools: PoolObservation[] = [];
  const otherPools: PoolObservation[] = [];
  for (const pair of items) {
    const pool = toDexScreenerPoolObservation(pair, fetchedAt);
    if (!pool) continue;
    (wanted === null || wanted.has(pool.base.address) ? pools : otherPools).push(pool);
  }
  return { pools, otherPools, dropped };
}

/** Maps a latest-profiles or latest-boosts body (an array) to discoveries on supported chains. */
export function toDexScreenerDiscoveries(
  body: unknown,
  kind: DexScreenerDiscovery['kind'],
  fetchedAt: string,
): { discoveries: DexScreenerDiscovery[]; dropped: number } {
  const { items, dropped } = parseItems(z.array(z.unknown()).parse(body), dexScreenerDiscoverySchema);
  const discoveries: DexScreenerDiscovery[] = [];
  for (const item of items) {
    const chain = chainByDexScreenerId.get(item.chainId);
    if (!chain) continue;
    discoveries.push({
      kind,
      chain,
      address: toCanonicalAddress(chain, item.tokenAddress),
      url: item.url ?? null,
      iconUrl: item.icon ?? null,
      description: item.description ?? null,
      links: item.links,
      boostAmount: kind === 'BOOST' ? (item.amount ?? null) : null,
      boostTotal: kind === 'BOOST' ? (item.totalAmount ?? null) : null,
      fetchedAt,
    });
  }
  return { discoveries, dropped };
}
