import type { DurableStreamPort } from '@memegraph/infra';
import type { TokenKey } from './token-key.js';

/**
 * Durable stream of tracking changes, consumed by market-data to keep its polling set in step
 * (payload `{ chain, address, tracked }`, a contract between the two services).
 */
export const TRACKING_STREAM = 'tokens.tracking';

/** Announces a tracking change; a no-op when no durable stream is configured. */
export type TrackingPublisher = (key: TokenKey, tracked: boolean) => Promise<void>;

/** Appends tracking changes to the durable stream, so a market-data restart misses none. */
export function createTrackingPublisher(stream: DurableStreamPort | undefined): TrackingPublisher {
  return async (key, tracked) => {
    await stream?.append(TRACKING_STREAM, { chain: key.chain, address: key.address, tracked });
  };
}
