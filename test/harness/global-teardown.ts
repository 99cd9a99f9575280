/** jest globalTeardown: destroys the primary/replica pair that global-setup.ts started. */
import type * as PostgresCluster from './postgres-cluster.js';

type PgServer = PostgresCluster.PgServer;

const PG_PAIR_KEY = Symbol.for('memegraph.test.pgPair'); // same key as global-setup.ts

export default async function globalTeardown(): Promise<void> {
  const { attachPgServer } = await loadSibling<typeof PostgresCluster>('postgres-cluster');
  const store = globalThis as Record<symbol, { primary: PgServer; replica: PgServer } | undefined>;
  const pair = store[PG_PAIR_KEY] ?? fromEnvironment(attachPgServer);
  delete store[PG_PAIR_KEY];
  // Replica first, so the primary's fast shutdown does not race a walreceiver reconnecting.
  if (pair?.replica) await pair.replica.destroy();
  if (pair?.primary) await pair.primary.destroy();
}

/** Fallback when the handles are gone (for example a teardown run in a fresh module registry). */
function fromEnvironment(
  attach: typeof PostgresCluster.attachPgServer,
): { primary?: PgServer; replica?: PgServer } | undefined {
  const server = (dir: string | undefined, port: string | undefined): PgServer | undefined =>
    dir && port ? attach({ dataDir: dir, port: Number(port) }) : undefined;
  return {
    primary: server(process.env.TEST_PG_PRIMARY_DIR, process.env.TEST_PG_PRIMARY_PORT),
    replica: server(process.env.TEST_PG_REPLICA_DIR, process.env.TEST_PG_REPLICA_PORT),
  };
}

/** See global-setup.ts: jest's require hook for global hooks ignores moduleNameMapper. */
async function loadSibling<T>(name: string): Promise<T> {
  return (await import(`./${name}.ts`)) as T;
}
