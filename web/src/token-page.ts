import {
  PriceUpdatedDocument,
  TokenCandlesDocument,
  TokenDocument,
  type Chain,
  type TokenQuery,
} from '@memegraph/client';
import type { BoardClients } from './live-board.js';
import { renderCandles } from './charts.js';
import { formatAge, formatPct, formatPrice, formatUsd, getPriceMove } from './format.js';
import { escapeHtml, mustFind } from './html.js';
import { renderProvenance } from './market-cells.js';

type Token = NonNullable<TokenQuery['token']>;

/**
 * A token's page: price (live from priceUpdated, flashing), 1h / 24h / 7d changes, provenance and
 * staleness, its DEX pools, and hourly candles of the last two days. Returns the function that stops it.
 */
export function showTokenPage(root: HTMLElement, clients: BoardClients, chain: Chain, address: string): () => void {
  root.innerHTML = `<p><a href="#/">← board</a></p><div id="token-page" class="muted">Loading…</div>`;
  const page = mustFind(root, '#token-page');
  let stopped = false;
  let price: number | null | undefined;
  const stopPrices = clients.ws.subscribe(
    PriceUpdatedDocument,
    { chain, addresses: [address] },
    {
      next: ({ priceUpdated: update }) => {
        const cell = page.querySelector<HTMLElement>('.price');
        if (!cell) return;
        const move = getPriceMove(price, update.priceUsd);
        price = update.priceUsd;
        cell.textContent = formatPrice(price);
        if (move) cell.className = `price big flash-${move}`;
      },
    },
  );
  const from = new Date(Date.now() - 48 * 3600_000).toISOString();
  Promise.all([
    clients.http.request(TokenDocument, { chain, address }),
    clients.http.request(TokenCandlesDocument, { chain, address, resolution: 'H1', from, limit: 48 }),
  ]).then(
    ([{ token }, candles]) => {
      if (stopped) return;
      if (!token) {
        page.textContent = 'No such token.';
        return;
      }
      price = token.market?.priceUsd;
      page.className = '';
      page.innerHTML =
        renderToken(token) + `<h3>Hourly candles, last 48 h</h3>${renderCandles(candles.token?.candles ?? [])}`;
    },
    (error: unknown) => (page.textContent = `Could not load the token: ${String(error)}`),
  );
  return () => {
    stopped = true;
    stopPrices();
  };
}

function renderToken(token: Token): string {
  const market = token.market;
  const pools = (token.pools ?? [])
    .map(
      (pool) =>
        `<tr><td>${escapeHtml(pool.dex)}</td><td>${escapeHtml(pool.quoteSymbol ?? '—')}</td>` +
        `<td>${formatPrice(pool.priceUsd)}</td><td>${formatUsd(pool.liquidityUsd)}</td><td>${formatUsd(pool.volumeUsd24h)}</td>` +
        `<td class="mono small">${pool.url ? `<a href="${escapeHtml(pool.url)}" rel="noreferrer">${escapeHtml(pool.address)}</a>` : escapeHtml(pool.address)}</td></tr>`,
    )
    .join('');
  return `
<h2>${escapeHtml(token.symbol)} <span class="muted">${escapeHtml(token.name)} · ${escapeHtml(token.chain)}</span></h2>
<p class="mono small">${escapeHtml(token.address)}</p>
<p><span class="price big">${formatPrice(market?.priceUsd)}</span>
  1h ${formatPct(market?.priceChangePct1h)} · 24h ${formatPct(market?.priceChangePct)} · 7d ${formatPct(token.history7d?.priceChangePct)}</p>
<p>Volume 24h ${formatUsd(market?.volumeUsd)} · Liquidity ${formatUsd(market?.liquidityUsd)} · Market cap ${formatUsd(market?.marketCapUsd)}
  · Txns 24h ${market?.txns ? `${market.txns.buys} buys / ${market.txns.sells} sells` : '—'}</p>
<p class="provenance">Sources: ${renderProvenance(market)} ${market ? `<span class="muted small">updated ${formatAge(market.updatedAt)}${market.priceSpreadPct === null ? '' : `, spread ${market.priceSpreadPct.toFixed(2)}%`}</span>` : ''}</p>
<h3>Pools</h3>
<table class="pools"><thead><tr><th>DEX</th><th>Quote</th><th>Price</th><th>Liquidity</th><th>Volume 24h</th><th>Pool</th></tr></thead>
<tbody>${pools || '<tr><td colspan="6" class="muted">No pools known.</td></tr>'}</tbody></table>`;
}
