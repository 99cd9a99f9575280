/** The tokens subgraph over real HTTP on a fresh database of the local Postgres (TEST_DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { getSample, scrape } from '../../../test/harness/prometheus-text.js';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress } from '../../../test/harness/token-fixtures.js';
import { getFreePort } from '../../../test/harness/free-port.js';

const ADMIN_KEY = 'tokens-api-test-admin-key-012345';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const EVM = '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01';

let db: TestDatabase;
let service: TokensService;
const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  postGraphql(service.url, query, variables, headers);

const TRACK = `mutation($chain: Chain!, $address: String!, $m: TokenMetadataInput) {
  trackToken(chain: $chain, address: $address, metadata: $m) { chain address name symbol decimals imageUrl links { kind url } tracked firstSeenAt }
}`;

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'tokens_api');
  service = await startTokens(
    loadTokensConfig({
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      // Nothing listens here: the market-data lookup of unknown tokens is down in this file.
      MARKET_DATA_URL: `http://127.0.0.1:${await getFreePort()}/graphql`,
      UPSTREAM_LOOKUP_TIMEOUT_MS: '2000',
    }),
  );
  const seed: Array<[string, string, string]> = [
    [BONKX, 'Bonk Example', 'BONKX'],
    [fakeSolanaAddress(1), 'Bonkers Inu', 'BONKERS'],
    [fakeSolanaAddress(2), 'Super Bonk Coin', 'SBC'],
    [fakeSolanaAddress(3), 'Dogwifhat Example', 'WIFX'],
    [fakeSolanaAddress(4), 'Pepe Solana', 'PEPSOL'],
  ];
  for (const [address, name, symbol] of seed) {
    const result = await gql(TRACK, { chain: 'SOLANA', address, m: { name, symbol } }, admin);
    expect(result.body.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

describe('token keys', () => {
  it('keeps Solana addresses exactly as given (base58 is case-sensitive)', async () => {
    const found = await gql(`{ token(chain: SOLANA, address: "${BONKX}") { address symbol } }`);
    expect(found.body.data?.token).toEqual({ address: BONKX, symbol: 'BONKX' });
    const otherCase = await gql(
      `{ token(chain: SOLANA, address: "${BONKX.toLowerCase().replace(/l/g, 'k')}") { address } }`,
    );
    expect(otherCase.body.data?.token).toBeNull();
  });

  it('lower-cases EVM addresses and finds them in any case', async () => {
    const tracked = await gql(
      TRACK,
      { chain: 'ETHEREUM', address: EVM, m: { name: 'Evm Example', symbol: 'EVMX', decimals: 18 } },
      admin,
    );
    expect(tracked.body.data?.trackToken).toMatchObject({ address: EVM.toLowerCase(), decimals: 18, tracked: true });
    const upper = await gql(
      `{ token(chain: ETHEREUM, address: "${EVM.toUpperCase().replace('0X', '0x')}") { address } }`,
    );
    expect(upper.body.data?.token).toEqual({ address: EVM.toLowerCase() });
  });
});

describe('input validation', () => {
  it.each([
    ['a malformed Solana address', `{ token(chain: SOLANA, address: "not-base58!") { name } }`, 'address'],
    ['an EVM address on Solana', `{ token(chain: SOLANA, address: "${EVM}") { name } }`, 'address'],
    ['a short EVM address', `{ token(chain: BASE, address: "0x1234") { name } }`, 'address'],
    ['first over 100', `{ searchTokens(query: "bonk", first: 101) { name } }`, 'first'],
    ['first of 0', `{ searchTokens(query: "bonk", first: 0) { name } }`, 'first'],
    ['an empty search', `{ searchTokens(query: "   ") { name } }`, 'query'],
    [
      'a bad address inside a batch',
      `{ tokensByAddress(chain: SOLANA, addresses: ["${BONKX}", "nope"]) { name } }`,
      'addresses[1]',
    ],
    [
      'more than 100 addresses',
      `{ tokensByAddress(chain: SOLANA, addresses: [${Array(101).fill(`"${BONKX}"`).join(',')}]) { name } }`,
      'addresses',
    ],
    [
      'candles limit over 1000',
      `{ token(chain: SOLANA, address: "${BONKX}") { candles(resolution: M1, limit: 1001) { t } } }`,
      'limit',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_name, query, argumentName) => {
    const result = await gql(query);
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(result.body.errors?.[0]?.message).toContain(`"${argumentName}"`);
  });

  it('refuses invalid metadata naming the field', async () => {
    const result = await gql(
      TRACK,
      {
        chain: 'SOLANA',
        address: fakeSolanaAddress(9),
        m: { name: 'X', symbol: 'X', imageUrl: 'javascript:alert(1)' },
      },
      admin,
    );
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'metadata.imageUrl',
    });
  });
});

describe('searchTokens', () => {
  it('ranks an exact symbol first, then symbol prefixes, then name matches', async () => {
    const result = await gql(`{ searchTokens(query: "bonkx") { symbol } }`);
    // BONKERS follows as a trigram near miss of "bonkx".
    expect(result.body.data?.searchTokens).toEqual([{ symbol: 'BONKX' }, { symbol: 'BONKERS' }]);
    const broad = await gql(`{ searchTokens(query: "bonk", first: 10) { symbol } }`);
    expect((broad.body.data?.searchTokens as Array<{ symbol: string }>).map((t) => t.symbol)).toEqual([
      'BONKX',
      'BONKERS',
      'SBC',
    ]);
  });

  it('matches an address prefix exactly as typed', async () => {
    const result = await gql(`{ searchTokens(query: "${BONKX.slice(0, 10)}") { address } }`);
    expect(result.body.data?.searchTokens).toEqual([{ address: BONKX }]);
  });

  it('finds near misses by trigram similarity', async () => {
    const result = await gql(`{ searchTokens(query: "dogwifhta") { symbol } }`);
    expect((result.body.data?.searchTokens as Array<{ symbol: string }>)[0]).toEqual({ symbol: 'WIFX' });
  });

  it('treats LIKE wildcards in the query literally', async () => {
    const result = await gql(`{ searchTokens(query: "%") { symbol } }`);
    expect(result.body.data?.searchTokens).toEqual([]);
  });

  it('filters by chain and respects first', async () => {
    const result = await gql(`{ searchTokens(query: "example", chain: ETHEREUM) { symbol } }`);
    expect(result.body.data?.searchTokens).toEqual([{ symbol: 'EVMX' }]);
    const limited = await gql(`{ searchTokens(query: "bonk", first: 1) { symbol } }`);
    expect(limited.body.data?.searchTokens).toEqual([{ symbol: 'BONKX' }]);
  });
});

describe('admin mutations', () => {
  it('refuses trackToken without the admin key, and with a wrong one', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-key-wrong-key-wrong' }] as Record<string, string>[]) {
      const result = await gql(
        TRACK,
        { chain: 'SOLANA', address: fakeSolanaAddress(10), m: { name: 'N', symbol: 'N' } },
        headers,
      );
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const stored = await gql(`{ token(chain: SOLANA, address: "${fakeSolanaAddress(10)}") { name } }`);
    expect(stored.body.data?.token).toBeNull();
  });

  it('never slows or counts a read that carries some other bearer token (only admin operations check the key)', async () => {
    const metrics = () => scrape(service.url.replace(/\/graphql$/, ''));
    const failures = async () => getSample(await metrics(), 'memegraph_admin_auth_failures_total') ?? 0;
    const before = await failures();
    const started = performance.now();
    const read = await gql(
      `{ token(chain: SOLANA, address: "${BONKX}") { symbol } }`,
      {},
      {
        authorization: 'Bearer some-users-own-token-0123456789',
      },
    );
    expect(read.body.errors).toBeUndefined();
    // A failed admin authentication waits a second; a read is not one.
    expect(performance.now() - started).toBeLessThan(900);
    expect(await failures()).toBe(before);
  });

  it('reports UPSTREAM_UNAVAILABLE, and stores nothing, when an unknown token cannot be looked up', async () => {
    const result = await gql(TRACK, { chain: 'SOLANA', address: fakeSolanaAddress(11) }, admin);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const stored = await gql(`{ token(chain: SOLANA, address: "${fakeSolanaAddress(11)}") { name } }`);
    expect(stored.body.data?.token).toBeNull();
  });

  it('untracks and re-tracks, keeping first-seen time and reporting the previous state', async () => {
    const before = await gql(`{ token(chain: SOLANA, address: "${BONKX}") { firstSeenAt tracked } }`);
    const untrack = `mutation { untrackToken(chain: SOLANA, address: "${BONKX}") }`;
    expect((await gql(untrack, {}, admin)).body.data).toEqual({ untrackToken: true });
    expect((await gql(untrack, {}, admin)).body.data).toEqual({ untrackToken: false });
    const retracked = await gql(TRACK, { chain: 'SOLANA', address: BONKX }, admin);
    expect(retracked.body.data?.trackToken).toMatchObject({
      tracked: true,
      firstSeenAt: (before.body.data?.token as { firstSeenAt: string }).firstSeenAt,
    });
  });
});

describe('trackedTokenKeys (internal: market-data rebuilds its tracked set from it)', () => {
  const PAGE = `query($first: Int, $after: String) { trackedTokenKeys(first: $first, after: $after) { keys { chain address } endCursor } }`;
  const allKeys = async (first: number) => {
    const keys: string[] = [];
    let after: string | null = null;
    do {
      const result = await gql(PAGE, { first, after });
      expect(result.body.errors).toBeUndefined();
      const page = result.body.data?.trackedTokenKeys as {
        keys: Array<{ chain: string; address: string }>;
        endCursor: string | null;
      };
      expect(page.keys.length).toBeLessThanOrEqual(first);
      keys.push(...page.keys.map((k) => `${k.chain}:${k.address}`));
      after = page.endCursor;
    } while (after !== null);
    return keys;
  };

  it('pages through every tracked token once, in (chain, address) order, and leaves untracked ones out', async () => {
    const extra = fakeSolanaAddress(40);
    await gql(TRACK, { chain: 'SOLANA', address: extra, m: { name: 'Untracked later', symbol: 'UNTR' } }, admin);
    await gql(`mutation { untrackToken(chain: SOLANA, address: "${extra}") }`, {}, admin);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ key: string }>(
      `SELECT chain || ':' || address AS key FROM tokens WHERE tracked ORDER BY chain, address`,
    );
    await client.end();
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => r.key)).not.toContain(`SOLANA:${extra}`);
    expect(await allKeys(2)).toEqual(rows.map((r) => r.key));
    expect(await allKeys(1000)).toEqual(rows.map((r) => r.key));
  });

  it('refuses a cursor it did not hand out, and a page size out of range', async () => {
    const bad = await gql(PAGE, { first: 10, after: 'bm90LWEta2V5' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    const tooMany = await gql(PAGE, { first: 5001 });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
});

describe('pool backpressure', () => {
  it('refuses with SERVICE_BUSY at once when the pool is saturated, instead of queueing forever', async () => {
    const busyDb = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'tokens_busy');
    const busy = await startTokens(
      loadTokensConfig({
        DATABASE_URL: busyDb.url,
        DATABASE_POOL_SIZE: '1',
        DATABASE_MAX_WAITING: '0',
        DATABASE_ACQUIRE_TIMEOUT_MS: '5000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1500',
        TOKENS_PORT: '0',
        TOKENS_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      }),
    );
    // Another session holds a lock that blocks reads of tokens, so the pool's only connection stays busy.
    const locker = new pg.Client({ connectionString: busyDb.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tokens IN ACCESS EXCLUSIVE MODE');
      const query = `{ token(chain: SOLANA, address: "${BONKX}") { name } }`;
      const blocked = postGraphql(busy.url, query);
      // Until the pool's connection waits on the lock (a fixed pause could end before the first query got the
      // connection on a loaded machine, and then the second one was the blocked one).
      await waitFor(
        async () => {
          // The locker is in a transaction, where pg_stat_activity is read once unless the snapshot is cleared.
          await locker.query('SELECT pg_stat_clear_snapshot()');
          const waiting = await locker.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return waiting.rows[0].n === 1;
        },
        10_000,
        'the first query waiting on the lock',
      );
      // Another token: a read of the same one would join the blocked read (concurrent misses of a key share
      // one load, see read-cache.ts) instead of asking the pool.
      const started = Date.now();
      const refused = await postGraphql(
        busy.url,
        `{ token(chain: SOLANA, address: "${fakeSolanaAddress(41)}") { name } }`,
      );
      const refusedInMs = Date.now() - started;
      expect(refused.status).toBe(200);
      expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_BUSY', retryable: true });
      expect(refusedInMs).toBeLessThan(1000);
      // The blocked query itself ends at the statement timeout, also as SERVICE_BUSY.
      const timedOut = await blocked;
      expect(timedOut.body.errors?.[0]?.extensions?.code).toBe('SERVICE_BUSY');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await busy.close();
      await busyDb.drop();
    }
  });
});
