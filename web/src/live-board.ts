import {
  PriceUpdatedDocument,
  TokenCandlesDocument,
  TokenListUpdatedDocument,
  TokensDocument,
  watchTokenList,
  type Chain,
  type HttpClient,
  type SubscriptionClient,
  type TokenRowFragment,
  type TokenSortField,
} from '@memegraph/client';
import { renderSparkline } from './charts.js';
import { formatPct, formatPrice, formatUsd, getPriceMove } from './format.js';
import { escapeHtml, mustFind } from './html.js';
import { renderProvenance } from './market-cells.js';

/** The SDK's two clients, shared by the board's views. */
export interface BoardClients {
  http: HttpClient;
  ws: SubscriptionClient;
}

const CHAINS: Chain[] = ['SOLANA', 'ETHEREUM', 'BASE', 'BSC'];
const SORTS: TokenSortField[] = ['VOLUME', 'PRICE_CHANGE', 'LIQUIDITY', 'MARKET_CAP', 'TXNS', 'FIRST_SEEN'];
const keyOf = (token: { chain: string; address: string }) => `${token.chain}:${token.address}`;

const CONTROLS = `
<form class="controls" id="board-controls">
  <label>Chain <select name="chain"><option value="">all</option>${CHAINS.map((c) => `<option>${c}</option>`).join('')}</select></label>
  <label>Sort <select name="sort">${SORTS.map((s) => `<option>${s}</option>`).join('')}</select></label>
  <label>Order <select name="direction"><option>DESC</option><option>ASC</option></select></label>
  <label>Min liquidity $ <input name="minLiquidityUsd" type="number" min="0" step="1000" /></label>
  <label>Min 24h volume $ <input name="minVolumeUsd" type="number" min="0" step="1000" /></label>
  <span id="board-mode" class="muted"></span>
</form>
<table class="board">
  <thead><tr><th>#</th><th>Token</th><th>Price</th><th>24h</th><th>Volume 24h</th><th>Liquidity</th><th>Market cap</th><th>24h (1h candles)</th><th>Sources</th></tr></thead>
  <tbody id="board-rows"></tbody>
</table>`;

/**
 * The live ranked list: tokenListUpdated (snapshot, then changes applied by sequence, resync on a gap)
 * with the chosen filter and sort, price moves from priceUpdated flashing the price cell, a sparkline of
 * each token's last 24 hourly closes. Without tokenListUpdated (an older gateway) it reads `tokens` once
 * and keeps prices live. Returns the function that stops it.
 */
export function showBoard(root: HTMLElement, clients: BoardClients): () => void {
  root.innerHTML = CONTROLS;
  const form = mustFind<HTMLFormElement>(root, '#board-controls');
  const body = mustFind<HTMLTableSectionElement>(root, '#board-rows');
  const mode = mustFind(root, '#board-mode');
  const rows = new Map<string, { element: HTMLTableRowElement; token: TokenRowFragment }>();
  const sparklines = new Map<string, Promise<string>>();
  let stopList = () => {};

  const render = (tokens: TokenRowFragment[]) => {
    const keep = new Set(tokens.map(keyOf));
    for (const [key, row] of rows) {
      if (!keep.has(key)) {
        row.element.remove();
        rows.delete(key);
      }
    }
    tokens.forEach((token, index) => {
      const key = keyOf(token);
      let row = rows.get(key);
      if (!row) {
        row = { element: createRow(token), token };
        rows.set(key, row);
        void loadSparkline(token, row.element);
      }
      updateRow(row, token, index + 1);
      if (body.children[index] !== row.element) body.insertBefore(row.element, body.children[index] ?? null);
    });
  };

  const updateRow = (
    row: { element: HTMLTableRowElement; token: TokenRowFragment },
    token: TokenRowFragment,
    rank: number,
  ) => {
    const move = getPriceMove(row.token.market?.priceUsd, token.market?.priceUsd);
    row.token = token;
    const cell = (name: string) => mustFind(row.element, `.${name}`);
    cell('rank').textContent = String(rank);
    const price = cell('price');
    price.textContent = formatPrice(token.market?.priceUsd);
    price.dataset.price = String(token.market?.priceUsd ?? '');
    if (move) flash(price, move);
    const change = cell('change');
    change.textContent = formatPct(token.market?.priceChangePct);
    change.className = `change ${(token.market?.priceChangePct ?? 0) >= 0 ? 'up' : 'down'}`;
    cell('volume').textContent = formatUsd(token.market?.volumeUsd);
    cell('liquidity').textContent = formatUsd(token.market?.liquidityUsd);
    cell('mcap').textContent = formatUsd(token.market?.marketCapUsd);
    cell('sources').innerHTML = renderProvenance(token.market);
    row.element.classList.toggle('stale', token.market?.stale === true);
  };

  const loadSparkline = async (token: TokenRowFragment, element: HTMLTableRowElement) => {
    const key = keyOf(token);
    const svg =
      sparklines.get(key) ??
      clients.http
        .request(TokenCandlesDocument, { chain: token.chain, address: token.address, resolution: 'H1', limit: 24 })
        .then((data) => renderSparkline((data.token?.candles ?? []).map((c) => c.close)))
        .catch(() => '<span class="muted">—</span>');
    sparklines.set(key, svg);
    mustFind(element, '.spark').innerHTML = await svg;
  };

  const start = () => {
    stopList();
    const values = new FormData(form);
    const chain = (values.get('chain') as Chain | '') || undefined;
    const number = (name: string) => (values.get(name) ? Number(values.get(name)) : undefined);
    const filter = { chain, minLiquidityUsd: number('minLiquidityUsd'), minVolumeUsd: number('minVolumeUsd') };
    const sort = { field: values.get('sort') as TokenSortField, direction: values.get('direction') as 'ASC' | 'DESC' };
    body.replaceChildren();
    rows.clear();
    mode.textContent = 'loading…';
    const variables = { filter, sort, first: 20 };
    const stopLive = watchTokenList(clients.ws, TokenListUpdatedDocument, variables, {
      next: (tokens) => {
        mode.textContent = 'live list';
        render(tokens);
      },
      resync: () => (mode.textContent = 'resyncing…'),
      error: () => {
        // An older gateway without tokenListUpdated: the list as of now, prices kept live below.
        stopLive();
        mode.textContent = 'list as of load, prices live';
        clients.http.request(TokensDocument, variables).then(
          (data) => render(data.tokens.edges.map((edge) => edge.node)),
          (error: unknown) => (mode.textContent = `could not load the list: ${String(error)}`),
        );
      },
    });
    const stopPrices = clients.ws.subscribe(
      PriceUpdatedDocument,
      { chain },
      {
        next: ({ priceUpdated: update }) => {
          const row = rows.get(keyOf(update.token));
          if (!row?.token.market) return;
          const rank = [...body.children].indexOf(row.element) + 1;
          updateRow(row, { ...row.token, market: { ...row.token.market, priceUsd: update.priceUsd } }, rank);
        },
      },
    );
    stopList = () => {
      stopLive();
      stopPrices();
    };
  };

  form.addEventListener('change', start);
  start();
  return () => stopList();
}

function createRow(token: TokenRowFragment): HTMLTableRowElement {
  const element = document.createElement('tr');
  element.dataset.key = keyOf(token);
  const href = `#/token/${encodeURIComponent(token.chain)}/${encodeURIComponent(token.address)}`;
  element.innerHTML =
    `<td class="rank"></td>` +
    `<td class="token"><a href="${escapeHtml(href)}"><b>${escapeHtml(token.symbol)}</b> <span class="muted">${escapeHtml(token.name)}</span></a>` +
    `<div class="muted small">${escapeHtml(token.chain)}</div></td>` +
    `<td class="price"></td><td class="change"></td><td class="volume"></td><td class="liquidity"></td>` +
    `<td class="mcap"></td><td class="spark"></td><td class="sources"></td>`;
  return element;
}

/** Flashes a cell green or red; restarting the animation when moves come quickly. */
function flash(element: HTMLElement, move: 'up' | 'down'): void {
  element.classList.remove('flash-up', 'flash-down');
  void element.offsetWidth; // restarts the CSS animation
  element.classList.add(`flash-${move}`);
  element.dataset.lastMove = move;
}
