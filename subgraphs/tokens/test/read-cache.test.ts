/**
 * Freshness of the tokens subgraph's read cache (READ_CACHE_TTL_MS), over real HTTP on a fresh database of the
 * local Postgres: an admin write shows on the writing instance's next read; a write it did not make (another
 * instance, seen here as a direct SQL update) shows once the TTL has passed; a request carrying x-read-after
 * reads the database at once. The cached reads covered: token rows, 7-day windows and search results.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { getFreePort } from '../../../test/harness/free-port.js';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress } from '../../../test/harness/token-fixtures.js';

const TTL_MS = 5_000;
const ADMIN_KEY = 'read-cache-test-admin-key-0123456';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const TRACK = `mutation($a: String!, $m: TokenMetadataInput) { trackToken(chain: SOLANA, address: $a, metadata: $m) { symbol } }`;
const READ = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol tracked history7d { priceChangePct } } }`;

let db: TestDatabase;
let service: TokensService;
let sql: pg.Client;

const read = async (address: string, headers: Record<string, string> = {}) => {
  const result = await postGraphql(service.url, READ, { a: address }, headers);
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.token as { symbol: string; tracked: boolean; history7d: { priceChangePct: number | null } };
};
const untrack = async (address: string) => {
  const result = await postGraphql(
    service.url,
    `mutation($a: String!) { untrackToken(chain: SOLANA, address: $a) }`,
    { a: address },
    admin,
  );
  expect(result.body.data?.untrackToken).toBe(true);
};
const track = async (address: string, symbol: string) => {
  const result = await postGraphql(service.url, TRACK, { a: address, m: { name: `Token ${symbol}`, symbol } }, admin);
  expect(result.body.errors).toBeUndefined();
  return result.headers.get('x-read-after')!;
};

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'tokens_read_cache');
  service = await startTokens(
    loadTokensConfig({
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      READ_CACHE_TTL_MS: String(TTL_MS),
      MARKET_DATA_URL: `http://127.0.0.1:${await getFreePort()}/graphql`,
    }),
  );
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await service?.close();
  await db?.drop();
});

const SEARCH = `query($q: String!) { searchTokens(query: $q, first: 5) { address symbol tracked } }`;
const search = async (query: string, headers: Record<string, string> = {}) => {
  const result = await postGraphql(service.url, SEARCH, { q: query }, headers);
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.searchTokens as Array<{ address: string; symbol: string; tracked: boolean }>;
};

describe('the read cache of token rows and 7-day windows', () => {
  it('shows an admin write on the next read of the instance that wrote it', async () => {
    const address = fakeSolanaAddress(101);
    await track(address, 'OLD');
    expect(await read(address)).toMatchObject({ symbol: 'OLD', tracked: true });
    await track(address, 'NEW');
    expect(await read(address)).toMatchObject({ symbol: 'NEW', tracked: true });
    await untrack(address);
    expect(await read(address)).toMatchObject({ symbol: 'NEW', tracked: false });
  });

  it('serves a row another instance changed for at most the TTL', async () => {
    const address = fakeSolanaAddress(102);
    await track(address, 'BEFORE');
    const cachedAt = Date.now();
    expect((await read(address)).symbol).toBe('BEFORE');
    await sql.query(`UPDATE tokens SET symbol = 'AFTER' WHERE chain = 'SOLANA' AND address = $1`, [address]);
    expect((await read(address)).symbol).toBe('BEFORE');
    await waitFor(async () => (await read(address)).symbol === 'AFTER', TTL_MS + 10_000, 'the changed row');
    expect(Date.now() - cachedAt).toBeGreaterThanOrEqual(TTL_MS);
  });

  it('serves a 7-day window for at most the TTL after new candles', async () => {
    const address = fakeSolanaAddress(103);
    await track(address, 'WINDOW');
    const cachedAt = Date.now();
    expect((await read(address)).history7d.priceChangePct).toBeNull();
    const hour = 3_600_000;
    const start = Math.floor(Date.now() / hour) * hour;
    await sql.query(
      `INSERT INTO price_candles (chain, address, resolution, t, open, high, low, close, open_at, close_at, samples)
       SELECT 'SOLANA', $1, 'H1', t, c, c, c, c, t, t + interval '59 minutes', 1
       FROM unnest($2::timestamptz[], $3::float8[]) AS x(t, c)`,
      [address, [new Date(start - 8 * 24 * hour), new Date(start)], [1, 2]],
    );
    expect((await read(address)).history7d.priceChangePct).toBeNull();
    await waitFor(async () => (await read(address)).history7d.priceChangePct === 100, TTL_MS + 10_000, 'the window');
    expect(Date.now() - cachedAt).toBeGreaterThanOrEqual(TTL_MS);
  });

  it('reads the database at once for a request carrying x-read-after (the writer reads its writes)', async () => {
    const address = fakeSolanaAddress(104);
    await track(address, 'CACHED');
    expect((await read(address)).symbol).toBe('CACHED');
    await sql.query(`UPDATE tokens SET symbol = 'DIRECT' WHERE chain = 'SOLANA' AND address = $1`, [address]);
    const readAfter = await track(fakeSolanaAddress(105), 'OTHER');
    expect(readAfter).toBeTruthy();
    expect((await read(address, { 'x-read-after': readAfter })).symbol).toBe('DIRECT');
    // The bypassing read stored nothing: without the header the cached row is still served.
    expect((await read(address)).symbol).toBe('CACHED');
  });

  it('serves search results for at most the TTL after a change it did not make; its own writes and x-read-after read at once', async () => {
    const address = fakeSolanaAddress(106);
    await track(address, 'QWQWQ');
    // A write of this instance (it clears kept results): its read-after position serves below.
    const readAfter = await track(fakeSolanaAddress(107), 'MNBVC');
    const cachedAt = Date.now();
    expect(await search('QWQWQ')).toEqual([{ address, symbol: 'QWQWQ', tracked: true }]);
    // Another instance's change (a direct SQL update here): the kept result serves until the TTL has passed.
    await sql.query(
      `UPDATE tokens SET symbol = 'JKJKJ', name = 'Token JKJKJ' WHERE chain = 'SOLANA' AND address = $1`,
      [address],
    );
    expect(await search('QWQWQ')).toEqual([{ address, symbol: 'QWQWQ', tracked: true }]);
    // A writer's read (x-read-after) reads the database, and keeps nothing.
    expect(await search('QWQWQ', { 'x-read-after': readAfter })).toEqual([]);
    expect(await search('QWQWQ')).toEqual([{ address, symbol: 'QWQWQ', tracked: true }]);
    await waitFor(async () => (await search('QWQWQ')).length === 0, TTL_MS + 10_000, 'the search result to expire');
    expect(Date.now() - cachedAt).toBeGreaterThanOrEqual(TTL_MS);
    expect(await search('JKJKJ')).toEqual([{ address, symbol: 'JKJKJ', tracked: true }]);
    // This instance's own write clears what it kept: untracking shows in the next search.
    await untrack(address);
    expect(await search('JKJKJ')).toEqual([{ address, symbol: 'JKJKJ', tracked: false }]);
  });
});
