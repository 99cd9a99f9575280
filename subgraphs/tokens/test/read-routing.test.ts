/**
 * Read-replica routing against a real primary and a real streaming replica (started by the harness):
 * statement counts are read from pg_stat_statements on each server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
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
} from '../../../test/harness/postgres-cluster.js';
import { testEnv } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress, insertTokensSql } from '../../../test/harness/token-fixtures.js';

const ADMIN_KEY = 'routing-test-admin-key-0123456789';
const LOOKUP = '%FROM tokens t%WHERE (t.chain, t.address) IN (SELECT * FROM unnest(%';
const INSERT = '%INSERT INTO tokens (chain, address, name, symbol, decimals%';

let primary: PgServer;
let replica: PgServer;
let service: TokensService;

const lookups = async () => ({
  primary: await countStatements(primary, LOOKUP),
  replica: await countStatements(replica, LOOKUP),
});
const resetLookups = () => Promise.all([resetStatementStats(primary, LOOKUP), resetStatementStats(replica, LOOKUP)]);
const replicaUsable = () => service.router.status().find((s) => s.role === 'replica')?.usable === true;

beforeAll(async () => {
  primary = attachPgServer({ port: Number(testEnv('TEST_PG_PRIMARY_PORT')), dataDir: testEnv('TEST_PG_PRIMARY_DIR') });
  replica = attachPgServer({ port: Number(testEnv('TEST_PG_REPLICA_PORT')), dataDir: testEnv('TEST_PG_REPLICA_DIR') });
  service = await startTokens(
    loadTokensConfig({
      DATABASE_URL: primary.url,
      DATABASE_REPLICA_URLS: replica.url,
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '100',
      DATABASE_REPLICA_MAX_LAG_MS: '60000',
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      // This suite counts the statements each server runs; the read cache would answer repeated keys itself.
      READ_CACHE_TTL_MS: '0',
    }),
  );
  const seed = insertTokensSql(100, 1);
  await withClient(primary.url, (c) => c.query(seed.sql, seed.params));
  await waitForReplicaCatchUp(primary, replica);
  await service.router.check();
  await waitFor(replicaUsable, 10_000, 'replica in rotation');
});

afterAll(async () => {
  await service?.close();
});

describe('read-replica routing', () => {
  it('sends reads to the replica, not the primary', async () => {
    await resetLookups();
    const result = await postGraphql(
      service.url,
      `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`,
      {
        a: fakeSolanaAddress(1),
      },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.token).toEqual({ symbol: 'T1' });
    expect(await lookups()).toEqual({ primary: 0, replica: 1 });
  });

  it('sends writes to the primary', async () => {
    await Promise.all([resetStatementStats(primary, INSERT), resetStatementStats(replica, INSERT)]);
    const result = await postGraphql(
      service.url,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Written", symbol: "WRT" }) { symbol tracked } }`,
      { a: fakeSolanaAddress(5000) },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.trackToken).toEqual({ symbol: 'WRT', tracked: true });
    expect(await countStatements(primary, INSERT)).toBe(1);
    expect(await countStatements(replica, INSERT)).toBe(0);
  });

  it('resolves 100 entity references with one SQL statement', async () => {
    await resetLookups();
    const representations = Array.from({ length: 100 }, (_, i) => ({
      __typename: 'Token',
      chain: 'SOLANA',
      address: fakeSolanaAddress(i + 1),
    }));
    const result = await postGraphql(
      service.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { address symbol } } }`,
      { r: representations },
    );
    expect(result.body.errors).toBeUndefined();
    const entities = result.body.data?._entities as Array<{ address: string; symbol: string }>;
    expect(entities).toHaveLength(100);
    expect(entities.map((e) => e.address)).toEqual(representations.map((r) => r.address));
    expect(await lookups()).toEqual({ primary: 0, replica: 1 });
  });

  it('answers tokensByAddress with 100 addresses, in order with nulls for unknown ones, in one statement', async () => {
    await resetLookups();
    const addresses = Array.from({ length: 100 }, (_, i) => fakeSolanaAddress(i % 2 === 0 ? i + 1 : 90_000 + i));
    const result = await postGraphql(
      service.url,
      `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { address } }`,
      {
        a: addresses,
      },
    );
    expect(result.body.errors).toBeUndefined();
    const tokens = result.body.data?.tokensByAddress as Array<{ address: string } | null>;
    expect(tokens.map((t) => t?.address ?? null)).toEqual(addresses.map((a, i) => (i % 2 === 0 ? a : null)));
    expect(await lookups()).toEqual({ primary: 0, replica: 1 });
  });

  it('reads its own write while the replica has replay paused', async () => {
    const address = fakeSolanaAddress(6000);
    await pauseReplay(replica);
    try {
      const write = await postGraphql(
        service.url,
        `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Fresh", symbol: "FRSH" }) { symbol } }`,
        { a: address },
        { authorization: `Bearer ${ADMIN_KEY}` },
      );
      expect(write.body.errors).toBeUndefined();
      const readAfter = write.headers.get('x-read-after');
      expect(readAfter).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      await waitForWalReceived(primary, replica);
      // The replica has received but not replayed the write: it does not have the row.
      const onReplica = await withClient(replica.url, (c) =>
        c.query('SELECT 1 FROM tokens WHERE address = $1', [address]),
      );
      expect(onReplica.rowCount).toBe(0);

      await resetLookups();
      const query = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`;
      const own = await postGraphql(service.url, query, { a: address }, { 'x-read-after': readAfter! });
      expect(own.body.data?.token).toEqual({ symbol: 'FRSH' });
      expect(await lookups()).toEqual({ primary: 1, replica: 0 });

      // Without the token a reader may see the replica's (bounded) stale state: routing, not luck, made the difference.
      const other = await postGraphql(service.url, query, { a: address });
      expect(other.body.data?.token).toBeNull();
      expect(await lookups()).toEqual({ primary: 1, replica: 1 });
    } finally {
      await resumeReplay(replica);
    }
  });

  it('skips a replica lagging past the bound and uses it again once caught up', async () => {
    const lagging = await startTokens(
      loadTokensConfig({
        DATABASE_URL: primary.url,
        DATABASE_REPLICA_URLS: replica.url,
        DATABASE_REPLICA_CHECK_INTERVAL_MS: '50',
        DATABASE_REPLICA_MAX_LAG_MS: '300',
        DATABASE_MIGRATE_ON_START: 'false',
        TOKENS_PORT: '0',
        TOKENS_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      }),
    );
    const usable = () => lagging.router.status().find((s) => s.role === 'replica')?.usable === true;
    try {
      await waitFor(usable, 10_000, 'replica in rotation');
      await pauseReplay(replica);
      await withClient(primary.url, (c) =>
        c.query(`UPDATE tokens SET updated_at = now() WHERE address = $1`, [fakeSolanaAddress(1)]),
      );
      await waitFor(() => !usable(), 10_000, 'lagging replica out of rotation');
      await resetLookups();
      const result = await postGraphql(
        lagging.url,
        `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`,
        {
          a: fakeSolanaAddress(2),
        },
      );
      expect(result.body.data?.token).toEqual({ symbol: 'T2' });
      expect(await lookups()).toEqual({ primary: 1, replica: 0 });
      await resumeReplay(replica);
      await waitFor(usable, 10_000, 'caught-up replica back in rotation');
    } finally {
      await resumeReplay(replica);
      await lagging.close();
    }
  });

  it('falls back to the primary without a client error when the replica is stopped', async () => {
    await resetLookups();
    const query = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`;
    await replica.stop();
    try {
      // Immediately: the router still believes the replica is healthy, so this exercises the in-flight fallback.
      const result = await postGraphql(service.url, query, { a: fakeSolanaAddress(3) });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.token).toEqual({ symbol: 'T3' });
      expect(await countStatements(primary, LOOKUP)).toBe(1);
      await waitFor(() => !replicaUsable(), 10_000, 'stopped replica out of rotation');
      for (let i = 0; i < 5; i++) {
        const again = await postGraphql(service.url, query, { a: fakeSolanaAddress(4 + i) });
        expect(again.body.errors).toBeUndefined();
      }
      expect(await countStatements(primary, LOOKUP)).toBe(6);
    } finally {
      await replica.start();
    }
    await waitFor(replicaUsable, 15_000, 'restarted replica back in rotation');
    await resetLookups();
    await postGraphql(service.url, query, { a: fakeSolanaAddress(3) });
    expect(await lookups()).toEqual({ primary: 0, replica: 1 });
  });
});
