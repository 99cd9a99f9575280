import { describe, expect, it } from '@jest/globals';
import { createMetricsRegistry } from '@memegraph/infra';
import { UpstreamStatusTracker } from '../upstreams/upstream-status.js';
import { registerMarketDataMetrics } from './market-data-metrics.js';

describe('market-data metrics', () => {
  it('report the cache and upstream counters as they are at scrape time', async () => {
    const registry = createMetricsRegistry();
    const tracker = new UpstreamStatusTracker({
      rateLimitPerMinute: { DEXSCREENER: 300, GECKOTERMINAL: 30, JUPITER: 30 },
    });
    let stats = { l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0, l2Failures: 0, lastKnownHits: 0 };
    registerMarketDataMetrics(registry, {
      cacheStats: () => stats,
      tracker,
      upstreams: ['DEXSCREENER', 'GECKOTERMINAL', 'JUPITER'],
    });
    const sample = async (name: string, labels: Record<string, string>) => {
      const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
      return metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
    };

    tracker.recordRequest('DEXSCREENER');
    tracker.recordRequest('DEXSCREENER');
    tracker.recordFailure('DEXSCREENER', { code: 'UPSTREAM_RATE_LIMITED', message: 'HTTP 429', status: 429 });
    tracker.setCircuit('JUPITER', 'OPEN');
    stats = { l1Hits: 7, l1Misses: 3, l2Hits: 2, l2Misses: 1, l2Failures: 1, lastKnownHits: 4 };

    expect(await sample('memegraph_upstream_requests_total', { source: 'DEXSCREENER' })).toBe(2);
    expect(await sample('memegraph_upstream_requests_total', { source: 'JUPITER' })).toBe(0);
    expect(await sample('memegraph_upstream_rate_limited_total', { source: 'DEXSCREENER' })).toBe(1);
    expect(
      await sample('memegraph_upstream_errors_total', { source: 'DEXSCREENER', code: 'UPSTREAM_RATE_LIMITED' }),
    ).toBe(1);
    expect(await sample('memegraph_upstream_circuit_state', { source: 'JUPITER', state: 'OPEN' })).toBe(1);
    expect(await sample('memegraph_upstream_circuit_state', { source: 'JUPITER', state: 'CLOSED' })).toBe(0);
    expect(await sample('memegraph_upstream_circuit_state', { source: 'DEXSCREENER', state: 'CLOSED' })).toBe(1);
    expect(await sample('memegraph_cache_lookups_total', { level: 'l1', result: 'hit' })).toBe(7);
    expect(await sample('memegraph_cache_lookups_total', { level: 'l2', result: 'miss' })).toBe(1);
    expect(await sample('memegraph_cache_lookups_total', { level: 'last-known', result: 'hit' })).toBe(4);

    // Counters are read again on every scrape, never added twice.
    stats = { ...stats, l1Hits: 9 };
    expect(await sample('memegraph_cache_lookups_total', { level: 'l1', result: 'hit' })).toBe(9);
  });

  it('report the live lists ranked and published, and the lists demanded now', async () => {
    const registry = createMetricsRegistry();
    let lists = { rankings: 0, published: 0, demanded: 0 };
    registerMarketDataMetrics(registry, {
      cacheStats: () => ({ l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0, l2Failures: 0, lastKnownHits: 0 }),
      tracker: new UpstreamStatusTracker({ rateLimitPerMinute: { DEXSCREENER: 300, GECKOTERMINAL: 30, JUPITER: 30 } }),
      upstreams: [],
      lists: () => lists,
    });
    lists = { rankings: 40, published: 7, demanded: 20 };
    const text = await registry.metrics();
    expect(text).toContain('memegraph_token_list_rankings_total{result="ranked"} 40');
    expect(text).toContain('memegraph_token_list_rankings_total{result="published"} 7');
    expect(text).toContain('memegraph_token_lists_demanded 20');
  });
});
