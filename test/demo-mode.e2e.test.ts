/**
 * `npm start` in demo mode (DEMO=1): the launcher replays the recorded fixtures with a random walk,
 * says so at startup, tracks the fixture tokens itself, and every served source value says `demo: true`.
 * Runs the real launcher as a child process, on embedded defaults (no DATABASE_URL, no REDIS_URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';

const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
/** BONKX's recorded prices span 0.00002428–0.00002434; the walk stays within about ±5 % of them. */
const BONKX_RANGE = [0.00002428 * 0.94, 0.00002434 * 1.06] as const;

let child: ChildProcess;
let output = '';
let dataDir: string;
let gatewayUrl: string;

interface Market {
  priceUsd: number | null;
  sources: { source: string; demo: boolean }[];
}

const readMarket = async (): Promise<Market | null> => {
  const { body } = await postGraphql<{ token: { market: Market | null } | null }>(
    gatewayUrl,
    `query($a: String!) { token(chain: SOLANA, address: $a) { market { priceUsd sources { source demo } } } }`,
    { a: BONKX },
  );
  return body.data?.token?.market ?? null;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'memegraph-demo-'));
  chmodSync(dataDir, 0o755); // the embedded server runs as user postgres and must reach its data dir
  const [gateway, tokens, marketData, postgres] = await Promise.all([
    getFreePort(),
    getFreePort(),
    getFreePort(),
    getFreePort(),
  ]);
  child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/start-local.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      DEMO: '1',
      GATEWAY_PORT: String(gateway),
      TOKENS_PORT: String(tokens),
      MARKET_DATA_PORT: String(marketData),
      EMBEDDED_POSTGRES_PORT: String(postgres),
      EMBEDDED_POSTGRES_DIR: join(dataDir, 'pg'),
      ADMIN_API_KEY: 'demo-mode-admin-key-0123456789',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('memegraph is up') || child.exitCode !== null, 60_000, 'the stack to start');
  if (!output.includes('memegraph is up')) throw new Error(`launcher failed:\n${output}`);
  gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
}, 90_000);

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start in demo mode', () => {
  it('says at startup that prices are replayed fixtures, not real ones', () => {
    expect(output).toContain(
      'DEMO MODE: DEMO=1; market data is replayed from recorded fixtures with a random walk — not real prices',
    );
    expect(output).toContain('DEMO MODE: tracking the fixture tokens BONKX');
  });

  it('serves a pre-tracked fixture token whose every source says demo: true', async () => {
    let market: Market | null = null;
    await waitFor(
      async () => {
        market = await readMarket();
        return (market?.sources.length ?? 0) >= 3;
      },
      15_000,
      'BONKX market data from all three replayed sources',
    );
    expect(market!.sources.map((s) => s.demo)).toEqual([true, true, true]);
    const { body } = await postGraphql<{ upstreams: { source: string; demo: boolean }[] }>(
      gatewayUrl,
      '{ upstreams { source demo } }',
    );
    expect(body.data?.upstreams.every((u) => u.demo)).toBe(true);
  }, 20_000);

  it('moves the price by a bounded random walk around the recorded price', async () => {
    const seen = new Set<number>();
    await waitFor(
      async () => {
        const price = (await readMarket())?.priceUsd;
        if (typeof price === 'number') seen.add(price);
        return seen.size >= 2;
      },
      15_000,
      'the BONKX price to change',
    );
    for (const price of seen) {
      expect(price).toBeGreaterThan(BONKX_RANGE[0]);
      expect(price).toBeLessThan(BONKX_RANGE[1]);
    }
  }, 20_000);

  it('shuts down cleanly on SIGTERM, the replay server included', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(gatewayUrl)).rejects.toThrow();
    const replay = /replay at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    expect(replay).toBeDefined();
    await expect(fetch(`${replay}/dexscreener/token-boosts/latest/v1`)).rejects.toThrow();
  }, 30_000);
});
