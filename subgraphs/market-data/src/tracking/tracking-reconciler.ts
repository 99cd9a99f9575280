import { Counter, METRIC_PREFIX, type Logger, type Registry } from '@memegraph/infra';
import { reconcileTracked } from './reconcile-tracked.js';
import type { TokenSetPort } from './token-set.js';
import type { TrackedKeysSource } from './tracked-keys.client.js';

/** Why a reconcile ran: this instance started, the interval passed, the tracked set was lost, or a retry. */
export type ReconcileReason = 'start' | 'periodic' | 'tracked-set-lost' | 'retry';

/** When to reconcile. */
export interface TrackingReconcilerOptions {
  /** TRACKING_RECONCILE_INTERVAL_MS: the longest the set goes unreconciled (by any instance). */
  intervalMs: number;
  /** TRACKING_RESET_CHECK_MS: how often to look whether the set was lost (and to retry a failed reconcile). */
  checkMs: number;
}

/** A running reconciler. */
export interface TrackingReconciler {
  /** Stops; resolves after a reconcile in flight has finished. */
  stop(): Promise<void>;
}

/**
 * Keeps the shared tracked set equal to Postgres's (through the tokens subgraph): once at start, whenever
 * no instance has done it for `intervalMs`, and within `checkMs` of the set being lost — the sentinel that
 * each reconcile writes beside the sets is gone when Redis came back empty (or was flushed), and checking
 * it is one GET. A failed reconcile changes nothing and is retried every `checkMs`.
 *
 * Metrics: `memegraph_tracking_reconciles_total{reason, result}` and
 * `memegraph_tracking_reconcile_changes_total{change="added"|"removed"}`.
 */
export function startTrackingReconciler(
  tokens: TokenSetPort,
  source: TrackedKeysSource,
  options: TrackingReconcilerOptions,
  log: Logger,
  registry: Registry,
): TrackingReconciler {
  const runs = new Counter({
    name: `${METRIC_PREFIX}tracking_reconciles_total`,
    help: "Reconciles of the shared tracked set with the tokens subgraph's, by reason (start, periodic, tracked-set-lost: Redis came back empty, retry) and result (ok, failed).",
    labelNames: ['reason', 'result'] as const,
    registers: [registry],
  });
  const changes = new Counter({
    name: `${METRIC_PREFIX}tracking_reconcile_changes_total`,
    help: 'Tokens a reconcile added to the shared tracked set (tracked in Postgres, missing in Redis) or removed from it (no longer tracked).',
    labelNames: ['change'] as const,
    registers: [registry],
  });
  let started = false;
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  /** Why a reconcile is due now, or undefined; throws when the sentinel cannot be read (Redis down). */
  const due = async (): Promise<ReconcileReason | undefined> => {
    if (!started) return 'start';
    // A reconcile that failed while Redis was down is retried as what it is once Redis is back empty.
    const at = await tokens.reconciledAt();
    if (at === null) return 'tracked-set-lost';
    if (failing) return 'retry';
    return Date.now() - at >= options.intervalMs ? 'periodic' : undefined;
  };

  const run = async (reason: ReconcileReason) => {
    const startedAt = Date.now();
    try {
      const outcome = await reconcileTracked(tokens, source);
      runs.inc({ reason, result: 'ok' });
      changes.inc({ change: 'added' }, outcome.added);
      changes.inc({ change: 'removed' }, outcome.removed);
      const fields = { reason, ...outcome, ms: Date.now() - startedAt };
      if (reason === 'periodic' && outcome.added + outcome.removed === 0) log.debug(fields, 'tracked set reconciled');
      else log.info(fields, 'tracked set reconciled with the tokens subgraph');
      failing = false;
    } catch (error) {
      runs.inc({ reason, result: 'failed' });
      // One line per failing streak, not one per retry.
      if (!failing) log.warn({ reason, err: (error as Error).message }, 'tracked set not reconciled; retrying');
      failing = true;
    }
    started = true;
  };

  const tick = async () => {
    try {
      const reason = await due();
      if (reason && !stopped) await run(reason);
    } catch (error) {
      log.debug({ err: (error as Error).message }, 'tracked-set sentinel not readable; checking again');
    }
    if (!stopped) timer = setTimeout(() => void (inFlight = tick()), options.checkMs);
  };
  inFlight = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
