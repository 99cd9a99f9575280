import { Stream, Topic, type Streams, type Topics } from '@memegraph/contracts';
import type { ConsumeOptions, DurableStreamPort, Logger, PubSubPort } from '@memegraph/infra';
import type { HistoryRepository } from './history.repository.js';
import { announceWindows, splitBatch } from './stream-batches.js';

/** The tokens subgraph's consumer group on the market-data streams (every instance joins it). */
export const TOKENS_CONSUMER_GROUP = 'tokens';

/** Counters of one ingestion since it started (redelivered messages count again). */
export interface IngestionStats {
  /** Snapshots recorded into candles. */
  snapshots: number;
  /** Tokens inserted because market-data discovered them. */
  tokensInserted: number;
  /** Backfilled candles stored (new slots, or replacing backfilled ones; slots of our own never count). */
  backfilledCandles: number;
  /** Messages handled and acknowledged, per stream (dead-lettered ones excluded). */
  handled: Record<string, number>;
  /** Messages with invalid items, dead-lettered (their valid items still used), per stream. */
  rejected: Record<string, number>;
}

/** What the ingestion needs. */
export interface SnapshotConsumerDeps {
  stream: DurableStreamPort<Streams>;
  /** Where `token.discovered` is announced. */
  pubsub: PubSubPort<Topics>;
  history: HistoryRepository;
  /** Stable per instance (e.g. the host name), so a restart re-handles what the instance left unacknowledged. */
  consumerName: string;
  options?: ConsumeOptions;
  log: Logger;
}

/** A running ingestion. */
export interface SnapshotConsumer {
  readonly stats: IngestionStats;
  /** Stops every consumer after its in-flight batch. */
  stop(): Promise<void>;
}

/**
 * Consumes what market-data publishes on the durable path, writing on the primary:
 * - `market.snapshots`: price snapshots, recorded as candles at every resolution; then the 7-day windows of
 *   the batch's tokens are appended to `history.windows` for market-data (TokenMarket's D7);
 * - `history.candles`: candles backfilled from GeckoTerminal, stored idempotently where our own snapshots have
 *   not written (see candle-source.ts); then the 7-day windows of their tokens go to `history.windows` too;
 * - `tokens.discovered`: new tokens, inserted unless already stored (existing metadata and tracked flag
 *   are never overwritten); each newly inserted one is announced as `token.discovered` `{ chain, address }`.
 * Resolves once every consumer group exists.
 */
export async function startSnapshotConsumer({
  stream,
  pubsub,
  history,
  consumerName,
  options,
  log,
}: SnapshotConsumerDeps): Promise<SnapshotConsumer> {
  const stats: IngestionStats = {
    snapshots: 0,
    tokensInserted: 0,
    backfilledCandles: 0,
    handled: { [Stream.MARKET_SNAPSHOTS]: 0, [Stream.TOKENS_DISCOVERED]: 0, [Stream.HISTORY_CANDLES]: 0 },
    rejected: { [Stream.MARKET_SNAPSHOTS]: 0, [Stream.TOKENS_DISCOVERED]: 0, [Stream.HISTORY_CANDLES]: 0 },
  };
  const count = (name: string, messages: unknown[], rejected: unknown[]) => {
    stats.handled[name]! += messages.length - rejected.length;
    stats.rejected[name]! += rejected.length;
  };

  const snapshots = await stream.consume(
    Stream.MARKET_SNAPSHOTS,
    TOKENS_CONSUMER_GROUP,
    consumerName,
    async (messages) => {
      const { valid, rejected } = splitBatch(messages, Stream.MARKET_SNAPSHOTS, log);
      const session = { minLsn: null };
      await history.recordSnapshots(valid, session);
      stats.snapshots += valid.length;
      count(Stream.MARKET_SNAPSHOTS, messages, rejected);
      await announceWindows({ stream, history, log }, valid, session);
      return { rejected };
    },
    options,
  );

  const discovered = await stream
    .consume(
      Stream.TOKENS_DISCOVERED,
      TOKENS_CONSUMER_GROUP,
      consumerName,
      async (messages) => {
        const { valid, rejected } = splitBatch(messages, Stream.TOKENS_DISCOVERED, log);
        const inserted = await history.insertDiscovered(valid);
        stats.tokensInserted += inserted.length;
        count(Stream.TOKENS_DISCOVERED, messages, rejected);
        for (const key of inserted) {
          // The row is committed: a failed announcement is logged, not retried (a retry would insert nothing).
          await pubsub
            .publish(Topic.TOKEN_DISCOVERED, { chain: key.chain, address: key.address })
            .catch((error: unknown) => log.warn({ err: error, ...key }, 'could not announce a discovered token'));
        }
        if (inserted.length > 0) log.info({ count: inserted.length }, 'stored newly discovered tokens');
        return { rejected };
      },
      options,
    )
    .catch(async (error: unknown) => {
      await snapshots.stop();
      throw error;
    });

  const candles = await stream
    .consume(
      Stream.HISTORY_CANDLES,
      TOKENS_CONSUMER_GROUP,
      consumerName,
      async (messages) => {
        const { valid, rejected } = splitBatch(messages, Stream.HISTORY_CANDLES, log);
        const session = { minLsn: null };
        const { written, misaligned, tokens } = await history.recordBackfill(valid, session);
        stats.backfilledCandles += written;
        count(Stream.HISTORY_CANDLES, messages, rejected);
        if (misaligned > 0) log.warn({ misaligned }, 'backfilled candles not aligned to their resolution: not stored');
        log.info({ received: valid.length, written, tokens: tokens.length }, 'stored backfilled candles');
        await announceWindows({ stream, history, log }, tokens, session);
        return { rejected };
      },
      options,
    )
    .catch(async (error: unknown) => {
      await Promise.all([snapshots.stop(), discovered.stop()]);
      throw error;
    });

  log.info({ consumer: consumerName, group: TOKENS_CONSUMER_GROUP }, 'consuming market-data streams');
  return {
    stats,
    async stop() {
      await Promise.all([snapshots.stop(), discovered.stop(), candles.stop()]);
    },
  };
}
