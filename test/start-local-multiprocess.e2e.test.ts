/**
 * `npm start` as an operator runs it: REDIS_URL set (each service its own process) and every port chosen
 * by the operator, TOKENS_URL / MARKET_DATA_URL left unset. The services must find each other on those
 * ports. Runs the real launcher as a child process (demo replay for the upstreams, embedded Postgres).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { startLauncher, type RunningLauncher } from './harness/launcher.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';

const ADMIN_KEY = 'start-multi-admin-key-0123456789';
const FWOGX = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';
const prefix = `test:start-multi:${randomUUID()}:`;
let launcher: RunningLauncher;

beforeAll(async () => {
  // startLauncher picks free, non-default ports for the gateway and both subgraphs.
  launcher = await startLauncher('start-multi', {
    ADMIN_API_KEY: ADMIN_KEY,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    REDIS_KEY_PREFIX: prefix,
    DEMO: '1',
  });
}, 120_000);

afterAll(async () => {
  if (launcher) expect(await launcher.terminate()).toBe(0);
  launcher?.cleanup();
  const redis = new Redis(process.env.TEST_REDIS_URL!);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}, 60_000);

describe('npm start with REDIS_URL on non-default ports', () => {
  it('runs one process per service on the ports it was given', () => {
    expect(launcher.gatewayUrl).not.toContain(':4000/');
    expect(launcher.output()).toContain(`GraphQL + GraphiQL : ${launcher.gatewayUrl}`);
    expect(launcher.output()).not.toContain('in-memory cache and pub/sub');
  });

  it('is ready, and its /ready says the gateway reaches both subgraphs and Redis', async () => {
    const ready = await fetch(launcher.gatewayUrl.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { dependencies: Array<{ name: string; up: boolean }> };
    expect(body.dependencies.map(({ name, up }) => [name, up])).toEqual([
      ['tokens', true],
      ['market-data', true],
      ['redis', true],
    ]);
  });

  it('answers a query with fields of both subgraphs', async () => {
    const query = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`;
    let last: unknown;
    await waitFor(
      async () => {
        const result = await postGraphql(launcher.gatewayUrl, query, { a: FWOGX });
        last = result.body;
        const token = (result.body.data as { token?: { market?: { priceUsd?: number } | null } } | undefined)?.token;
        return result.status === 200 && !result.body.errors && typeof token?.market?.priceUsd === 'number';
      },
      30_000,
      'FWOGX with market data through the gateway',
    ).catch((error: Error) => Promise.reject(new Error(`${error.message}; last answer ${JSON.stringify(last)}`)));
    expect(last).toMatchObject({ data: { token: { symbol: 'FWOGX', market: { priceUsd: expect.any(Number) } } } });
  }, 40_000);
});
