/**
 * Bundles the live token board (web/src/main.ts, with the SDK from client/src and its CSS) with esbuild into
 * web/dist/. Build time and development only: esbuild is a dev dependency, and a production gateway reads
 * the bundle `npm run build` made (board.assets.ts) without ever loading this file.
 */
import { readdirSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { writeAtomically } from '../graphiql/graphiql.bundler.js';
import { boardFiles } from './board.assets.js';

/**
 * The board's bundle: web/dist/ when it is newer than every source it is made of (web/src, client/src: many
 * gateways start in a test run, each would otherwise pay the build), else bundled now and saved there (a
 * read-only tree still gets the bundle, unsaved).
 */
export async function bundleBoard(log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  if (await isDistFresh()) return { js: await readFile(boardFiles.js), css: await readFile(boardFiles.css) };
  const startedAt = performance.now();
  const result = await build({
    entryPoints: { board: boardFiles.entry },
    outdir: boardFiles.dist,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    // The SDK's TypeScript sources, as tests run them (its dist/ may not be built yet).
    conditions: ['@memegraph/source'],
    tsconfigRaw: {},
    write: false,
    logLevel: 'silent',
  });
  const output = (path: string) => {
    const file = result.outputFiles.find((f) => f.path === path);
    if (!file) throw new Error(`esbuild produced no ${path}`);
    return Buffer.from(file.contents);
  };
  const bundle = { js: output(boardFiles.js), css: output(boardFiles.css) };
  log?.(`board bundle built in ${Math.round(performance.now() - startedAt)} ms (js ${bundle.js.length} B)`);
  try {
    await mkdir(boardFiles.dist, { recursive: true });
    await writeAtomically(boardFiles.js, bundle.js);
    await writeAtomically(boardFiles.css, bundle.css);
  } catch (error) {
    log?.(`board bundle not saved in ${boardFiles.dist}: ${String(error)}`);
  }
  return bundle;
}

async function isDistFresh(): Promise<boolean> {
  try {
    const [js, css] = await Promise.all([stat(boardFiles.js), stat(boardFiles.css)]);
    const built = Math.min(js.mtimeMs, css.mtimeMs);
    const sources = boardFiles.sources.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)),
    );
    const times = await Promise.all(sources.map(async (file) => (await stat(file)).mtimeMs));
    return times.every((time) => time <= built);
  } catch {
    return false;
  }
}
