/** `npm run build` (and the Docker build stage): bundles GraphiQL ahead of time, as a production gateway only reads it. */
import { loadGraphiqlAssets } from '../src/graphiql/graphiql.assets.js';

const { js, css } = await loadGraphiqlAssets({ bundle: true, log: (msg) => console.log(msg) });
console.log(`GraphiQL bundle ready: ${js.length} bytes of JS, ${css.length} bytes of CSS`);
