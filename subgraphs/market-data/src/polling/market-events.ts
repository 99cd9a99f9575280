import type { DurableStreamPort, Logger, PubSubPort } from '@memegraph/infra';
import { toPriceUpdate } from '../events/detect-price-change.js';
import { detectVolumeSpike, type VolumeSpikeOptions } from '../events/detect-volume-spike.js';
import type { MarketRecord } from '../market/market-model.js';

/** Topics and streams market-data publishes (payloads are the contract with the gateway and tokens subgraph). */
export const PRICE_UPDATED_TOPIC = 'price.updated';
export const VOLUME_SPIKED_TOPIC = 'volume.spiked';
export const SNAPSHOTS_STREAM = 'market.snapshots';
export const DISCOVERED_STREAM = 'tokens.discovered';

/**
 * Turns refreshed records into events: `price.updated` when the merged price changed and `volume.spiked`
 * when a spike starts (not on every refresh while it lasts), both on pub/sub for live subscribers; and
 * one durable `market.snapshots` message per refresh batch for the stored history.
 */
export class MarketEvents {
  constructor(
    private readonly pubsub: PubSubPort,
    private readonly stream: DurableStreamPort,
    private readonly spike: VolumeSpikeOptions,
    private readonly log: Logger,
  ) {}

  async publish(changes: Array<{ previous: MarketRecord | null; next: MarketRecord }>): Promise<void> {
    const snapshots = [];
    const published: Promise<void>[] = [];
    for (const { previous, next } of changes) {
      const token = { chain: next.chain, address: next.address };
      const update = toPriceUpdate(previous, next);
      if (update) published.push(this.pubsub.publish(PRICE_UPDATED_TOPIC, { token, ...update }));
      const spike = detectVolumeSpike(next, this.spike);
      if (spike && !(previous && detectVolumeSpike(previous, this.spike))) {
        published.push(this.pubsub.publish(VOLUME_SPIKED_TOPIC, { token, ...spike, at: next.updatedAt }));
      }
      if (next.priceUsd !== null && next.priceUsd > 0) {
        snapshots.push({
          ...token,
          priceUsd: next.priceUsd,
          volumeUsdM5: next.volumeUsd.M5 ?? null,
          at: next.updatedAt,
        });
      }
    }
    const results = await Promise.allSettled(published);
    for (const result of results) {
      if (result.status === 'rejected') this.log.warn({ err: result.reason }, 'live event not published');
    }
    // The tokens subgraph accepts at most 1000 snapshots per message.
    for (let i = 0; i < snapshots.length; i += 500)
      await this.stream.append(SNAPSHOTS_STREAM, snapshots.slice(i, i + 500));
  }
}
