import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The live token board's page and bundle (web/), held in memory and served by the gateway itself (no CDN). */
export interface BoardAssets {
  html: string;
  js: Buffer;
  css: Buffer;
}

// Resolved from this file, not the cwd: the same from src/ and dist/ (gateway/*/board/ → the repo's web/).
const webDir = fileURLToPath(new URL('../../../web/', import.meta.url));
const distDir = join(webDir, 'dist');

/** Where the board's entry and its bundle live (web/src/main.ts, web/dist/). */
export const boardFiles = {
  entry: join(webDir, 'src', 'main.ts'),
  dist: distDir,
  js: join(distDir, 'board.js'),
  css: join(distDir, 'board.css'),
  /** What the bundle is made of: the board and the SDK (a change in either makes a development bundle stale). */
  sources: [join(webDir, 'src'), fileURLToPath(new URL('../../../client/src/', import.meta.url))],
};

/**
 * Returns the board's page. With `bundle` (development), bundles web/src first — esbuild takes a fraction
 * of a second for it, so there is no staleness check to get wrong; without (production), reads the bundle
 * `npm run build` made and says clearly when it is missing.
 */
export async function loadBoardAssets(
  options: { bundle?: boolean; log?: (msg: string) => void } = {},
): Promise<BoardAssets> {
  const { js, css } = options.bundle
    ? await (await import('./board.bundler.js')).bundleBoard(options.log)
    : await readBundle();
  return { html: toHtml(js, css), js, css };
}

async function readBundle(): Promise<{ js: Buffer; css: Buffer }> {
  try {
    const [js, css] = await Promise.all([readFile(boardFiles.js), readFile(boardFiles.css)]);
    return { js, css };
  } catch (error) {
    throw new Error(
      `the board bundle is missing in ${boardFiles.dist} (${String(error)}): run \`npm run build\`, ` +
        'or set GRAPHIQL_ENABLED=false (the board is served with GraphiQL)',
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
    <title>memegraph live board</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/board/board.css?v=${version(css)}" />
  </head>
  <body>
    <header><h1>memegraph live board</h1><span id="status">○ connecting…</span><a href="/graphql">GraphiQL</a></header>
    <main id="view">Loading…</main>
    <script src="/board/board.js?v=${version(js)}"></script>
  </body>
</html>
`;
}
