/**
 * GeckoTerminal (JSON:API) response schemas and pure mappers to the domain model. Every amount is a
 * decimal string and becomes a number here; ids are `{network}_{address}`; related objects come through
 * `relationships` and, with `include=`, the top-level `included` list.
 */
import { z } from 'zod';
import type { ByWindow, Chain, PoolObservation, PoolSide, TokenQuoteObservation } from '../model/market-model.js';
import { decimalString, parseItems, toCanonicalAddress } from './upstream-schema.js';

/** GeckoTerminal network id of each supported chain. */
export const geckoTerminalNetworks: Record<Chain, string> = {
  SOLANA: 'solana',
  ETHEREUM: 'eth',
  BASE: 'base',
  BSC: 'bsc',
};

const chainByNetwork = new Map(Object.entries(geckoTerminalNetworks).map(([chain, id]) => [id, chain as Chain]));

const optionalDecimal = decimalString.nullish();
const reference = z.object({ data: z.object({ id: z.string(), type: z.string() }) });
const windowsOf = <S extends z.ZodType>(value: S) =>
  z.object({ m5: value.nullish(), h1: value.nullish(), h6: value.nullish(), h24: value.nullish() }).nullish();

/** A `token` resource (tokens/multi data, or an `included` token with fewer attributes). */
export const geckoTerminalTokenSchema = z.object({
  id: z.string(),
  type: z.literal('token'),
  attributes: z.object({
    address: z.string().min(1),
    name: z.string().nullish(),
    symbol: z.string().nullish(),
    decimals: z.number().int().nullish(),
    image_url: z.string().nullish(),
    price_usd: optionalDecimal,
    fdv_usd: optionalDecimal,
    total_reserve_in_usd: optionalDecimal,
    volume_usd: z.object({ h24: optionalDecimal }).nullish(),
    market_cap_usd: optionalDecimal,
  }),
  relationships: z.object({ top_pools: z.object({ data: z.array(z.object({ id: z.string() })) }).nullish() }).nullish(),
});

/** A `pool` resource. */
export const geckoTerminalPoolSchema = z.object({
  id: z.string(),
  type: z.literal('pool'),
  attributes: z.object({
    address: z.string().min(1),
    name: z.string().nullish(),
    base_token_price_usd: optionalDecimal,
    base_token_price_quote_token: optionalDecimal,
    pool_created_at: z.string().nullish(),
    fdv_usd: optionalDecimal,
    market_cap_usd: optionalDecimal,
    reserve_in_usd: optionalDecimal,
    price_change_percentage: windowsOf(decimalString),
    volume_usd: windowsOf(decimalString),
    transactions: windowsOf(z.object({ buys: z.number().int(), sells: z.number().int() })),
  }),
  relationships: z.object({ base_token: reference, quote_token: reference, dex: reference.nullish() }),
});

type GtToken = z.output<typeof geckoTerminalTokenSchema>;
type GtPool = z.output<typeof geckoTerminalPoolSchema>;

const documentSchema = z.object({ data: z.array(z.unknown()), included: z.array(z.unknown()).nullish() });

/** GeckoTerminal dex ids that DexScreener spells differently (the model uses DexScreener's). */
const dexAliases: Record<string, string> = { 'pump-fun': 'pumpfun', 'raydium-clmm': 'raydium' };

/** The chain of a resource whose id is `{network}_{address}` (network ids may contain `_`, addresses not). */
function chainOfId(id: string, address: string): Chain | undefined {
  return id.endsWith(`_${address}`) ? chainByNetwork.get(id.slice(0, -address.length - 1)) : undefined;
}

/** GeckoTerminal's placeholder for a token without an image. */
const toImageUrl = (url: string | null | undefined): string | null => (url && url !== 'missing.png' ? url : null);

const windows = { m5: 'M5', h1: 'H1', h6: 'H6', h24: 'H24' } as const;

function toByWindow<In, Out>(
  values: Partial<Record<keyof typeof windows, In | null | undefined>> | null | undefined,
  map: (value: In) => Out,
): ByWindow<Out> {
  const out: ByWindow<Out> = {};
  for (const [key, window] of Object.entries(windows) as [keyof typeof windows, keyof ByWindow<Out>][]) {
    const value = values?.[key];
    if (value !== null && value !== undefined) out[window] = map(value);
  }
  return out;
}

const typeOf = (resource: unknown): unknown => (resource as { type?: unknown } | null)?.type;

/**
 * Splits `included` into valid tokens (by id) and pools. Invalid tokens and pools, and entries without a
 * type, are counted; other resource types (dex) are not needed and ignored.
 */
function indexIncluded(included: readonly unknown[]) {
  const tokens = parseItems(
    included.filter((r) => typeOf(r) === 'token'),
    geckoTerminalTokenSchema,
  );
  const pools = parseItems(
    included.filter((r) => typeOf(r) === 'pool'),
    geckoTerminalPoolSchema,
  );
  const untyped = included.filter((r) => typeof typeOf(r) !== 'string').length;
  return {
    tokens: new Map(tokens.items.map((t) => [t.id, t])),
    pools: pools.items,
    dropped: tokens.dropped + pools.dropped + untyped,
  };
}

/** Maps one pool, naming its sides from the token resources at hand (else from the `A / B` pool name). */
function toPoolObservation(pool: GtPool, tokens: Map<string, GtToken>, fetchedAt: string): PoolObservation | null {
  const { attributes: a, relationships: r } = pool;
  const chain = chainOfId(pool.id, a.address);
  if (!chain) return null;
  const baseId = r.base_token.data.id;
  const quoteId = r.quote_token.data.id;
  const network = geckoTerminalNetworks[chain];
  // Pool names look like "BONKX / SOL" or "WETH / USDC 0.05%": the fallback when a side was not included.
  const [baseName, quoteName] = (a.name ?? '').split(' / ').map((s) => s.replace(/\s+[\d.]+%$/, '').trim());
  const side = (id: string, fallbackSymbol: string | undefined): PoolSide => {
    const token = tokens.get(id)?.attributes;
    const address = token?.address ?? id.slice(network.length + 1);
    return {
      address: toCanonicalAddress(chain, address),
      name: token?.name ?? null,
      symbol: token?.symbol ?? (fallbackSymbol || null),
    };
  };
  const dexId = r.dex?.data?.id ?? 'unknown';
  const address = toCanonicalAddress(chain, a.address);
  return {
    source: 'GECKOTERMINAL',
    chain,
    address,
    dex: dexAliases[dexId] ?? dexId,
    base: side(baseId, baseName),
    quote: side(quoteId, quoteName),
    priceUsd: a.base_token_price_usd ?? null,
    // Price in the quote token, as DexScreener's priceNative (not in the chain's native currency).
    priceNative: a.base_token_price_quote_token ?? null,
    liquidityUsd: a.reserve_in_usd ?? null,
    volumeUsd: toByWindow(a.volume_usd, (v) => v),
    txns: toByWindow(a.transactions, (t) => ({ buys: t.buys, sells: t.sells })),
    priceChangePct: toByWindow(a.price_change_percentage, (v) => v),
    fdvUsd: a.fdv_usd ?? null,
    marketCapUsd: a.market_cap_usd ?? null,
    createdAt: toIsoTime(a.pool_created_at),
    url: `https://www.geckoterminal.com/${network}/pools/${address}`,
    imageUrl: toImageUrl(tokens.get(baseId)?.attributes.image_url),
    fetchedAt,
  };
}

function toIsoTime(value: string | null | undefined): string | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** One token resource as a token-level quote; null when its id names no supported chain. */
function toTokenQuote({ id, attributes: a }: GtToken, fetchedAt: string): TokenQuoteObservation | null {
  const chain = chainOfId(id, a.address);
  if (!chain) return null;
  return {
    source: 'GECKOTERMINAL',
    chain,
    address: toCanonicalAddress(chain, a.address),
    name: a.name ?? null,
    symbol: a.symbol ?? null,
    decimals: a.decimals ?? null,
    imageUrl: toImageUrl(a.image_url),
    priceUsd: a.price_usd ?? null,
    liquidityUsd: a.total_reserve_in_usd ?? null,
    volumeUsd24h: a.volume_usd?.h24 ?? null,
    // Token attributes carry no price change; the pools do.
    priceChange24hPct: null,
    marketCapUsd: a.market_cap_usd ?? null,
    fdvUsd: a.fdv_usd ?? null,
    fetchedAt,
  };
}

/**
 * Maps `/networks/{network}/tokens/{address}` (one token resource): its quote, or null when the resource
 * names no supported chain. A malformed resource throws (the body is all one token).
 */
export function toGeckoTerminalTokenObservation(
  body: unknown,
  fetchedAt: string,
): { token: TokenQuoteObservation | null; dropped: number } {
  const { data } = z.object({ data: geckoTerminalTokenSchema }).parse(body);
  return { token: toTokenQuote(data, fetchedAt), dropped: 0 };
}

/**
 * Maps `/networks/{network}/tokens/multi/{addresses}?include=top_pools`: one token-level quote per
 * token (liquidity = the token's reserve across its pools) plus its top pools from `included`.
 */
export function toGeckoTerminalTokenObservations(
  body: unknown,
  fetchedAt: string,
): { tokens: TokenQuoteObservation[]; pools: PoolObservation[]; dropped: number } {
  const document = documentSchema.parse(body);
  const data = parseItems(document.data, geckoTerminalTokenSchema);
  const included = indexIncluded(document.included ?? []);
  const tokensById = new Map([...included.tokens, ...data.items.map((t) => [t.id, t] as const)]);
  const tokens = data.items.flatMap((token) => toTokenQuote(token, fetchedAt) ?? []);
  const pools = included.pools.flatMap((pool) => toPoolObservation(pool, tokensById, fetchedAt) ?? []);
  return { tokens, pools, dropped: data.dropped + included.dropped };
}

/**
 * Maps a pools list (`trending_pools`, `new_pools`, ideally with `include=base_token,quote_token,dex`)
 * to pool observations. Malformed pools are dropped and counted; a malformed document throws.
 */
export function toGeckoTerminalPoolObservations(
  body: unknown,
  fetchedAt: string,
): { pools: PoolObservation[]; dropped: number } {
  const document = documentSchema.parse(body);
  const data = parseItems(document.data, geckoTerminalPoolSchema);
  const included = indexIncluded(document.included ?? []);
  const pools = data.items.flatMap((pool) => toPoolObservation(pool, included.tokens, fetchedAt) ?? []);
  return { pools, dropped: data.dropped + included.dropped };
}
