import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * A browser page and its esbuild bundle, held in memory and served by the gateway itself (no CDN): GraphiQL
 * at /graphql, the live token board at /board.
 */
export interface OfflineBundle {
  html: string;
  js: Buffer;
  css: Buffer;
  /** The URL path of each file (the page links them with a content hash). */
  paths: { js: string; css: string };
}

/** Where a bundle's entry and its output live, and what it is made of. */
export interface BundleFiles {
  entry: string;
  dist: string;
  js: string;
  css: string;
  /**
   * Files and folders the bundle is made of: a development bundle older than any of them is stale. The
   * bundler's `stamp` (dist/build-stamp.json) covers what lives in node_modules.
   */
  sources: string[];
}

/** Names `dist/<name>.js` and `dist/<name>.css`, the files esbuild writes for the entry point `name`. */
export function bundleFiles(name: string, entry: string, dist: string, sources: string[]): BundleFiles {
  return { entry, dist, js: join(dist, `${name}.js`), css: join(dist, `${name}.css`), sources };
}

/** How a feature's bundle is loaded and served. */
export interface OfflineBundleSpec {
  files: BundleFiles;
  /** The URL folder the files are served under: `/graphql` serves `/graphql/graphiql.js`. */
  urlBase: string;
  /** Named in the error when a production bundle is missing: "the GraphiQL bundle is missing…". */
  label: string;
  /** What else to do about a missing bundle than `npm run build`, as "or …". */
  missingHint: string;
  /** The page: its title, extra `<head>` markup, and `<body>` markup the bundle's script follows. */
  page: { title: string; head?: string; body: string };
  /** esbuild options of this entry (jsx, define, conditions…), over the shared browser defaults. */
  esbuild?: BuildOptions;
  /** Versions of what the bundle is made of outside `files.sources` (node_modules): another one makes it stale. */
  versions?: () => Record<string, string>;
}

/** Options for {@link loadOfflineBundle}. */
export interface LoadOfflineBundleOptions {
  /**
   * Bundle the entry when dist/ is missing or stale (development: esbuild and the browser libraries are dev
   * dependencies). Off in production, where `npm run build` made the bundle and a missing one fails the start.
   */
  bundle?: boolean;
  /** Receives one line when the bundle is built (it can take seconds, so worth seeing at boot). */
  log?: (msg: string) => void;
}

/**
 * Returns the page and its bundle: with `bundle` (development), built now or read from a fresh dist/; without,
 * read from the dist/ `npm run build` made, saying clearly when it is missing.
 */
export async function loadOfflineBundle(
  spec: OfflineBundleSpec,
  options: LoadOfflineBundleOptions = {},
): Promise<OfflineBundle> {
  // Only a development gateway loads the bundler (and esbuild): a production image does not have them.
  const { js, css } = options.bundle
    ? await (await import('./offline-bundle.bundler.js')).bundleOffline(spec, options.log)
    : await readBundle(spec);
  const paths = {
    js: `${spec.urlBase}/${basename(spec.files.js)}`,
    css: `${spec.urlBase}/${basename(spec.files.css)}`,
  };
  // The content hash in each URL lets browsers cache the bundle forever yet pick up a rebuild at once.
  const version = (buf: Buffer) => createHash('sha256').update(buf).digest('hex').slice(0, 12);
  const html = toHtml(spec.page, { js: `${paths.js}?v=${version(js)}`, css: `${paths.css}?v=${version(css)}` });
  return { html, js, css, paths };
}

function toHtml(page: OfflineBundleSpec['page'], urls: { js: string; css: string }): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${page.title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${urls.css}" />${page.head ? `\n    ${page.head}` : ''}
  </head>
  <body>
    ${page.body}
    <script src="${urls.js}"></script>
  </body>
</html>
`;
}

async function readBundle(spec: OfflineBundleSpec): Promise<{ js: Buffer; css: Buffer }> {
  try {
    const [js, css] = await Promise.all([readFile(spec.files.js), readFile(spec.files.css)]);
    return { js, css };
  } catch (error) {
    throw new Error(
      `${spec.label} is missing in ${spec.files.dist} (${String(error)}): run \`npm run build\`, ${spec.missingHint}`,
      { cause: error },
    );
  }
}
