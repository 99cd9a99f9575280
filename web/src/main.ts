/**
 * The live token board (served by the gateway at /board), built on the SDK only: routes `#/` to the live
 * ranked list and `#/token/CHAIN/ADDRESS` to a token's page, over one HTTP client and one graphql-ws
 * client for the page's lifetime. Bundled by esbuild (gateway/src/offline-bundle/offline-bundle.bundler.ts) with its CSS.
 */
import { createHttpClient, createSubscriptionClient, type Chain } from '@memegraph/client';
import { mustFind } from './html.js';
import { showBoard } from './live-board.js';
import { showTokenPage } from './token-page.js';
import './board.css';

const status = mustFind(document, '#status');
const view = mustFind(document, '#view');
const clients = {
  http: createHttpClient({ url: `${location.origin}/graphql` }),
  ws: createSubscriptionClient({
    url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
    onStatus: (state) => {
      status.textContent = state === 'connected' ? '● live' : '○ reconnecting…';
      status.className = state;
    },
  }),
};

let stop = () => {};
function route(): void {
  stop();
  const token = /^#\/token\/([^/]+)\/([^/]+)$/.exec(location.hash);
  stop = token
    ? showTokenPage(view, clients, decodeURIComponent(token[1]!) as Chain, decodeURIComponent(token[2]!))
    : showBoard(view, clients);
}
window.addEventListener('hashchange', route);
route();
