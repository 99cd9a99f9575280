import { Stream, Topic, type Streams, type Topics } from '@memegraph/contracts';
import type { DurableStreamPort, Logger, PubSubPort } from '@memegraph/infra';
import { toPriceUpdate } from './detect-price-change.js';
import { detectVolumeSpike, type VolumeSpikeOptions } from './detect-volume-spike.js';
import type { MarketRecord } from '../model/market-model.js';
import { toEventMarket } from './to-event-market.js';

/**
 * Turns refreshed records into events: `price.updated` (carrying the new served market record, so gateways
 * answer subscribers' market fields without a subgraph call) when the merged price changed and `volume.spiked`
 * when a spike starts (not on every refresh while it lasts), both on pub/sub for live subscribers; and
 * one durable `market.snapshots` message per refresh batch for the stored history; then `afterBatch`.
 */
export class MarketEvents {
  constructor(
    private readonly pubsub: PubSubPort<Topics>,
    private readonly stream: DurableStreamPort<Streams>,
    private readonly spike: VolumeSpikeOptions,
    /** CACHE_TTL_SECONDS: past it a record is served stale (the carried record says so too). */
    private readonly cacheTtlSeconds: number,
    private readonly log: Logger,
    /** Runs after each batch that changed a record (ranks the demanded live lists). */
    private readonly afterBatch: () => Promise<void> = async () => undefined,
  ) {}

  async publish(changes: Array<{ previous: MarketRecord | null; next: MarketRecord }>): Promise<void> {
    const snapshots = [];
    const published: Promise<void>[] = [];
    for (const { previous, next } of changes) {
      const token = { chain: next.chain, address: next.address };
      const update = toPriceUpdate(previous, next);
      if (update) {
        const market = toEventMarket(next, this.cacheTtlSeconds);
        published.push(this.pubsub.publish(Topic.PRICE_UPDATED, { token, ...update, market }));
      }
      const spike = detectVolumeSpike(next, this.spike);
      if (spike && !(previous && detectVolumeSpike(previous, this.spike))) {
        published.push(this.pubsub.publish(Topic.VOLUME_SPIKED, { token, ...spike, at: next.updatedAt }));
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
    if (changes.length > 0) published.push(this.afterBatch());
    const results = await Promise.allSettled(published);
    for (const result of results) {
      if (result.status === 'rejected') this.log.warn({ err: result.reason }, 'live event not published');
    }
    // The tokens subgraph accepts at most 1000 snapshots per message.
    for (let i = 0; i < snapshots.length; i += 500)
      await this.stream.append(Stream.MARKET_SNAPSHOTS, snapshots.slice(i, i + 500));
  }
}
