/**
 * The gateway's response cache over real HTTP, real Postgres and both subgraphs: anonymous queries are
 * served from it for at most RESPONSE_CACHE_TTL_MS, and requests carrying an identity or a read-after
 * token are neither answered from it nor stored into it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

const TTL_MS = 3_000;
const quiet = { LOG_LEVEL: 'silent' };
const QUERY = `query($a: String!) { token(chain: SOLANA, address: $a) { name symbol } }`;
const address = (n: number) => `CacheTest${n}Mint${'x'.repeat(30)}`;

let subgraphs: TestSubgraphs;
let sql: pg.Client;
let gateway: RunningGateway;

const rename = (n: number, name: string) =>
  sql.query(`UPDATE tokens SET name = $1 WHERE chain = 'SOLANA' AND address = $2`, [name, address(n)]);
const nameOf = async (n: number, headers: Record<string, string> = {}) => {
  const result = await postGraphql(gateway.url, QUERY, { a: address(n) }, headers);
  expect(result.body.errors).toBeUndefined();
  return (result.body.data?.token as { name: string }).name;
};

beforeAll(async () => {
  // Names change by direct SQL here, not through admin writes: tokens' own read cache is off, so what the
  // gateway's response cache serves is all that is cached.
  subgraphs = await startTestSubgraphs('response_cache', 'response-cache-admin-key-0123456789', {
    tokensEnv: { READ_CACHE_TTL_MS: '0' },
  });
  const { tokens, marketData, db } = subgraphs;
  gateway = await startGateway(
    loadGatewayConfig({
      ...quiet,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: tokens.url,
      MARKET_DATA_URL: marketData.url,
      RESPONSE_CACHE_TTL_MS: String(TTL_MS),
    }),
    createLogger('gateway', 'silent'),
  );
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query(
    `INSERT INTO tokens (chain, address, name, symbol, decimals, tracked)
     SELECT 'SOLANA', a, 'Version 1', 'CACHE', 6, false FROM unnest($1::varchar[]) AS a`,
    [[1, 2, 3, 4, 5].map(address)],
  );
});

afterAll(async () => {
  await sql?.end();
  await gateway?.close();
  await subgraphs?.close();
});

describe('response cache', () => {
  it('serves an anonymous query from the cache, never once its TTL has passed', async () => {
    expect(await nameOf(1)).toBe('Version 1');
    const storedBy = Date.now(); // the answer was stored before it was sent: it expires by storedBy + TTL
    await rename(1, 'Version 2');
    expect(await nameOf(1)).toBe('Version 1'); // cached: the subgraph already says Version 2

    const answers: Array<{ sentAt: number; name: string }> = [];
    await waitFor(
      async () => {
        const sentAt = Date.now();
        answers.push({ sentAt, name: await nameOf(1) });
        return answers.at(-1)!.name === 'Version 2';
      },
      TTL_MS + 5_000,
      'the fresh name',
    );
    const staleAfterTtl = answers.filter((a) => a.name === 'Version 1' && a.sentAt > storedBy + TTL_MS);
    expect(staleAfterTtl).toEqual([]);
  });

  it.each([
    ['an Authorization header', { authorization: 'Bearer someone' }],
    ['a read-after token', { 'x-read-after': '0/0' }],
  ])('neither answers nor stores a request with %s', async (_what, headers) => {
    const n = 'authorization' in headers ? 2 : 3;
    expect(await nameOf(n, headers)).toBe('Version 1');
    await rename(n, 'Version 2');
    expect(await nameOf(n)).toBe('Version 2'); // the identified answer was not stored
    await rename(n, 'Version 3');
    expect(await nameOf(n)).toBe('Version 2'); // the anonymous one was
    expect(await nameOf(n, headers)).toBe('Version 3'); // and is not served to an identified request
  });

  it('reports its hits and stores in /metrics', async () => {
    const counters = async () => {
      const text = await scrape(gateway.url.replace(/\/graphql$/, ''));
      const value = (event: string) => getSample(text, 'memegraph_gateway_performance_events', { event }) ?? NaN;
      return { hits: value('response_cache_hits_total'), stores: value('response_cache_stores_total') };
    };
    const before = await counters();
    await nameOf(5);
    await nameOf(5);
    const after = await counters();
    expect(after.stores - before.stores).toBe(1);
    expect(after.hits - before.hits).toBe(1);
  });

  it('keeps different variables apart', async () => {
    await rename(4, 'Token Four');
    expect(await nameOf(4)).toBe('Token Four');
    expect(await nameOf(1)).not.toBe('Token Four');
  });
});
