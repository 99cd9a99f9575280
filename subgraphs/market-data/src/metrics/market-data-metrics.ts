import {
  Counter,
  Gauge,
  METRIC_PREFIX,
  registerRedisAvailabilityMetrics,
  type RedisAvailability,
  type Registry,
  type TwoLevelCacheStats,
} from '@memegraph/infra';
import type { CircuitState, Source } from '../generated/resolvers.js';
import type { UpstreamStatusTracker } from '../upstreams/upstream-status.js';

const CIRCUIT_STATES: readonly CircuitState[] = ['CLOSED', 'HALF_OPEN', 'OPEN'];

/**
 * Market-data metrics, read at scrape time from the counters the cache and the upstream status tracker
 * already keep (nothing on the hot path):
 *
 * - `memegraph_cache_lookups_total{level="l1"|"l2", result="hit"|"miss"}`;
 * - `memegraph_upstream_requests_total{source}` (HTTP attempts, retries included),
 *   `memegraph_upstream_rate_limited_total{source}` (HTTP 429 answers),
 *   `memegraph_upstream_errors_total{source, code}`, `memegraph_upstream_circuit_rejections_total{source}`,
 *   `memegraph_upstream_budget_refusals_total{source}` (our shared rate limit said no);
 * - `memegraph_upstream_circuit_state{source, state}`: 1 for the breaker's current state, 0 for the others;
 * - `memegraph_upstream_effective_rate_per_minute{source}` and `memegraph_upstream_cooling_down{source}`
 *   (the shared back-off after 429s, as this instance last saw it);
 * - with Redis, `memegraph_redis_available` and `memegraph_redis_fallbacks_total{use}`.
 */
export function registerMarketDataMetrics(
  registry: Registry,
  sources: {
    cacheStats(): TwoLevelCacheStats;
    tracker: UpstreamStatusTracker;
    upstreams: readonly Source[];
    redis?: RedisAvailability;
    /** Live ranked lists: rankings done and published since start, lists demanded now. */
    lists?: () => { rankings: number; published: number; demanded: number };
  },
): void {
  const { tracker, upstreams, lists } = sources;
  registerRedisAvailabilityMetrics(registry, () => sources.redis);
  if (lists) {
    new Counter({
      name: `${METRIC_PREFIX}token_list_rankings_total`,
      help: 'Rankings of live lists (tokenListUpdated): one per demanded list per poll batch, whatever the number of subscribers; published: the rankings whose page changed and went out as list.ranked.',
      labelNames: ['result'] as const,
      registers: [registry],
      collect() {
        const { rankings, published } = lists();
        this.reset();
        this.inc({ result: 'ranked' }, rankings);
        this.inc({ result: 'published' }, published);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}token_lists_demanded`,
      help: 'Distinct live lists some gateway announced subscribers for (ranked after each poll batch).',
      registers: [registry],
      collect() {
        this.set(lists().demanded);
      },
    });
  }
  new Counter({
    name: `${METRIC_PREFIX}cache_lookups_total`,
    help: 'Market record lookups in the two-level cache, by level (l1 in-process, l2 shared, last-known: kept in process while l2 could not answer) and result.',
    labelNames: ['level', 'result'] as const,
    registers: [registry],
    collect() {
      const stats = sources.cacheStats();
      this.reset();
      this.inc({ level: 'l1', result: 'hit' }, stats.l1Hits);
      this.inc({ level: 'l1', result: 'miss' }, stats.l1Misses);
      this.inc({ level: 'l2', result: 'hit' }, stats.l2Hits);
      this.inc({ level: 'l2', result: 'miss' }, stats.l2Misses);
      this.inc({ level: 'last-known', result: 'hit' }, stats.lastKnownHits);
    },
  });
  const perSource = (name: string, help: string, read: (source: Source) => number) =>
    new Counter({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames: ['source'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const source of upstreams) this.inc({ source }, read(source));
      },
    });
  perSource(
    'upstream_requests_total',
    'HTTP attempts sent to each upstream (retries count).',
    (s) => tracker.counters(s).requests,
  );
  perSource(
    'upstream_rate_limited_total',
    'HTTP 429 answers from each upstream.',
    (s) => tracker.counters(s).rateLimited,
  );
  perSource(
    'upstream_circuit_rejections_total',
    'Calls refused locally because the upstream circuit was open.',
    (s) => tracker.counters(s).circuitRejections,
  );
  perSource(
    'upstream_budget_refusals_total',
    'Attempts refused by the shared rate-limit budget before reaching the upstream.',
    (s) => tracker.counters(s).budgetRefusals,
  );
  new Counter({
    name: `${METRIC_PREFIX}upstream_errors_total`,
    help: 'Failed upstream attempts, by source and error code.',
    labelNames: ['source', 'code'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const source of upstreams) {
        for (const [code, count] of Object.entries(tracker.counters(source).errorsByCode)) {
          this.inc({ source, code }, count);
        }
      }
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}upstream_circuit_state`,
    help: 'Circuit breaker state of each upstream: 1 for the current state (CLOSED, HALF_OPEN, OPEN), else 0.',
    labelNames: ['source', 'state'] as const,
    registers: [registry],
    collect() {
      for (const source of upstreams) {
        const current = tracker.get(source).circuit;
        for (const state of CIRCUIT_STATES) this.set({ source, state }, state === current ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}upstream_effective_rate_per_minute`,
    help: 'Requests per minute all instances may send each upstream now: its limit, cut by 429s and recovering.',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      for (const source of upstreams) this.set({ source }, tracker.get(source).effectiveRateLimitPerMinute);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}upstream_cooling_down`,
    help: '1 while no instance may call the upstream after a 429 (its Retry-After), else 0.',
    labelNames: ['source'] as const,
    registers: [registry],
    collect() {
      for (const source of upstreams) this.set({ source }, tracker.get(source).coolingDownUntil ? 1 : 0);
    },
  });
}
