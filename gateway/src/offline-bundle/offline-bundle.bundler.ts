/**
 * Bundles a browser entry (GraphiQL, the live token board) with esbuild into its dist/. Build time and
 * development only: esbuild and the browser libraries are dev dependencies, and a production gateway reads
 * the bundle `npm run build` made (offline-bundle.ts) without ever loading this file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import type { BundleFiles, OfflineBundleSpec } from './offline-bundle.js';

/**
 * The bundle: dist/ when it is newer than every source and stamped with the same versions (many gateways
 * start in a test run, each would otherwise pay the build), else bundled now and saved there (a read-only
 * tree still gets the bundle, unsaved).
 */
export async function bundleOffline(
  spec: Pick<OfflineBundleSpec, 'files' | 'esbuild' | 'versions'>,
  log?: (msg: string) => void,
): Promise<{ js: Buffer; css: Buffer }> {
  const files = spec.files;
  const stamp = JSON.stringify({ ...spec.versions?.(), esbuild: esbuildVersion });
  if (await isDistFresh(files, stamp)) return { js: await readFile(files.js), css: await readFile(files.css) };
  const name = basename(files.js, '.js');
  const startedAt = performance.now();
  const result = await build({
    entryPoints: { [name]: files.entry },
    outdir: files.dist,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    // The repo's tsconfig is for Node code (NodeNext, decorators); keep it out of the browser build.
    tsconfigRaw: {},
    ...spec.esbuild,
    write: false,
    logLevel: 'silent',
  });
  const output = (path: string) => {
    const file = result.outputFiles.find((f) => f.path === path);
    if (!file) throw new Error(`esbuild produced no ${path}`);
    return Buffer.from(file.contents);
  };
  const bundle = { js: output(files.js), css: output(files.css) };
  const took = `${Math.round(performance.now() - startedAt)} ms`;
  log?.(`${name} bundle built in ${took} (js ${kib(bundle.js)}, css ${kib(bundle.css)})`);
  try {
    await mkdir(files.dist, { recursive: true });
    // Temp name then rename, so a second gateway booting at the same time never reads a half-written
    // file; the stamp goes last so it only vouches for complete outputs.
    await writeAtomically(files.js, bundle.js);
    await writeAtomically(files.css, bundle.css);
    await writeAtomically(stampPath(files), stamp);
  } catch (error) {
    log?.(`${name} bundle not saved in ${files.dist}: ${String(error)}`);
  }
  return bundle;
}

function stampPath(files: BundleFiles): string {
  return join(files.dist, 'build-stamp.json');
}

async function isDistFresh(files: BundleFiles, stamp: string): Promise<boolean> {
  try {
    const [js, css, storedStamp] = await Promise.all([
      stat(files.js),
      stat(files.css),
      readFile(stampPath(files), 'utf8'),
    ]);
    if (storedStamp !== stamp) return false;
    const built = Math.min(js.mtimeMs, css.mtimeMs);
    const sources = (await Promise.all(files.sources.map(listFiles))).flat();
    const times = await Promise.all(sources.map(async (file) => (await stat(file)).mtimeMs));
    return times.every((time) => time <= built);
  } catch {
    return false;
  }
}

/** A file itself, a folder everything under it. */
async function listFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  return (await readdir(path, { recursive: true, encoding: 'utf8' })).map((file) => join(path, file));
}

function kib(buf: Buffer): string {
  return `${Math.round(buf.length / 1024)} KiB`;
}

/** Writes `path` through a temp file and a rename: a reader never sees a half-written file. */
async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, contents);
  await rename(tmp, path);
}
