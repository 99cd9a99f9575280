import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundleFiles,
  loadOfflineBundle,
  type LoadOfflineBundleOptions,
  type OfflineBundle,
  type OfflineBundleSpec,
} from '../offline-bundle/offline-bundle.js';

/** The live token board's page and bundle (web/), held in memory and served by the gateway itself (no CDN). */
export type BoardAssets = OfflineBundle;

// Resolved from this file, not the cwd: the same from src/ and dist/ (gateway/*/board/ → the repo's web/).
const webDir = fileURLToPath(new URL('../../../web/', import.meta.url));

/**
 * Where the board's entry and its bundle live (web/src/main.ts, web/dist/), and what it is made of: the board
 * and the SDK (a change in either makes a development bundle stale).
 */
export const boardFiles = bundleFiles('board', join(webDir, 'src', 'main.ts'), join(webDir, 'dist'), [
  join(webDir, 'src'),
  fileURLToPath(new URL('../../../client/src/', import.meta.url)),
]);

/**
 * Returns the board's page. With `bundle` (development), bundles web/src first when web/dist is missing or
 * stale; without (production), reads the bundle `npm run build` made and says clearly when it is missing.
 */
export async function loadBoardAssets(options: LoadOfflineBundleOptions = {}): Promise<BoardAssets> {
  const spec: OfflineBundleSpec = {
    files: boardFiles,
    urlBase: '/board',
    label: 'the board bundle',
    missingHint: 'or set GRAPHIQL_ENABLED=false (the board is served with GraphiQL)',
    page: {
      title: 'memegraph live board',
      body:
        '<header><h1>memegraph live board</h1><span id="status">○ connecting…</span><a href="/graphql">GraphiQL</a></header>\n' +
        '    <main id="view">Loading…</main>',
    },
    // The SDK's TypeScript sources, as tests run them (its dist/ may not be built yet).
    esbuild: { conditions: ['@memegraph/source'] },
  };
  return loadOfflineBundle(spec, options);
}
