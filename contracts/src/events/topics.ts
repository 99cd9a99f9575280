import { z } from 'zod';
import { chainSchema } from '../chains.js';
import { tokenListSpecSchema } from '../token-list.js';

/** Names of the pub/sub topics (fire-and-forget, only live subscribers receive an event). */
export const Topic = {
  /** market-data → gateways: a token's merged price changed. */
  PRICE_UPDATED: 'price.updated',
  /** market-data → gateways: a token's 5-minute volume started to spike. */
  VOLUME_SPIKED: 'volume.spiked',
  /** tokens → gateways and market-data: a token was stored for the first time. */
  TOKEN_DISCOVERED: 'token.discovered',
  /**
   * tokens → gateways and tokens instances: a stored token's metadata or tracked flag was written (an admin
   * write): what they keep of it is dropped.
   */
  TOKEN_CHANGED: 'token.changed',
  /** gateways → market-data: tokens with live subscribers, polled first. */
  DEMAND_SUBSCRIBED: 'demand.subscribed',
  /** gateways → market-data: ranked lists (tokenListUpdated) with live subscribers, ranked after each poll batch. */
  DEMAND_LISTS: 'demand.lists',
  /** market-data → gateways: a demanded ranked list changed; its whole page, in rank order. */
  LIST_RANKED: 'list.ranked',
} as const;

/** The token an event is about; the rest of Token is resolved through the supergraph. */
export const tokenRefSchema = z.object({ chain: chainSchema, address: z.string() });

/** Per-window values of a live window (M5…H24); a missing window is one no source reported. */
const byLiveWindow = <T extends z.ZodType>(value: T) =>
  z.object({ M5: value.optional(), H1: value.optional(), H6: value.optional(), H24: value.optional() });

/**
 * The token's market record as market-data serves it (TokenMarket) right after the change, without what
 * the event cannot know or carry cheaply: D7 (stored history), `sources` and pools. A gateway answers
 * subscribers' `market` fields from it instead of querying the subgraphs.
 */
export const eventMarketSchema = z.object({
  priceUsd: z.number().nullable(),
  priceNative: z.number().nullable(),
  marketCapUsd: z.number().nullable(),
  fdvUsd: z.number().nullable(),
  liquidityUsd: z.number().nullable(),
  priceSpreadPct: z.number().nullable(),
  volumeUsd: byLiveWindow(z.number()),
  priceChangePct: byLiveWindow(z.number()),
  txns: byLiveWindow(z.object({ buys: z.number(), sells: z.number() })),
  /** ISO-8601, the record's updatedAt. */
  updatedAt: z.string(),
  stale: z.boolean(),
});

/** What `eventMarketSchema` describes. */
export type EventMarket = z.output<typeof eventMarketSchema>;

/** `price.updated`: the new merged price of a token. */
export const priceUpdatedSchema = z.object({
  token: tokenRefSchema,
  /** The served market record after the change; absent from publishers that predate it (then hydrated). */
  market: eventMarketSchema.optional(),
  priceUsd: z.number(),
  /** Null on the first price seen for the token. */
  previousPriceUsd: z.number().nullable(),
  /** Percent change from the previous price; 0 when there is no previous price. */
  changePct: z.number(),
  /** When the price was observed (the market record's updatedAt). */
  at: z.string(),
});

/** `volume.spiked`: a token's volume over a window far above its recent baseline. */
export const volumeSpikedSchema = z.object({
  token: tokenRefSchema,
  window: z.enum(['M5', 'H1', 'H6', 'H24', 'D7']),
  volumeUsd: z.number(),
  baselineVolumeUsd: z.number(),
  ratio: z.number(),
  at: z.string(),
});

/** `token.discovered`: the key of a token stored for the first time. */
export const tokenDiscoveredSchema = tokenRefSchema;

/** `token.changed`: the token whose stored row (metadata, tracked) was just written. */
export const tokenChangedSchema = tokenRefSchema;

/** `demand.subscribed`: token keys (`CHAIN:address`) with live subscribers on one gateway. */
export const demandSubscribedSchema = z.object({ tokens: z.array(z.string()) });

/** `demand.lists`: the ranked lists with live subscribers on one gateway (at most 1000 per message). */
export const demandListsSchema = z.object({ lists: z.array(tokenListSpecSchema).max(1000) });

/** One token of a ranked list: its key and its market record when ranked (what `price.updated` carries). */
export const rankedEntrySchema = z.object({ chain: chainSchema, address: z.string(), market: eventMarketSchema });

/**
 * `list.ranked`: a demanded list's page after a poll batch changed it (its order or a token's values), ranked
 * once by the market-data instance that polled. Carries the whole page, not a diff: gateways diff against
 * what their subscribers have, which also coalesces several batches and heals a lost event.
 */
export const listRankedSchema = z.object({
  /** toTokenListKey(spec). */
  list: z.string(),
  spec: tokenListSpecSchema,
  /** Per publishing instance and list, +1 per publication (for logs and tests; gateways take the latest). */
  version: z.number().int().nonnegative(),
  /** When the list was ranked (ISO-8601). */
  at: z.string(),
  entries: z.array(rankedEntrySchema).max(100),
});

/** The pub/sub event map: each topic's payload schema, checked where an event arrives. */
export const topics = {
  [Topic.PRICE_UPDATED]: priceUpdatedSchema,
  [Topic.VOLUME_SPIKED]: volumeSpikedSchema,
  [Topic.TOKEN_DISCOVERED]: tokenDiscoveredSchema,
  [Topic.TOKEN_CHANGED]: tokenChangedSchema,
  [Topic.DEMAND_SUBSCRIBED]: demandSubscribedSchema,
  [Topic.DEMAND_LISTS]: demandListsSchema,
  [Topic.LIST_RANKED]: listRankedSchema,
};

/** The pub/sub event map's type (what `PubSubPort<Topics>` is generic over). */
export type Topics = typeof topics;

/** A pub/sub topic's name. */
export type TopicName = keyof Topics;

/** What a publisher sends on a topic. */
export type TopicInput<T extends TopicName> = z.input<Topics[T]>;

/** What a subscriber of a topic receives. */
export type TopicPayload<T extends TopicName> = z.output<Topics[T]>;
