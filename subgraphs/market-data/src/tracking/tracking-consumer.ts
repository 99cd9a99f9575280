import { Stream, type Streams } from '@memegraph/contracts';
import type { DurableStreamPort, StreamConsumer } from '@memegraph/infra';
import type { TokenSetPort } from './token-set.js';

/**
 * Keeps the shared tracked set in step with the tokens subgraph. One consumer group for all instances
 * (the set lives in Redis); a group created later starts from the oldest retained message, so a fresh
 * deployment rebuilds the set. Malformed messages never get here: the port moves a message that does not
 * match the stream's schema (contracts) to the dead-letter stream and logs it.
 */
export function startTrackingConsumer(
  stream: DurableStreamPort<Streams>,
  tokens: TokenSetPort,
  instanceId: string,
): Promise<StreamConsumer> {
  return stream.consume(Stream.TOKENS_TRACKING, 'market-data', instanceId, async (messages) => {
    for (const { payload } of messages) await tokens.setTracked(`${payload.chain}:${payload.address}`, payload.tracked);
  });
}
