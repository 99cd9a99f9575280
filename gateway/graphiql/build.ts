/** `npm run build` (and the Docker build stage): bundles GraphiQL ahead of time, as a production gateway only reads it. */
import { bundleGraphiql } from '../src/graphiql/graphiql.bundler.js';

const { js, css } = await bundleGraphiql((msg) => console.log(msg));
console.log(`GraphiQL bundle ready: ${js.length} bytes of JS, ${css.length} bytes of CSS`);
