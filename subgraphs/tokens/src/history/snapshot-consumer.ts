import type {
  BatchOutcome,
  ConsumeOptions,
  DurableStreamPort,
  Logger,
  PubSubPort,
  StreamMessage,
} from '@memegraph/infra';
import type { z } from 'zod';
import type { HistoryRepository } from './history.repository.js';
import {
  DISCOVERED_STREAM,
  SNAPSHOTS_STREAM,
  discoveredTokenSchema,
  parseMessage,
  priceSnapshotSchema,
} from './snapshot.schema.js';

/** The tokens subgraph's consumer group on the market-data streams (every instance joins it). */
export const TOKENS_CONSUMER_GROUP = 'tokens';
/** Pub/sub topic announcing a token stored for the first time; payload `{ chain, address }`. */
export const TOKEN_DISCOVERED_TOPIC = 'token.discovered';

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
  stream: DurableStreamPort;
  /** Where `token.discovered` is announced. */
  pubsub: PubSubPort;
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
 * Splits a batch into valid items and messages to dead-letter. A message with invalid items is
 * dead-lettered whole (for inspection) while its valid items are still used: one bad token in an
 * array of 500 must not cost the other 499. Never throws for bad input.
 */
function parseBatch<S extends z.ZodType>(
  messages: StreamMessage[],
  item: S,
  stream: string,
  log: Logger,
): { valid: z.output<S>[]; rejected: NonNullable<BatchOutcome['rejected']> } {
  const valid: z.output<S>[] = [];
  const rejected: NonNullable<BatchOutcome['rejected']> = [];
  for (const message of messages) {
    const { items, problem } = parseMessage(item, message.payload);
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
 * - `market.snapshots`: price snapshots, recorded as candles at every resolution;
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
    handled: { [SNAPSHOTS_STREAM]: 0, [DISCOVERED_STREAM]: 0 },
    rejected: { [SNAPSHOTS_STREAM]: 0, [DISCOVERED_STREAM]: 0 },
  };
  const count = (name: string, messages: StreamMessage[], rejected: unknown[]) => {
    stats.handled[name]! += messages.length - rejected.length;
    stats.rejected[name]! += rejected.length;
  };

  const snapshots = await stream.consume(
    SNAPSHOTS_STREAM,
    TOKENS_CONSUMER_GROUP,
    consumerName,
    async (messages) => {
      const { valid, rejected } = parseBatch(messages, priceSnapshotSchema, SNAPSHOTS_STREAM, log);
      await history.recordSnapshots(valid);
      stats.snapshots += valid.length;
      count(SNAPSHOTS_STREAM, messages, rejected);
      return { rejected };
    },
    options,
  );

  const discovered = await stream
    .consume(
      DISCOVERED_STREAM,
      TOKENS_CONSUMER_GROUP,
      consumerName,
      async (messages) => {
        const { valid, rejected } = parseBatch(messages, discoveredTokenSchema, DISCOVERED_STREAM, log);
        const inserted = await history.insertDiscovered(valid);
        stats.tokensInserted += inserted.length;
        count(DISCOVERED_STREAM, messages, rejected);
        for (const key of inserted) {
          // The row is committed: a failed announcement is logged, not retried (a retry would insert nothing).
          await pubsub
            .publish(TOKEN_DISCOVERED_TOPIC, { chain: key.chain, address: key.address })
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
