import { z } from 'zod';
import type { Chain } from '../generated/resolvers.js';
import { toCanonicalAddress } from '../token/token-key.js';

/**
 * Payloads of the durable streams market-data produces and this subgraph consumes. They are a contract
 * between the two services (subgraphs never import each other): change them only compatibly.
 */

/** Durable stream of price snapshots: one snapshot or an array of 1-1000 per message. */
export const SNAPSHOTS_STREAM = 'market.snapshots';
/** Durable stream of tokens market-data has seen for the first time: one token or an array of 1-1000 per message. */
export const DISCOVERED_STREAM = 'tokens.discovered';

const chainSchema = z.enum(['SOLANA', 'ETHEREUM', 'BASE', 'BSC'] satisfies Chain[]);
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

export type PriceSnapshot = z.output<typeof priceSnapshotSchema>;

/** An http(s) URL in its normal form (as admin input is stored). */
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).toString());
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((s) => s.slice(0, max));

/**
 * A token market-data discovered: `{ chain, address, name, symbol, decimals, imageUrl, links, discoveredAt }`.
 * Upstream metadata is messy, so optional parts degrade instead of refusing the token: an invalid image URL
 * becomes null, invalid links are dropped, overlong names are cut (to the admin input's limits).
 */
export const discoveredTokenSchema = z
  .object({
    chain: chainSchema,
    address: z.string(),
    name: text(200),
    symbol: text(50),
    decimals: z.number().int().min(0).max(36).nullish().catch(null),
    imageUrl: httpUrl.nullish().catch(null),
    links: z
      .array(z.unknown())
      .nullish()
      .transform((links) =>
        (links ?? []).flatMap((raw) => {
          const link = z.object({ kind: text(50), url: httpUrl }).safeParse(raw);
          return link.success ? [{ kind: link.data.kind.toLowerCase(), url: link.data.url }] : [];
        }),
      ),
    discoveredAt: isoTime,
  })
  .transform(withCanonicalAddress);

export type DiscoveredToken = z.output<typeof discoveredTokenSchema>;

/** Most items one message may carry. */
export const MAX_ITEMS_PER_MESSAGE = 1000;

/**
 * Parses a message of one item or an array of 1-1000 items, item by item: the valid items, and a short
 * account of the invalid ones (paths start with the item's index), null when every item is valid.
 */
export function parseMessage<S extends z.ZodType>(
  item: S,
  payload: unknown,
): { items: z.output<S>[]; problem: string | null } {
  const list: unknown[] = Array.isArray(payload) ? payload : [payload];
  if (list.length === 0 || list.length > MAX_ITEMS_PER_MESSAGE) {
    return { items: [], problem: `expected 1-${MAX_ITEMS_PER_MESSAGE} items, got ${list.length}` };
  }
  const items: z.output<S>[] = [];
  const problems: string[] = [];
  list.forEach((value, index) => {
    const parsed = item.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `${[index, ...i.path].join('.')}: ${i.message}`));
  });
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return { items, problem: problems.length === 0 ? null : problems.slice(0, 5).join('; ') + more };
}
