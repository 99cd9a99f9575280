/**
 * Bundles GraphiQL (gateway/graphiql/entry.tsx) with esbuild into gateway/graphiql/dist/. Build time and
 * development only: esbuild, graphiql and react are dev dependencies, and a production gateway reads the
 * bundle `npm run build` made (graphiql.assets.ts) without ever loading this file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import { graphiqlFiles } from './graphiql.assets.js';

/** The bundle, rebuilt first when missing or stale (older than the entry, or built by another graphiql/esbuild). */
export async function bundleGraphiql(log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  const stamp = JSON.stringify({ graphiql: getGraphiqlVersion(), esbuild: esbuildVersion });
  return (await isDistFresh(stamp))
    ? { js: await readFile(graphiqlFiles.js), css: await readFile(graphiqlFiles.css) }
    : await buildDist(stamp, log);
}

function getGraphiqlVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('graphiql/package.json') as { version: string };
  return pkg.version;
}

async function isDistFresh(stamp: string): Promise<boolean> {
  try {
    const [entry, js, storedStamp] = await Promise.all([
      stat(graphiqlFiles.entry),
      stat(graphiqlFiles.js),
      readFile(graphiqlFiles.stamp, 'utf8'),
    ]);
    await stat(graphiqlFiles.css);
    return storedStamp === stamp && js.mtimeMs >= entry.mtimeMs;
  } catch {
    return false;
  }
}

async function buildDist(stamp: string, log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  const startedAt = performance.now();
  const result = await build({
    entryPoints: { graphiql: graphiqlFiles.entry },
    outdir: graphiqlFiles.dist,
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
  const bundle = { js: output(graphiqlFiles.js), css: output(graphiqlFiles.css) };
  const took = `${Math.round(performance.now() - startedAt)} ms`;
  log?.(`graphiql bundle built in ${took} (js ${kib(bundle.js)}, css ${kib(bundle.css)})`);
  try {
    await saveDist(bundle, stamp);
  } catch (error) {
    // A read-only image must still serve GraphiQL: the cache on disk only saves the next boot's build.
    log?.(`graphiql bundle not cached in ${graphiqlFiles.dist}: ${String(error)}`);
  }
  return bundle;
}

async function saveDist(bundle: { js: Buffer; css: Buffer }, stamp: string): Promise<void> {
  await mkdir(graphiqlFiles.dist, { recursive: true });
  // Temp name then rename, so a second gateway booting at the same time never reads a half-written
  // file; the stamp goes last so it only vouches for complete outputs.
  await writeAtomically(graphiqlFiles.js, bundle.js);
  await writeAtomically(graphiqlFiles.css, bundle.css);
  await writeAtomically(graphiqlFiles.stamp, stamp);
}

function kib(buf: Buffer): string {
  return `${Math.round(buf.length / 1024)} KiB`;
}

/** Writes `path` through a temp file and a rename: a reader never sees a half-written file. */
export async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, contents);
  await rename(tmp, path);
}
