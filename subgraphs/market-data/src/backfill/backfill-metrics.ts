import { Counter, Gauge, METRIC_PREFIX, type Registry } from '@memegraph/infra';
import type { BackfillStats } from './backfill-worker.js';

/**
 * Backfill metrics of this instance, read at scrape time from its counters:
 * `memegraph_backfill_pages_total`, `memegraph_backfill_candles_total` (handed to the tokens subgraph),
 * `memegraph_backfill_deferred_total` (the budget said not now), `memegraph_backfill_failures_total`,
 * `memegraph_backfill_rows_rejected_total`,
 * `memegraph_backfill_tokens_finished_total{outcome}` and `memegraph_backfill_pending_tokens`.
 */
export function registerBackfillMetrics(registry: Registry, stats: () => BackfillStats | undefined): void {
  const counter = (name: string, help: string, read: (s: BackfillStats) => number) =>
    new Counter({
      name: `${METRIC_PREFIX}backfill_${name}`,
      help,
      registers: [registry],
      collect() {
        const current = stats();
        this.reset();
        if (current) this.inc(read(current));
      },
    });
  counter('pages_total', 'OHLCV pages fetched from GeckoTerminal and handed over.', (s) => s.pages);
  counter('candles_total', 'Backfilled candles handed to the tokens subgraph (history.candles).', (s) => s.candles);
  counter(
    'deferred_total',
    'Backfill calls refused by the budget (its share spent, or a cool-down).',
    (s) => s.deferred,
  );
  counter(
    'failures_total',
    'Backfill calls that failed (5xx, timeout, malformed body: not stored).',
    (s) => s.failures,
  );
  counter('rows_rejected_total', 'Malformed OHLCV rows dropped, never stored.', (s) => s.rowsRejected);
  new Counter({
    name: `${METRIC_PREFIX}backfill_tokens_finished_total`,
    help: 'Tokens whose backfill finished: DONE, NO_POOL (a chain GeckoTerminal does not serve), UNKNOWN (GeckoTerminal has no such pool).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const current = stats();
      this.reset();
      if (current) for (const [outcome, count] of Object.entries(current.finished)) this.inc({ outcome }, count);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}backfill_pending_tokens`,
    help: 'Tracked tokens whose backfill had not finished at the last tick of this instance.',
    registers: [registry],
    collect() {
      this.set(stats()?.pending ?? 0);
    },
  });
}
