/**
 * Makes sure the machine's own Postgres (the one most tests use) accepts connections, starting the Debian
 * cluster on 127.0.0.1:5432 when it is down. Never changes that cluster's configuration.
 * Imports no sibling file (see postgres-cluster.ts for why).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const START_TIMEOUT_MS = 30_000;

/** Resolves once `url` accepts a query; runs `pg_ctlcluster <version> main start` if 127.0.0.1:5432 is down. */
export async function ensureLocalPostgres(url: string): Promise<void> {
  const firstError = await probe(url);
  if (firstError === undefined) return;
  if (!isConnectionFailure(firstError) || !isDefaultLocal(url)) {
    throw new Error(`Postgres at ${url} is not usable: ${firstError.message}`);
  }
  const version = await findClusterVersion();
  await execFileAsync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { timeout: 60_000 });
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const error = await probe(url);
    if (error === undefined) return;
    if (Date.now() > deadline) {
      throw new Error(`started Postgres ${version}/main but ${url} still fails: ${error.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function probe(url: string): Promise<(Error & { code?: string }) | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error as Error & { code?: string };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Refused, missing socket, or still starting up (57P03): starting the server can fix these. */
function isConnectionFailure(error: Error & { code?: string }): boolean {
  return ['ECONNREFUSED', 'ENOENT', '57P03'].includes(error.code ?? '');
}

function isDefaultLocal(url: string): boolean {
  const { hostname, port } = new URL(url);
  return ['127.0.0.1', 'localhost'].includes(hostname) && (port === '' || port === '5432');
}

/** The version of the cluster named `main` on port 5432 (pg_lsclusters), else the highest installed. */
async function findClusterVersion(): Promise<string> {
  const { stdout } = await execFileAsync('pg_lsclusters', ['--no-header']).catch(() => ({ stdout: '' }));
  const onPort = stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find(([, cluster, port]) => cluster === 'main' && port === '5432');
  if (onPort?.[0]) return onPort[0];
  const base = '/usr/lib/postgresql';
  const highest = (existsSync(base) ? readdirSync(base) : []).sort((a, b) => Number(b) - Number(a))[0];
  if (highest === undefined) throw new Error('no Debian Postgres cluster found to start');
  return highest;
}
