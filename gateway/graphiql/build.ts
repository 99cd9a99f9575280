/** Builds the GraphiQL bundle ahead of time (e.g. in a Docker image); the gateway otherwise builds it on first start. */
import { loadGraphiqlAssets } from '../src/graphiql/graphiql.assets.js';

const assets = await loadGraphiqlAssets({ log: (msg) => console.log(msg) });
console.log(`GraphiQL bundle ready: ${assets.js.length} bytes of JS, ${assets.css.length} bytes of CSS`);
