import type { TokenSetPort } from './token-set.js';
import type { TrackedKeysSource } from './tracked-keys.client.js';

/** What one reconcile changed. */
export interface ReconcileOutcome {
  /** Tracked in Postgres, missing from the shared set (e.g. Redis came back empty): added. */
  added: number;
  /** In the shared set, not tracked in Postgres (an untrack whose event was lost): removed. */
  removed: number;
}

/**
 * A token tracked this recently is never removed: the tokens subgraph may answer from a replica a little
 * behind the primary that stored the track.
 */
export const RECENTLY_TRACKED_GRACE_MS = 30_000;

/**
 * Makes the shared tracked set equal to what the tokens subgraph (Postgres, the source of truth) lists.
 * Redis is read before Postgres, so a track or untrack racing with the reconcile is never undone: its
 * Postgres write precedes its event, and the event precedes the set change this reconcile saw. Tokens it
 * adds go through `setTracked`, so they count as newly tracked and the pollers refresh them first.
 * Records the reconcile (see {@link TokenSetPort.markReconciled}). Throws, changing nothing, when either
 * side cannot be read; throws after its changes when Redis lost its data meanwhile (the sentinel changed).
 */
export async function reconcileTracked(
  tokens: TokenSetPort,
  source: TrackedKeysSource,
  nowMs: () => number = Date.now,
): Promise<ReconcileOutcome> {
  const startedAt = nowMs();
  const sentinel = await tokens.reconciledAt();
  const inRedis = new Set(await tokens.tracked());
  const inPostgres = new Set(await source());
  const toAdd = [...inPostgres].filter((key) => !inRedis.has(key));
  const stale = [...inRedis].filter((key) => !inPostgres.has(key));
  const recent = stale.length > 0 ? new Set(await tokens.recentlyTracked(startedAt - RECENTLY_TRACKED_GRACE_MS)) : null;
  const toRemove = stale.filter((key) => !recent?.has(key));
  for (let i = 0; i < toAdd.length; i += 100) {
    await Promise.all(toAdd.slice(i, i + 100).map((key) => tokens.setTracked(key, true, nowMs())));
  }
  for (let i = 0; i < toRemove.length; i += 100) {
    await Promise.all(toRemove.slice(i, i + 100).map((key) => tokens.setTracked(key, false, nowMs())));
  }
  if (!(await tokens.markReconciled(nowMs(), sentinel))) {
    // Redis restarted under this reconcile: what it read may be the old set. Leave the sentinel absent, so
    // the next check sees the loss and rebuilds from scratch.
    throw new Error('Redis lost its data during the reconcile; it runs again');
  }
  return { added: toAdd.length, removed: toRemove.length };
}
