/**
 * `npm start` in demo mode (DEMO=1): the launcher replays the recorded fixtures with a random walk,
 * says so at startup, tracks the fixture tokens itself, and every served source value says `demo: true`.
 * Runs the real launcher as a child process, on embedded defaults (no DATABASE_URL, no REDIS_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLauncher, type RunningLauncher } from './harness/launcher.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';

const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
/** BONKX's recorded prices span 0.00002428–0.00002434; the walk stays within about ±5 % of them. */
const BONKX_RANGE = [0.00002428 * 0.94, 0.00002434 * 1.06] as const;

let launcher: RunningLauncher;
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
  launcher = await startLauncher('demo', { DEMO: '1', ADMIN_API_KEY: 'demo-mode-admin-key-0123456789' });
  gatewayUrl = launcher.gatewayUrl;
}, 90_000);

afterAll(() => launcher?.cleanup());

describe('npm start in demo mode', () => {
  it('says at startup that prices are replayed fixtures, not real ones', () => {
    expect(launcher.output()).toContain(
      'DEMO MODE: DEMO=1; market data is replayed from recorded fixtures with a random walk — not real prices',
    );
    expect(launcher.output()).toContain('DEMO MODE: tracking the fixture tokens BONKX');
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
    expect(body.data?.upstreams.map((u) => u.demo)).toEqual([true, true, true]);
  }, 20_000);

  it('moves the price by a bounded random walk around the recorded price', async () => {
    const seen = new Set<number>();
    await waitFor(
      async () => {
        const price = (await readMarket())?.priceUsd;
        if (typeof price === 'number') seen.add(price);
        return seen.size >= 2;
      },
      // A new price needs a new poll (every few seconds); a loaded machine stretches that.
      30_000,
      'the BONKX price to change',
    );
    for (const price of seen) {
      expect(price).toBeGreaterThan(BONKX_RANGE[0]);
      expect(price).toBeLessThan(BONKX_RANGE[1]);
    }
  }, 35_000);

  it('shuts down cleanly on SIGTERM, the replay server included', async () => {
    expect(await launcher.terminate()).toBe(0);
    await expect(fetch(gatewayUrl)).rejects.toThrow();
    const replay = /replay at (http:\/\/127\.0\.0\.1:\d+)/.exec(launcher.output())?.[1];
    expect(replay).toBeDefined();
    await expect(fetch(`${replay}/dexscreener/token-boosts/latest/v1`)).rejects.toThrow();
  }, 30_000);
});
