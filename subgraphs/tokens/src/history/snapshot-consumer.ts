import { Stream, Topic, type ParsedBatch, type Streams, type Topics } from '@memegraph/contracts';
import type {
  BatchOutcome,
  ConsumeOptions,
  DurableStreamPort,
  Logger,
  PubSubPort,
  StreamMessage,
} from '@memegraph/infra';
import type { ReadSession } from '../db/read-router.js';
import { toTokenKeyString, type TokenKey } from '../token/token-key.js';
import type { HistoryRepository } from './history.repository.js';

/** The tokens subgraph's consumer group on the market-data streams (every instance joins it). */
export const TOKENS_CONSUMER_GROUP = 'tokens';

/** Counters of one ingestion since it started (redelivered messages count again). */
export interface IngestionStats {
  /** Snapshots recorded into candles. */
  snapshots: number;
  /** Tokens inserted because market-data discovered them. */
  tokensInserted: number;
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
  /** Stops both consumers after their in-flight batches. */
  stop(): Promise<void>;
}

/**
 * Splits a batch of batch messages (parsed item by item by the stream's schema) into valid items and
 * messages to dead-letter. A message with invalid items is dead-lettered whole (for inspection) while its
 * valid items are still used: one bad token in an array of 500 must not cost the other 499.
 */
function splitBatch<T>(
  messages: StreamMessage<ParsedBatch<T>>[],
  stream: string,
  log: Logger,
): { valid: T[]; rejected: NonNullable<BatchOutcome['rejected']> } {
  const valid: T[] = [];
  const rejected: NonNullable<BatchOutcome['rejected']> = [];
  for (const message of messages) {
    const { items, problem } = message.payload;
    valid.push(...items);
    if (problem !== null) {
      log.warn({ stream, id: message.id, reason: problem, validItems: items.length }, 'malformed stream message');
      rejected.push({ id: message.id, reason: problem });
    }
  }
  return { valid, rejected };
}

/**
 * Consumes what market-data publishes on the durable path, writing on the primary:
 * - `market.snapshots`: price snapshots, recorded as candles at every resolution; then the 7-day windows of
 *   the batch's tokens are appended to `history.windows` for market-data (TokenMarket's D7);
 * - `tokens.discovered`: new tokens, inserted unless already stored (existing metadata and tracked flag
 *   are never overwritten); each newly inserted one is announced as `token.discovered` `{ chain, address }`.
 * Resolves once both consumer groups exist.
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
    handled: { [Stream.MARKET_SNAPSHOTS]: 0, [Stream.TOKENS_DISCOVERED]: 0 },
    rejected: { [Stream.MARKET_SNAPSHOTS]: 0, [Stream.TOKENS_DISCOVERED]: 0 },
  };
  const count = (name: string, messages: unknown[], rejected: unknown[]) => {
    stats.handled[name]! += messages.length - rejected.length;
    stats.rejected[name]! += rejected.length;
  };

  /**
   * Hands market-data the 7-day windows of the tokens just recorded (TokenMarket's D7), read after the batch's
   * write. The candles are committed: a failed hand-over is logged, not retried (the next batch sends them).
   */
  const announceWindows = async (recorded: readonly TokenKey[], session: ReadSession) => {
    const keys = [
      ...new Map(recorded.map((k) => [toTokenKeyString(k), { chain: k.chain, address: k.address }])).values(),
    ];
    if (keys.length === 0) return;
    try {
      const found = await history.getD7(session, keys);
      const windows = keys.flatMap((key) => {
        const window = found.get(toTokenKeyString(key));
        return window
          ? [
              {
                ...key,
                from: window.from.toISOString(),
                volumeUsd: window.volumeUsd,
                priceChangePct: window.priceChangePct,
              },
            ]
          : [];
      });
      for (let i = 0; i < windows.length; i += 500)
        await stream.append(Stream.HISTORY_WINDOWS, windows.slice(i, i + 500));
    } catch (error) {
      log.warn({ err: error, tokens: keys.length }, '7-day windows not handed to market-data');
    }
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
      await announceWindows(valid, session);
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

  log.info({ consumer: consumerName, group: TOKENS_CONSUMER_GROUP }, 'consuming market-data streams');
  return {
    stats,
    async stop() {
      await Promise.all([snapshots.stop(), discovered.stop()]);
    },
  };
}
