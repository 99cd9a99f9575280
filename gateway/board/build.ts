/** `npm run build` (and the Docker build stage): bundles the live token board (web/) ahead of time, as a production gateway only reads it. */
import { loadBoardAssets } from '../src/board/board.assets.js';

const { js, css } = await loadBoardAssets({ bundle: true, log: (msg) => console.log(msg) });
console.log(`board bundle ready: ${js.length} bytes of JS, ${css.length} bytes of CSS`);
