import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { RECENTLY_TRACKED_GRACE_MS, reconcileTracked } from '../../src/tracking/reconcile-tracked.js';
import { createMemoryTokenSet, createRedisTokenSet, type TokenSetPort } from '../../src/tracking/token-set.js';

const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const prefix = `test:reconcile:${randomBytes(4).toString('hex')}:`;
let sets = 0;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const implementations: Array<[string, () => TokenSetPort]> = [
  ['memory', () => createMemoryTokenSet()],
  ['redis', () => createRedisTokenSet(redis, `${prefix}${sets++}:`)],
];

const T0 = 1_800_000_000_000;
const source = (keys: string[]) => async () => keys;

describe.each(implementations)('reconcileTracked (%s token set)', (_name, create) => {
  it('adds what Postgres tracks and the set lost, as newly tracked (polled first), and removes what is untracked', async () => {
    const tokens = create();
    await tokens.setTracked('SOLANA:kept', true, T0 - 3_600_000);
    await tokens.setTracked('SOLANA:untracked', true, T0 - 3_600_000);
    const outcome = await reconcileTracked(tokens, source(['SOLANA:kept', 'SOLANA:lost', 'BASE:0xlost']), () => T0);
    expect(outcome).toEqual({ added: 2, removed: 1 });
    expect((await tokens.tracked()).sort()).toEqual(['BASE:0xlost', 'SOLANA:kept', 'SOLANA:lost']);
    expect((await tokens.recentlyTracked(T0)).sort()).toEqual(['BASE:0xlost', 'SOLANA:lost']);
    expect(await tokens.reconciledAt()).toBe(T0);
    // Nothing left to do: a second pass changes nothing.
    expect(await reconcileTracked(tokens, source(['SOLANA:kept', 'SOLANA:lost', 'BASE:0xlost']), () => T0)).toEqual({
      added: 0,
      removed: 0,
    });
  });

  it('never removes a token tracked within the grace period (the tokens subgraph may read a lagging replica)', async () => {
    const tokens = create();
    await tokens.setTracked('SOLANA:just-tracked', true, T0 - RECENTLY_TRACKED_GRACE_MS + 1_000);
    await tokens.setTracked('SOLANA:long-untracked', true, T0 - RECENTLY_TRACKED_GRACE_MS - 1_000);
    expect(await reconcileTracked(tokens, source([]), () => T0)).toEqual({ added: 0, removed: 1 });
    expect(await tokens.tracked()).toEqual(['SOLANA:just-tracked']);
  });

  it('changes nothing, and records no reconcile, when the tokens subgraph cannot list its tracked tokens', async () => {
    const tokens = create();
    await tokens.setTracked('SOLANA:kept', true, T0 - 3_600_000);
    const failing = async (): Promise<string[]> => {
      throw new Error('tokens subgraph unreachable');
    };
    await expect(reconcileTracked(tokens, failing, () => T0)).rejects.toThrow('unreachable');
    expect(await tokens.tracked()).toEqual(['SOLANA:kept']);
    expect(await tokens.reconciledAt()).toBeNull();
  });
});

it('the reconcile record goes with the sets when Redis loses its data', async () => {
  const tokens = createRedisTokenSet(redis, `${prefix}lost:`);
  await reconcileTracked(tokens, source(['SOLANA:a']), () => T0);
  expect(await tokens.reconciledAt()).toBe(T0);
  await redis.del(...(await redis.keys(`${prefix}lost:*`)));
  expect(await tokens.reconciledAt()).toBeNull();
  expect(await tokens.tracked()).toEqual([]);
});

it('leaves the loss visible when Redis loses its data during a reconcile (its reads came from before)', async () => {
  const tokens = createRedisTokenSet(redis, `${prefix}mid:`);
  await reconcileTracked(tokens, source(['SOLANA:a']), () => T0);
  // Redis restarts empty while the tokens subgraph is being read: the set was read whole, so nothing is added.
  const duringRead = async () => {
    await redis.del(...(await redis.keys(`${prefix}mid:*`)));
    return ['SOLANA:a'];
  };
  await expect(reconcileTracked(tokens, duringRead, () => T0 + 1)).rejects.toThrow('lost its data');
  // No sentinel written into the empty Redis: the next check sees the loss and the rebuild adds the token.
  expect(await tokens.reconciledAt()).toBeNull();
  expect(await reconcileTracked(tokens, source(['SOLANA:a']), () => T0 + 2)).toEqual({ added: 1, removed: 0 });
});
