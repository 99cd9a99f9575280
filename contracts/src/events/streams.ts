import type { z } from 'zod';
import { batchOf } from './batch-message.js';
import {
  backfilledCandleSchema,
  discoveredTokenSchema,
  historyWindowSchema,
  priceSnapshotSchema,
  trackingChangeSchema,
} from './stream-payloads.schema.js';

/** Names of the durable streams (Redis Streams: replayable, consumer groups, dead letters). */
export const Stream = {
  /** tokens → market-data: a token's tracking was switched on or off (market-data polls the tracked set). */
  TOKENS_TRACKING: 'tokens.tracking',
  /** market-data → tokens: tokens seen for the first time, one or an array of 1-1000 per message. */
  TOKENS_DISCOVERED: 'tokens.discovered',
  /** market-data → tokens: price snapshots for the stored history, one or an array of 1-1000 per message. */
  MARKET_SNAPSHOTS: 'market.snapshots',
  /**
   * tokens → market-data: 7-day windows of stored history (TokenMarket's D7), recomputed for the tokens of
   * each snapshot batch once recorded; one or an array of 1-1000 per message.
   */
  HISTORY_WINDOWS: 'history.windows',
  /**
   * market-data → tokens: candles backfilled from GeckoTerminal's pool OHLCV for tracked tokens (history from
   * before our own snapshots); stored idempotently, our own snapshots win. One or an array of 1-1000 per message.
   */
  HISTORY_CANDLES: 'history.candles',
} as const;

/** The durable-stream event map: each stream's payload schema, checked where a message is consumed. */
export const streams = {
  [Stream.TOKENS_TRACKING]: trackingChangeSchema,
  [Stream.TOKENS_DISCOVERED]: batchOf(discoveredTokenSchema),
  [Stream.MARKET_SNAPSHOTS]: batchOf(priceSnapshotSchema),
  [Stream.HISTORY_WINDOWS]: batchOf(historyWindowSchema),
  [Stream.HISTORY_CANDLES]: batchOf(backfilledCandleSchema),
};

/** The durable-stream event map's type (what `DurableStreamPort<Streams>` is generic over). */
export type Streams = typeof streams;

/** A durable stream's name. */
export type StreamName = keyof Streams;

/** What a producer appends to a stream. */
export type StreamInput<S extends StreamName> = z.input<Streams[S]>;

/** What a consumer of a stream receives. */
export type StreamPayload<S extends StreamName> = z.output<Streams[S]>;
