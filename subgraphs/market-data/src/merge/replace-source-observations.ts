import type { ObservationBundle, Source } from '../model/market-model.js';

/**
 * Replaces what `source` said about a token with its new observations and drops any observation older
 * than `maxAgeMs`, so a source that stopped answering cannot keep a stale price in the merge forever.
 */
export function replaceSourceObservations(
  bundle: ObservationBundle,
  source: Source,
  update: ObservationBundle,
  nowMs: number,
  maxAgeMs: number,
): ObservationBundle {
  const fresh = <T extends { fetchedAt: string }>(items: T[]) =>
    items.filter((item) => nowMs - Date.parse(item.fetchedAt) <= maxAgeMs);
  return {
    pools: fresh([...bundle.pools.filter((p) => p.source !== source), ...update.pools]),
    quotes: fresh([...bundle.quotes.filter((q) => q.source !== source), ...update.quotes]),
  };
}
