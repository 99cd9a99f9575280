import { z } from 'zod';
import { chainSchema, type Chain } from '../chains.js';
import { toCanonicalAddress } from '../token-key.js';
import { TOKEN_METADATA_LIMITS } from '../token-metadata.js';

/*
 * Payloads of the durable streams between market-data and the tokens subgraph (subgraphs never import
 * each other): change them only compatibly.
 */

const isoTime = z.iso.datetime({ offset: true });

/** A (chain, address) whose address is valid for the chain, canonicalised (EVM lower-cased). */
function withCanonicalAddress<T extends { chain: Chain; address: string }>(value: T, ctx: z.RefinementCtx): T {
  const address = toCanonicalAddress(value.chain, value.address);
  if (address === null) {
    ctx.addIssue({ code: 'custom', path: ['address'], message: `not a valid ${value.chain} address` });
    return z.NEVER;
  }
  return { ...value, address };
}

/** A tracking change the tokens subgraph appends on trackToken / untrackToken: `{ chain, address, tracked }`. */
export const trackingChangeSchema = z.object({
  chain: chainSchema,
  address: z.string().min(1).max(64),
  tracked: z.boolean(),
});

/** One price observation: `{ chain, address, priceUsd, volumeUsdM5?, at }`. */
export const priceSnapshotSchema = z
  .object({
    chain: chainSchema,
    address: z.string(),
    /** Merged USD price; positive and finite. */
    priceUsd: z.number().positive(),
    /** The upstream's rolling 5-minute USD volume at `at`; absent or null when unknown. */
    volumeUsdM5: z.number().nonnegative().nullish(),
    /** When the price was observed (ISO-8601 with offset). */
    at: isoTime,
  })
  .transform(withCanonicalAddress);

/** A price snapshot as the tokens subgraph receives it. */
export type PriceSnapshot = z.output<typeof priceSnapshotSchema>;

/**
 * A token's 7-day window of stored history, as the tokens subgraph computed it right after recording the
 * token's snapshots: `{ chain, address, from, volumeUsd, priceChangePct }` (values null while the history is
 * shorter than 7 days). market-data serves it as TokenMarket's D7 window.
 */
export const historyWindowSchema = z
  .object({
    chain: chainSchema,
    address: z.string(),
    /** Start of the window (ISO-8601 with offset): 7 days before it was computed. */
    from: isoTime,
    volumeUsd: z.number().nullable(),
    priceChangePct: z.number().nullable(),
  })
  .transform(withCanonicalAddress);

/** A 7-day history window as market-data receives it. */
export type HistoryWindow = z.output<typeof historyWindowSchema>;

/** Resolutions of stored candles (as the API's `Resolution` enum). */
export const candleResolutionSchema = z.enum(['M1', 'M5', 'M15', 'H1', 'H4', 'D1']);

/** Where a backfilled candle came from (the store marks each candle with its source). */
export const candleSourceSchema = z.enum(['GECKOTERMINAL']);

/**
 * A candle backfilled from an upstream's OHLCV (history from before our own snapshots):
 * `{ chain, address, resolution, t, open, high, low, close, volumeUsd, source }`. `t` is the bucket start,
 * aligned to the resolution; prices positive and finite with low ≤ open, close ≤ high.
 */
export const backfilledCandleSchema = z
  .object({
    chain: chainSchema,
    address: z.string(),
    resolution: candleResolutionSchema,
    /** Bucket start (ISO-8601 with offset). */
    t: isoTime,
    open: z.number().positive(),
    high: z.number().positive(),
    low: z.number().positive(),
    close: z.number().positive(),
    /** USD volume traded in the bucket; null when unknown. */
    volumeUsd: z.number().nonnegative().nullable(),
    source: candleSourceSchema,
  })
  .refine((c) => c.low <= Math.min(c.open, c.close) && c.high >= Math.max(c.open, c.close), {
    message: 'low and high must bound open and close',
  })
  .transform(withCanonicalAddress);

/** A backfilled candle as the tokens subgraph receives it. */
export type BackfilledCandle = z.output<typeof backfilledCandleSchema>;

/** An http(s) URL in its normal form (as admin input is stored). */
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).toString());
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((s) => s.slice(0, max));

const { nameLength, symbolLength, linkKindLength, minDecimals, maxDecimals } = TOKEN_METADATA_LIMITS;

/**
 * A token market-data discovered: `{ chain, address, name, symbol, decimals, imageUrl, links, discoveredAt }`.
 * Upstream metadata is messy, so optional parts degrade instead of refusing the token: an invalid image URL
 * becomes null, invalid links are dropped, overlong names are cut (to the admin input's limits).
 */
export const discoveredTokenSchema = z
  .object({
    chain: chainSchema,
    address: z.string(),
    name: text(nameLength),
    symbol: text(symbolLength),
    decimals: z.number().int().min(minDecimals).max(maxDecimals).nullish().catch(null),
    imageUrl: httpUrl.nullish().catch(null),
    links: z
      .array(z.unknown())
      .nullish()
      .transform((links) =>
        (links ?? []).flatMap((raw) => {
          const link = z.object({ kind: text(linkKindLength), url: httpUrl }).safeParse(raw);
          return link.success ? [{ kind: link.data.kind.toLowerCase(), url: link.data.url }] : [];
        }),
      ),
    discoveredAt: isoTime,
  })
  .transform(withCanonicalAddress);

/** A discovered token as the tokens subgraph receives it. */
export type DiscoveredToken = z.output<typeof discoveredTokenSchema>;
