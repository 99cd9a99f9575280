/** `npm run build` (and the Docker build stage): bundles the live token board (web/) ahead of time, as a production gateway only reads it. */
import { bundleBoard } from '../src/board/board.bundler.js';

const { js, css } = await bundleBoard((msg) => console.log(msg));
console.log(`board bundle ready: ${js.length} bytes of JS, ${css.length} bytes of CSS`);
