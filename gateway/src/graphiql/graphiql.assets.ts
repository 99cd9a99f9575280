import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion } from 'esbuild';

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
}

// Resolved from this file, not the cwd: the gateway is started from the repo root and from gateway/.
const graphiqlDir = fileURLToPath(new URL('../../graphiql/', import.meta.url));
const entryPath = join(graphiqlDir, 'entry.tsx');
const distDir = join(graphiqlDir, 'dist');
const jsPath = join(distDir, 'graphiql.js');
const cssPath = join(distDir, 'graphiql.css');
const stampPath = join(distDir, 'build-stamp.json');

/**
 * Returns the GraphiQL page, bundling `graphiql/entry.tsx` into `graphiql/dist/` first when that
 * bundle is missing or stale (older than the entry, or built from another graphiql/esbuild version).
 */
export async function loadGraphiqlAssets(options: LoadGraphiqlAssetsOptions = {}): Promise<GraphiqlAssets> {
  const stamp = JSON.stringify({ graphiql: getGraphiqlVersion(), esbuild: esbuildVersion });
  const { js, css } = (await isDistFresh(stamp))
    ? { js: await readFile(jsPath), css: await readFile(cssPath) }
    : await buildDist(stamp, options.log);
  return { html: toHtml(js, css), js, css };
}

function getGraphiqlVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('graphiql/package.json') as { version: string };
  return pkg.version;
}

async function isDistFresh(stamp: string): Promise<boolean> {
  try {
    const [entry, js, storedStamp] = await Promise.all([stat(entryPath), stat(jsPath), readFile(stampPath, 'utf8')]);
    await stat(cssPath);
    return storedStamp === stamp && js.mtimeMs >= entry.mtimeMs;
  } catch {
    return false;
  }
}

async function buildDist(stamp: string, log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  const startedAt = performance.now();
  const result = await build({
    entryPoints: { graphiql: entryPath },
    outdir: distDir,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // The repo's tsconfig is for Node code (NodeNext, decorators); keep it out of the browser build.
    tsconfigRaw: {},
    write: false,
    logLevel: 'silent',
  });
  const output = (path: string) => {
    const file = result.outputFiles.find((f) => f.path === path);
    if (!file) throw new Error(`esbuild produced no ${path}`);
    return Buffer.from(file.contents);
  };
  const bundle = { js: output(jsPath), css: output(cssPath) };
  const took = `${Math.round(performance.now() - startedAt)} ms`;
  log?.(`graphiql bundle built in ${took} (js ${kib(bundle.js)}, css ${kib(bundle.css)})`);
  try {
    await saveDist(bundle, stamp);
  } catch (error) {
    // A read-only image must still serve GraphiQL: the cache on disk only saves the next boot's build.
    log?.(`graphiql bundle not cached in ${distDir}: ${String(error)}`);
  }
  return bundle;
}

async function saveDist(bundle: { js: Buffer; css: Buffer }, stamp: string): Promise<void> {
  await mkdir(distDir, { recursive: true });
  // Temp name then rename, so a second gateway booting at the same time never reads a half-written
  // file; the stamp goes last so it only vouches for complete outputs.
  await writeAtomically(jsPath, bundle.js);
  await writeAtomically(cssPath, bundle.css);
  await writeAtomically(stampPath, stamp);
}

function kib(buf: Buffer): string {
  return `${Math.round(buf.length / 1024)} KiB`;
}

async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, contents);
  await rename(tmp, path);
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
