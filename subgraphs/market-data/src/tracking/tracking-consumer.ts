import { z } from 'zod';
import type { DurableStreamPort, Logger, StreamConsumer } from '@memegraph/infra';
import type { TokenSetPort } from './token-set.js';

/** Durable stream of tracking changes the tokens subgraph appends on trackToken / untrackToken. */
export const TRACKING_STREAM = 'tokens.tracking';

const trackingSchema = z.object({
  chain: z.enum(['SOLANA', 'ETHEREUM', 'BASE', 'BSC']),
  address: z.string().min(1).max(64),
  tracked: z.boolean(),
});

/**
 * Keeps the shared tracked set in step with the tokens subgraph. One consumer group for all instances
 * (the set lives in Redis); a group created later starts from the oldest retained message, so a fresh
 * deployment rebuilds the set. Malformed messages are refused to the dead-letter stream.
 */
export function startTrackingConsumer(
  stream: DurableStreamPort,
  tokens: TokenSetPort,
  instanceId: string,
  log: Logger,
): Promise<StreamConsumer> {
  return stream.consume(TRACKING_STREAM, 'market-data', instanceId, async (messages) => {
    const rejected: Array<{ id: string; reason: string }> = [];
    for (const message of messages) {
      const parsed = trackingSchema.safeParse(message.payload);
      if (!parsed.success) {
        rejected.push({ id: message.id, reason: parsed.error.message });
        continue;
      }
      await tokens.setTracked(`${parsed.data.chain}:${parsed.data.address}`, parsed.data.tracked);
    }
    if (rejected.length > 0) log.warn({ rejected: rejected.length }, 'malformed tracking messages refused');
    return { rejected };
  });
}
