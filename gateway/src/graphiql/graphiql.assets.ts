import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  bundleFiles,
  loadOfflineBundle,
  type LoadOfflineBundleOptions,
  type OfflineBundle,
  type OfflineBundleSpec,
} from '../offline-bundle/offline-bundle.js';

/** The GraphiQL page and its bundle, held in memory and served by the gateway itself (no CDN). */
export type GraphiqlAssets = OfflineBundle;

// Resolved from this file, not the cwd: the same from src/ and dist/, started from the repo root or gateway/.
const graphiqlDir = fileURLToPath(new URL('../../graphiql/', import.meta.url));
const entry = `${graphiqlDir}entry.tsx`;

/** Where the GraphiQL entry and its bundle live (gateway/graphiql/entry.tsx, gateway/graphiql/dist/). */
export const graphiqlFiles = bundleFiles('graphiql', entry, `${graphiqlDir}dist`, [entry]);

/**
 * Returns the GraphiQL page. With `bundle`, bundles `graphiql/entry.tsx` into `graphiql/dist/` first
 * when that bundle is missing or stale (older than the entry, or built by another graphiql/esbuild);
 * without, reads the bundle `npm run build` made, and says so clearly when it is missing.
 */
export async function loadGraphiqlAssets(options: LoadOfflineBundleOptions = {}): Promise<GraphiqlAssets> {
  const spec: OfflineBundleSpec = {
    files: graphiqlFiles,
    urlBase: '/graphql',
    label: 'the GraphiQL bundle',
    missingHint: 'or set GRAPHIQL_ENABLED=false',
    page: {
      title: 'memegraph GraphiQL',
      head: '<style>html, body, #graphiql { height: 100%; margin: 0; }</style>',
      body: '<div id="graphiql">Loading GraphiQL…</div>',
    },
    esbuild: { jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' } },
    // graphiql is a dev dependency: read only when bundling.
    versions: () => ({
      graphiql: (createRequire(import.meta.url)('graphiql/package.json') as { version: string }).version,
    }),
  };
  return loadOfflineBundle(spec, options);
}
