import { fileURLToPath } from 'node:url';
import { bundleFiles, loadOfflineBundle, type OfflineBundle } from '../offline-bundle/offline-bundle.js';

/** The GraphiQL page and its bundle, held in memory and served by the gateway itself (no CDN). */
export type GraphiqlAssets = OfflineBundle;

/** Options for {@link loadGraphiqlAssets}. */
export interface LoadGraphiqlAssetsOptions {
  /** Receives one line when the bundle is rebuilt (it takes seconds, so worth seeing at boot). */
  log?: (msg: string) => void;
  /**
   * Bundle `graphiql/entry.tsx` when the bundle is missing or stale (development: esbuild and GraphiQL's
   * sources are dev dependencies). Off in production, where `npm run build` made the bundle and a
   * missing one fails the start.
   */
  bundle?: boolean;
}

// Resolved from this file, not the cwd: the same from src/ and dist/, started from the repo root or gateway/.
const graphiqlDir = fileURLToPath(new URL('../../graphiql/', import.meta.url));
const entry = `${graphiqlDir}entry.tsx`;

/** Where the GraphiQL entry and its bundle live (gateway/graphiql/entry.tsx, gateway/graphiql/dist/). */
export const graphiqlFiles = bundleFiles('graphiql', entry, `${graphiqlDir}dist`, [entry]);

/**
 * Returns the GraphiQL page. With `bundle`, bundles `graphiql/entry.tsx` into `graphiql/dist/` first
 * when that bundle is missing or stale; without, reads the bundle `npm run build` made, and says so
 * clearly when it is missing.
 */
export async function loadGraphiqlAssets(options: LoadGraphiqlAssetsOptions = {}): Promise<GraphiqlAssets> {
  const spec = {
    files: graphiqlFiles,
    urlBase: '/graphql',
    label: 'the GraphiQL bundle',
    missingHint: 'or set GRAPHIQL_ENABLED=false',
    page,
  };
  const bundle = options.bundle
    ? async () => (await import('./graphiql.bundler.js')).bundleGraphiql(options.log)
    : undefined;
  return loadOfflineBundle(spec, bundle);
}

function page(urls: { js: string; css: string }): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>memegraph GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${urls.css}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${urls.js}"></script>
  </body>
</html>
`;
}
