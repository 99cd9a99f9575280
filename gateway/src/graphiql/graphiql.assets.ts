import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The GraphiQL page and its bundle, held in memory and served by the gateway itself (no CDN). */
export interface GraphiqlAssets {
  html: string;
  js: Buffer;
  css: Buffer;
}

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
const distDir = join(graphiqlDir, 'dist');

/** Where the GraphiQL entry and its bundle live (gateway/graphiql/). */
export const graphiqlFiles = {
  entry: join(graphiqlDir, 'entry.tsx'),
  dist: distDir,
  js: join(distDir, 'graphiql.js'),
  css: join(distDir, 'graphiql.css'),
  stamp: join(distDir, 'build-stamp.json'),
};

/**
 * Returns the GraphiQL page. With `bundle`, bundles `graphiql/entry.tsx` into `graphiql/dist/` first
 * when that bundle is missing or stale; without, reads the bundle `npm run build` made, and says so
 * clearly when it is missing.
 */
export async function loadGraphiqlAssets(options: LoadGraphiqlAssetsOptions = {}): Promise<GraphiqlAssets> {
  const { js, css } = options.bundle
    ? await (await import('./graphiql.bundler.js')).bundleGraphiql(options.log)
    : await readBundle();
  return { html: toHtml(js, css), js, css };
}

async function readBundle(): Promise<{ js: Buffer; css: Buffer }> {
  try {
    const [js, css] = await Promise.all([readFile(graphiqlFiles.js), readFile(graphiqlFiles.css)]);
    return { js, css };
  } catch (error) {
    throw new Error(
      `the GraphiQL bundle is missing in ${graphiqlFiles.dist} (${String(error)}): run \`npm run build\`, ` +
        'or set GRAPHIQL_ENABLED=false',
      { cause: error },
    );
  }
}

/** The content hash in each URL lets browsers cache the bundle forever yet pick up a rebuild at once. */
function toHtml(js: Buffer, css: Buffer): string {
  const version = (buf: Buffer) => createHash('sha256').update(buf).digest('hex').slice(0, 12);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>memegraph GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/graphql/graphiql.css?v=${version(css)}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="/graphql/graphiql.js?v=${version(js)}"></script>
  </body>
</html>
`;
}
