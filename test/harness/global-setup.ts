/**
 * jest globalSetup of the integration lane: builds the workspaces (`npm run build`: tests that start the
 * compiled services and the launcher need dist/), checks that the shared Postgres and Redis answer, and
 * starts one throwaway primary with a streaming replica for the replication tests. Workers learn about them through TEST_* environment
 * variables (they inherit this process's environment); global-teardown.ts destroys the pair.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type * as LocalPostgres from './local-postgres.js';
import type * as PostgresCluster from './postgres-cluster.js';
import type * as RedisHarness from './redis.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Where global-teardown.ts finds the pair (it repeats the key). */
const PG_PAIR_KEY = Symbol.for('memegraph.test.pgPair');

export default async function globalSetup(): Promise<void> {
  const startedAt = performance.now();
  const [{ ensureLocalPostgres }, { ensureRedis }, cluster] = await Promise.all([
    loadSibling<typeof LocalPostgres>('local-postgres'),
    loadSibling<typeof RedisHarness>('redis'),
    loadSibling<typeof PostgresCluster>('postgres-cluster'),
  ]);
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const build = buildWorkspaces();
  build.catch(() => undefined); // awaited below; not an unhandled rejection while Postgres starts
  await Promise.all([ensureLocalPostgres(databaseUrl), ensureRedis(redisUrl)]);
  const servicesMs = performance.now() - startedAt;

  const primary = await cluster.startPrimary({ name: 'primary' });
  const primaryMs = performance.now() - startedAt - servicesMs;
  const replica = await cluster.startReplica(primary).catch(async (error: unknown) => {
    await primary.destroy();
    throw error;
  });
  const replicaMs = performance.now() - startedAt - servicesMs - primaryMs;
  (globalThis as Record<symbol, unknown>)[PG_PAIR_KEY] = { primary, replica };
  const buildMs = await build;

  Object.assign(process.env, {
    TEST_DATABASE_URL: databaseUrl,
    TEST_REDIS_URL: redisUrl,
    TEST_PG_PRIMARY_URL: primary.url,
    TEST_PG_REPLICA_URL: replica.url,
    TEST_PG_PRIMARY_DIR: primary.dataDir,
    TEST_PG_REPLICA_DIR: replica.dataDir,
    TEST_PG_PRIMARY_PORT: String(primary.port),
    TEST_PG_REPLICA_PORT: String(replica.port),
  });
  const ms = (value: number): string => `${Math.round(value)} ms`;
  console.log(
    `\n[harness] Postgres ${databaseUrl} + Redis ${redisUrl} up (${ms(servicesMs)}); ` +
      `primary :${primary.port} (${ms(primaryMs)}) + streaming replica :${replica.port} (${ms(replicaMs)}); ` +
      `npm run build (${ms(buildMs)}, alongside); ` +
      `total ${ms(performance.now() - startedAt)}`,
  );
}

/** Runs `npm run build` in the repository root; resolves with how long it took (ms). */
async function buildWorkspaces(): Promise<number> {
  const startedAt = performance.now();
  const root = new URL('../../', import.meta.url);
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`npm run build failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
  return performance.now() - startedAt;
}

/**
 * jest loads globalSetup through a CommonJS require hook that ignores moduleNameMapper, so a static
 * `./x.js` import fails there. A computed specifier naming the `.ts` source resolves both under that hook
 * and under a native-ESM TypeScript runner; the `import type` lines above keep the types.
 */
async function loadSibling<T>(name: string): Promise<T> {
  return (await import(`./${name}.ts`)) as T;
}
