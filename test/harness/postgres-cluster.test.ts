import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  attachPgServer,
  countStatements,
  pauseReplay,
  resetStatementStats,
  resumeReplay,
  waitForReplicaCatchUp,
  waitForWalReceived,
  withClient,
  type PgServer,
} from './postgres-cluster.js';

function serverFromEnv(role: 'PRIMARY' | 'REPLICA'): PgServer {
  const dataDir = process.env[`TEST_PG_${role}_DIR`];
  const port = Number(process.env[`TEST_PG_${role}_PORT`]);
  if (!dataDir || !port) throw new Error(`TEST_PG_${role}_DIR/PORT unset: run through jest (globalSetup)`);
  return attachPgServer({ dataDir, port });
}

async function query<T>(server: PgServer, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(server.url, async (client) => (await client.query(sql, params)).rows as T[]);
}

describe('test Postgres primary + streaming replica', () => {
  const primary = serverFromEnv('PRIMARY');
  const replica = serverFromEnv('REPLICA');
  const table = `harness_probe_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await query(primary, `CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL)`);
  });

  afterAll(async () => {
    await resumeReplay(replica);
    await query(primary, `DROP TABLE IF EXISTS ${table}`);
  });

  test('the primary is a primary and the replica a standby streaming from it', async () => {
    const [primaryState] = await query<{ recovering: boolean }>(primary, 'SELECT pg_is_in_recovery() AS recovering');
    const [replicaState] = await query<{ recovering: boolean; status: string | null }>(
      replica,
      'SELECT pg_is_in_recovery() AS recovering, (SELECT status FROM pg_stat_wal_receiver) AS status',
    );
    expect(primaryState?.recovering).toBe(false);
    expect(replicaState).toEqual({ recovering: true, status: 'streaming' });
    expect(process.env.TEST_PG_PRIMARY_URL).toBe(primary.url);
    expect(process.env.TEST_PG_REPLICA_URL).toBe(replica.url);
  });

  test('a row inserted on the primary appears on the replica', async () => {
    await query(primary, `INSERT INTO ${table} VALUES (1, 'replicated')`);
    await waitForReplicaCatchUp(primary, replica);
    expect(await query(replica, `SELECT id, note FROM ${table}`)).toEqual([{ id: 1, note: 'replicated' }]);
  });

  test('the replica refuses writes as a read-only transaction (25006)', async () => {
    await waitForReplicaCatchUp(primary, replica); // the table must exist there for the error to be about writes
    await expect(query(replica, `INSERT INTO ${table} VALUES (2, 'nope')`)).rejects.toMatchObject({ code: '25006' });
  });

  test('with replay paused a received row stays invisible on the replica until replay resumes', async () => {
    await pauseReplay(replica);
    try {
      await query(primary, `INSERT INTO ${table} VALUES (3, 'held back')`);
      await waitForWalReceived(primary, replica); // the WAL is there: only replay is holding the row back
      expect(await query(replica, `SELECT id FROM ${table} WHERE id = 3`)).toEqual([]);
    } finally {
      await resumeReplay(replica);
    }
    await waitForReplicaCatchUp(primary, replica);
    expect(await query(replica, `SELECT id FROM ${table} WHERE id = 3`)).toEqual([{ id: 3 }]);
  });

  test('countStatements counts the calls of a distinctive query, and a pattern reset clears only it', async () => {
    // Constants are normalized away by pg_stat_statements, so the distinctive part is an identifier.
    const alias = `${table}_count_probe`;
    const pattern = `%${alias}%`;
    const probe = `SELECT 1 AS ${alias}`;
    await withClient(primary.url, async (client) => {
      for (let i = 0; i < 3; i++) await client.query(probe);
    });
    expect(await countStatements(primary, pattern)).toBe(3);

    await resetStatementStats(primary, pattern);
    expect(await countStatements(primary, pattern)).toBe(0);
    expect(await countStatements(primary, `%CREATE TABLE ${table}%`)).toBe(1);

    await query(primary, probe);
    expect(await countStatements(primary, pattern)).toBe(1);
  });
});
