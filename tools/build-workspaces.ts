/**
 * `npm run build`: compiles the `src/` of every npm workspace (root package.json `workspaces`, globs
 * included) to its `dist/`, with SWC and swc.config.json — the options jest compiles the tests with, so
 * tests and production share one compiler and one decorator-metadata semantics. Types are tsc's job
 * (`npm run check:types`). Test files are not compiled. `dist/` mirrors `src/` file for file, so a path a
 * service resolves from import.meta.url (`../../schema/...`) points at the same file from either.
 *
 * Each workspace is compiled into a temporary folder that then replaces `dist/`, so a process started
 * from the old `dist/` meanwhile never sees a half-written tree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { transformFile, type Options } from '@swc/core';
import { getWorkspaceDirs, repoRoot } from './workspaces.js';

const swcOptions = JSON.parse(readFileSync(join(repoRoot, 'swc.config.json'), 'utf8')) as Options;

/** The files of `srcDir` (relative paths) that production runs: TypeScript sources, no tests. */
function getSourceFiles(srcDir: string): string[] {
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts'),
  );
}

/** Compiles one workspace; resolves with the number of files and bytes written. */
async function buildWorkspace(dir: string): Promise<{ files: number; bytes: number }> {
  const srcDir = join(repoRoot, dir, 'src');
  const distDir = join(repoRoot, dir, 'dist');
  const tmpDir = join(repoRoot, dir, `.dist-${process.pid}`);
  await rm(tmpDir, { recursive: true, force: true });
  let bytes = 0;
  const files = getSourceFiles(srcDir);
  try {
    await Promise.all(
      files.map(async (file) => {
        const { code } = await transformFile(join(srcDir, file), { ...swcOptions, swcrc: false, configFile: false });
        const target = join(tmpDir, file.replace(/\.ts$/, '.js'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, code);
        bytes += Buffer.byteLength(code);
      }),
    );
    await replaceDir(distDir, tmpDir);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  return { files: files.length, bytes };
}

/** Puts `newDir` in the place of `dir`; retried when another build put its own there meanwhile. */
async function replaceDir(dir: string, newDir: string): Promise<void> {
  const oldDir = `${dir}.old-${process.pid}`;
  for (let attempt = 1; ; attempt++) {
    try {
      if (existsSync(dir)) await rename(dir, oldDir);
      await rename(newDir, dir);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT')) throw error;
      await rm(oldDir, { recursive: true, force: true });
    }
  }
  await rm(oldDir, { recursive: true, force: true });
}

const startedAt = performance.now();
const built = await Promise.all(
  getWorkspaceDirs()
    .filter((dir) => existsSync(join(repoRoot, dir, 'src')))
    .map(async (dir) => ({ dir, ...(await buildWorkspace(dir)) })),
);
for (const { dir, files, bytes } of built) {
  console.log(`${dir}/dist: ${files} files, ${Math.round(bytes / 1024)} KiB`);
}
console.log(`built ${built.length} workspaces in ${Math.round(performance.now() - startedAt)} ms`);
