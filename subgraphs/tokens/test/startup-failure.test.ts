/** A tokens subgraph whose start fails half-way leaves nothing open behind it. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { getFreePort } from '../../../test/harness/free-port.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { waitFor } from '../../../test/harness/wait-for.js';

let db: TestDatabase;
const blocker = createServer();

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'startup_failure');
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await db?.drop();
});

/** Sessions the service holds on the test database (pools and health checks). */
async function sessionsOn(url: string): Promise<number> {
  const admin = new pg.Client({ connectionString: testEnv('TEST_DATABASE_URL') });
  await admin.connect();
  try {
    const database = new URL(url).pathname.slice(1);
    const { rows } = await admin.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return Number(rows[0]?.n);
  } finally {
    await admin.end();
  }
}

describe('tokens start-up failure', () => {
  it('closes the pools and health checks it had opened when its port is taken', async () => {
    const start = startTokens(
      loadTokensConfig({
        DATABASE_URL: db.url,
        TOKENS_PORT: String((blocker.address() as AddressInfo).port),
        TOKENS_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        // Health checks often enough that a leaked one would keep reconnecting during the wait below.
        DATABASE_REPLICA_CHECK_INTERVAL_MS: '100',
        MARKET_DATA_URL: `http://127.0.0.1:${await getFreePort()}/graphql`,
      }),
    );
    await expect(start).rejects.toThrow('EADDRINUSE');
    // Pools close idle connections after 10 s on their own: well before that, none may be left.
    await waitFor(async () => (await sessionsOn(db.url)) === 0, 5_000, 'no session left on the database');
  });
});
