import type { TokenRowFragment } from '@memegraph/client';
import { formatAge } from './format.js';
import { escapeHtml } from './html.js';

type Market = NonNullable<TokenRowFragment['market']>;

/** Short names of the sources, as badges show them. */
const SOURCE_NAMES: Record<string, string> = {
  DEXSCREENER: 'DexScreener',
  GECKOTERMINAL: 'GeckoTerminal',
  JUPITER: 'Jupiter',
};

/**
 * Where a value comes from: one badge per source that answered (its price and age in the title), `demo`
 * when it was replayed from recorded fixtures, and `stale` when every source failed to refresh it.
 */
export function renderProvenance(market: Market | null, now: number = Date.now()): string {
  if (!market) return '<span class="muted">no market</span>';
  const sources = market.sources.map((quote) => {
    const title = `${SOURCE_NAMES[quote.source] ?? quote.source}: ${quote.priceUsd ?? '—'} USD, fetched ${formatAge(quote.fetchedAt, now)}`;
    const demo = quote.demo ? ' demo' : '';
    return `<span class="badge source${demo}" title="${escapeHtml(title)}">${escapeHtml(quote.source.slice(0, 3))}${quote.demo ? '·demo' : ''}</span>`;
  });
  const stale = market.stale
    ? `<span class="badge stale" title="older than the cache TTL: every source failed to refresh it">stale</span>`
    : '';
  return sources.join('') + stale;
}
