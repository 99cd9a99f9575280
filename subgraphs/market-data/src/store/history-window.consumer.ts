import { Stream, type Streams } from '@memegraph/contracts';
import type { DurableStreamPort, Logger, StreamConsumer } from '@memegraph/infra';
import type { HistoryWindowStore } from './history-window.store.js';

/**
 * Keeps the 7-day windows the tokens subgraph hands over (`history.windows`) in the shared store. One
 * consumer group for all instances (the store is shared). A message with invalid items is dead-lettered
 * while its valid items are still kept.
 */
export function startHistoryWindowConsumer(
  stream: DurableStreamPort<Streams>,
  windows: HistoryWindowStore,
  instanceId: string,
  log: Logger,
): Promise<StreamConsumer> {
  return stream.consume(Stream.HISTORY_WINDOWS, 'market-data', instanceId, async (messages) => {
    const rejected: Array<{ id: string; reason: string }> = [];
    for (const { id, payload } of messages) {
      await windows.putMany(payload.items);
      if (payload.problem !== null) {
        log.warn({ stream: Stream.HISTORY_WINDOWS, id, reason: payload.problem }, 'malformed stream message');
        rejected.push({ id, reason: payload.problem });
      }
    }
    return { rejected };
  });
}
