import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { testEnv } from '../../harness/test-database.js';
import { startPgStatementCounter, type PgStatementCounter } from './pg-statement-counter.js';

describe('Postgres statement counter', () => {
  let counter: PgStatementCounter;
  let client: pg.Client;

  beforeAll(async () => {
    const target = new URL(testEnv('TEST_DATABASE_URL'));
    counter = await startPgStatementCounter(target.hostname, Number(target.port || 5432));
    client = new pg.Client({ connectionString: counter.url(target.toString()) });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await counter.close();
  });

  test('counts statements and round trips of the simple and the extended protocol, passing answers through', async () => {
    const before = counter.counts();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await client.query('SELECT $1::int AS two', [2])).rows).toEqual([{ two: 2 }]);
    await client.query('SELECT 3; SELECT 4');
    const after = counter.counts();
    expect(after.statements - before.statements).toBe(3);
    expect(after.roundTrips - before.roundTrips).toBe(3);
  });
});
