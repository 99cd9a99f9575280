/**
 * Jupiter response schemas (price v3, tokens v2) and pure mappers to the domain model. Jupiter quotes
 * Solana tokens only; it omits a token it cannot price, so an absent key means "unknown", not zero.
 */
import { z } from 'zod';
import type { TokenQuoteObservation } from '../model/market-model.js';
import { parseItems } from './upstream-schema.js';

const optionalNumber = z.number().finite().nullish();

/** One entry of `/price/v3?ids=` (the body is an object keyed by mint). */
export const jupiterPriceSchema = z.object({
  usdPrice: z.number().finite(),
  blockId: z.number().int().nullish(),
  decimals: z.number().int().nullish(),
  priceChange24h: optionalNumber,
  liquidity: optionalNumber,
  createdAt: z.string().nullish(),
});

const statsSchema = z.object({
  priceChange: optionalNumber,
  buyVolume: optionalNumber,
  sellVolume: optionalNumber,
  numBuys: optionalNumber,
  numSells: optionalNumber,
});

/** One token of `/tokens/v2/search`; optional fields are omitted by Jupiter when unknown. */
export const jupiterTokenSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  symbol: z.string().nullish(),
  icon: z.string().nullish(),
  decimals: z.number().int().nullish(),
  usdPrice: optionalNumber,
  liquidity: optionalNumber,
  mcap: optionalNumber,
  fdv: optionalNumber,
  stats24h: statsSchema.nullish(),
  audit: z
    .object({
      isSus: z.boolean().nullish(),
      mintAuthorityDisabled: z.boolean().nullish(),
      freezeAuthorityDisabled: z.boolean().nullish(),
    })
    .nullish(),
  organicScore: optionalNumber,
  isVerified: z.boolean().nullish(),
});

export type JupiterToken = z.output<typeof jupiterTokenSchema>;

/**
 * Maps a price v3 body to token quotes. Requested mints Jupiter left out produce nothing (unknown);
 * a null entry is treated the same way; an entry of the wrong shape is dropped and counted.
 */
export function toJupiterPriceObservations(
  body: unknown,
  fetchedAt: string,
): { quotes: TokenQuoteObservation[]; dropped: number } {
  const entries = Object.entries(z.record(z.string(), z.unknown()).parse(body)).filter(([, v]) => v !== null);
  const parsed = parseItems(
    entries.map(([address, value]) => ({ address, value })),
    z.object({ address: z.string().min(1), value: jupiterPriceSchema }),
  );
  const quotes = parsed.items.map(({ address, value }) => ({
    ...emptyQuote(address, fetchedAt),
    decimals: value.decimals ?? null,
    priceUsd: value.usdPrice,
    liquidityUsd: value.liquidity ?? null,
    priceChange24hPct: value.priceChange24h ?? null,
  }));
  return { quotes, dropped: parsed.dropped };
}

/**
 * Maps a tokens v2 search body (an array) to token quotes. Price v3 has no volume: the 24 h volume
 * here is `stats24h.buyVolume + sellVolume`, null when either is missing.
 */
export function toJupiterTokenObservations(
  body: unknown,
  fetchedAt: string,
): { quotes: TokenQuoteObservation[]; dropped: number } {
  const { items, dropped } = parseItems(z.array(z.unknown()).parse(body), jupiterTokenSchema);
  const quotes = items.map((token) => {
    const stats = token.stats24h;
    const volume =
      typeof stats?.buyVolume === 'number' && typeof stats.sellVolume === 'number'
        ? stats.buyVolume + stats.sellVolume
        : null;
    return {
      ...emptyQuote(token.id, fetchedAt),
      name: token.name ?? null,
      symbol: token.symbol ?? null,
      decimals: token.decimals ?? null,
      imageUrl: token.icon ?? null,
      priceUsd: token.usdPrice ?? null,
      liquidityUsd: token.liquidity ?? null,
      volumeUsd24h: volume,
      priceChange24hPct: stats?.priceChange ?? null,
      marketCapUsd: token.mcap ?? null,
      fdvUsd: token.fdv ?? null,
    };
  });
  return { quotes, dropped };
}

/** A Jupiter quote with nothing known yet (Solana mints keep their exact case). */
const emptyQuote = (address: string, fetchedAt: string): TokenQuoteObservation => ({
  source: 'JUPITER',
  chain: 'SOLANA',
  address,
  name: null,
  symbol: null,
  decimals: null,
  imageUrl: null,
  priceUsd: null,
  liquidityUsd: null,
  volumeUsd24h: null,
  priceChange24hPct: null,
  marketCapUsd: null,
  fdvUsd: null,
  fetchedAt,
});
