import { Stream, type Streams, type TokenKey } from '@memegraph/contracts';
import type { DurableStreamPort } from '@memegraph/infra';

/** Announces a tracking change; a no-op when no durable stream is configured. */
export type TrackingPublisher = (key: TokenKey, tracked: boolean) => Promise<void>;

/**
 * Appends tracking changes to the durable `tokens.tracking` stream, consumed by market-data to keep its
 * polling set in step, so a market-data restart misses none.
 */
export function createTrackingPublisher(stream: DurableStreamPort<Streams> | undefined): TrackingPublisher {
  return async (key, tracked) => {
    await stream?.append(Stream.TOKENS_TRACKING, { chain: key.chain, address: key.address, tracked });
  };
}
