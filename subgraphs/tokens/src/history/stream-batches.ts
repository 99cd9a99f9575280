import { Stream, type ParsedBatch, type Streams } from '@memegraph/contracts';
import type { BatchOutcome, DurableStreamPort, Logger, StreamMessage } from '@memegraph/infra';
import type { ReadSession } from '../db/read-router.js';
import { toTokenKeyString, type TokenKey } from '../token/token-key.js';
import type { HistoryRepository } from './history.repository.js';

/**
 * Splits a batch of batch messages (parsed item by item by the stream's schema) into valid items and
 * messages to dead-letter. A message with invalid items is dead-lettered whole (for inspection) while its
 * valid items are still used: one bad token in an array of 500 must not cost the other 499.
 */
export function splitBatch<T>(
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
 * Hands market-data the 7-day windows of the tokens just recorded (TokenMarket's D7), read after the batch's
 * write. The candles are committed: a failed hand-over is logged, not retried (the next batch sends them).
 */
export async function announceWindows(
  { stream, history, log }: { stream: DurableStreamPort<Streams>; history: HistoryRepository; log: Logger },
  recorded: readonly TokenKey[],
  session: ReadSession,
): Promise<void> {
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
}
