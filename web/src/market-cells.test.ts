import { describe, expect, test } from '@jest/globals';
import { renderProvenance } from './market-cells.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const market = (overrides: { stale?: boolean; demo?: boolean } = {}) => ({
  priceUsd: 1,
  priceChangePct: 0,
  volumeUsd: 0,
  liquidityUsd: 0,
  marketCapUsd: 0,
  stale: overrides.stale ?? false,
  updatedAt: '2026-12-03T11:59:00Z',
  sources: [
    {
      source: 'DEXSCREENER' as const,
      priceUsd: 1.01,
      fetchedAt: '2026-12-03T11:59:50Z',
      demo: overrides.demo ?? false,
    },
    { source: 'JUPITER' as const, priceUsd: 0.99, fetchedAt: '2026-12-03T11:58:00Z', demo: false },
  ],
});

describe('renderProvenance', () => {
  test('one badge per source, its price and age in the title', () => {
    const html = renderProvenance(market(), NOW);
    expect(html.match(/class="badge source"/g)).toHaveLength(2);
    expect(html).toContain('title="DexScreener: 1.01 USD, fetched 10s ago"');
    expect(html).toContain('>JUP</span>');
    expect(html).not.toContain('stale');
  });

  test('stale and demo values say so', () => {
    const html = renderProvenance(market({ stale: true, demo: true }), NOW);
    expect(html).toContain('class="badge source demo"');
    expect(html).toContain('DEX·demo');
    expect(html).toContain('class="badge stale"');
  });

  test('a token no upstream knows has no market', () => {
    expect(renderProvenance(null)).toContain('no market');
  });
});
