import type { Logger } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';
import { mergeToken, type MergeTokenOptions } from '../merge/merge-token.js';
import { replaceSourceObservations } from '../merge/replace-source-observations.js';
import {
  type MarketRecord,
  type ObservationBundle,
  type PoolObservation,
  type Source,
  type TokenQuoteObservation,
} from '../model/market-model.js';
import type { MarketStore } from '../store/market-store.js';
import { fromTokenKey } from '../tracking/token-set.js';
import type { UpstreamSources } from '../upstreams/upstream-source.js';
import type { MarketEvents } from '../events/market-event.publisher.js';

/** What a refresh needs. */
export interface RefreshDeps {
  clients: UpstreamSources;
  store: MarketStore;
  events: MarketEvents;
  log: Logger;
  merge?: Partial<MergeTokenOptions>;
  /** Observations older than this leave the merge (STALE_MAX_SECONDS). */
  maxObservationAgeMs: number;
  now?: () => number;
}

const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/**
 * Refreshes tokens from one source: fetch, replace that source's observations in each token's bundle,
 * re-merge with what the other sources said last, store, and publish the changes. A failing source
 * leaves everything as it was (the error is already counted by the adapter); the records then age into
 * `stale: true` if every source keeps failing. Returns how many tokens were re-merged and which could not
 * be fetched (so the caller can give their polling leases back).
 */
export async function refreshFromSource(
  source: Source,
  tokenKeys: readonly string[],
  deps: RefreshDeps,
): Promise<{ merged: number; failed: string[] }> {
  const now = deps.now ?? Date.now;
  const updates = new Map<string, ObservationBundle>();
  const failed: string[] = [];
  const byChain = groupBy(tokenKeys.map(fromTokenKey), (t) => t.chain);
  await Promise.all(
    [...byChain].map(async ([chain, tokens]) => {
      try {
        // What the source says about these tokens (one call per chunk, its own rules inside the adapter).
        const { pools, quotes } = await deps.clients[source].observe(
          chain as Chain,
          tokens.map((t) => t.address),
        );
        for (const token of tokens) {
          const key = `${chain}:${token.address}`;
          updates.set(key, {
            pools: pools.filter((p: PoolObservation) => p.base.address === token.address),
            quotes: quotes.filter((q: TokenQuoteObservation) => q.address === token.address),
          });
        }
      } catch (error) {
        failed.push(...tokens.map((t) => `${chain}:${t.address}`));
        deps.log.debug({ source, chain, err: (error as Error).message }, 'refresh from source failed');
      }
    }),
  );
  if (updates.size === 0) return { merged: 0, failed };

  const keys = [...updates.keys()];
  const [bundles, previous] = await Promise.all([deps.store.getBundles(keys), deps.store.getMany(keys)]);
  const changes: Array<{ previous: MarketRecord | null; next: MarketRecord }> = [];
  await Promise.all(
    keys.map(async (key, i) => {
      const bundle = replaceSourceObservations(bundles[i]!, source, updates.get(key)!, now(), deps.maxObservationAgeMs);
      await deps.store.putBundle(key, bundle);
      const { chain, address } = fromTokenKey(key);
      const record = mergeToken(chain as Chain, address, bundle.pools, bundle.quotes, deps.merge);
      if (!record) return;
      await deps.store.putRecord(record);
      changes.push({ previous: previous[i]?.record ?? null, next: record });
    }),
  );
  await deps.events.publish(changes);
  return { merged: changes.length, failed };
}
