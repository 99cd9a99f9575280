import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { withDemandBuffer } from '../../src/tracking/demand-buffer.js';
import { createRedisTokenSet, type TokenSetPort } from '../../src/tracking/token-set.js';

const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const root = `test:demand-buffer:${randomBytes(4).toString('hex')}:`;
let sets = 0;

afterAll(async () => {
  const keys = await redis.keys(`${root}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** A token set on real Redis whose `touch` writes are counted (what reaches Redis, not a stand-in for it). */
function countedSet(prefix: string) {
  const inner = createRedisTokenSet(redis, prefix);
  const writes: Array<{ keys: string[]; nowMs: number }> = [];
  const set: TokenSetPort = {
    ...inner,
    touch: async (keys, nowMs) => {
      writes.push({ keys: [...keys].sort(), nowMs });
      await inner.touch(keys, nowMs);
    },
  };
  return { set, writes };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const T0 = Date.now();

describe('withDemandBuffer on real Redis', () => {
  it('writes every token touched within the window once, in one write, within flushMs', async () => {
    const prefix = `${root}${sets++}:`;
    const { set, writes } = countedSet(prefix);
    const buffered = withDemandBuffer(set, 200, (error) => {
      throw error;
    });
    // Another instance reads demand from Redis only.
    const other = createRedisTokenSet(redis, prefix);
    for (let i = 0; i < 100; i++) await buffered.touch([`SOLANA:t${i % 3}`, 'BASE:0xb'], T0 + i);
    expect(writes).toEqual([]);
    expect(await other.inDemand(T0 - 1)).toEqual([]);
    await sleep(400);
    expect(writes).toEqual([{ keys: ['BASE:0xb', 'SOLANA:t0', 'SOLANA:t1', 'SOLANA:t2'], nowMs: T0 + 99 }]);
    expect((await other.inDemand(T0 - 1)).sort()).toEqual(['BASE:0xb', 'SOLANA:t0', 'SOLANA:t1', 'SOLANA:t2']);
    // Demand is stamped with the latest touch of the window.
    expect(await other.inDemand(T0 + 100)).toEqual([]);
    expect((await other.inDemand(T0 + 99)).length).toBe(4);
    await buffered.close();
  });

  it('answers its own inDemand with what is pending (it writes it first), and close writes what is left', async () => {
    const prefix = `${root}${sets++}:`;
    const { set, writes } = countedSet(prefix);
    const buffered = withDemandBuffer(set, 60_000, (error) => {
      throw error;
    });
    await buffered.touch(['SOLANA:mine'], T0);
    expect(await buffered.inDemand(T0 - 1)).toEqual(['SOLANA:mine']);
    expect(writes).toHaveLength(1);
    await buffered.touch(['SOLANA:late'], T0 + 5);
    await buffered.close();
    expect(writes).toEqual([
      { keys: ['SOLANA:mine'], nowMs: T0 },
      { keys: ['SOLANA:late'], nowMs: T0 + 5 },
    ]);
    expect((await createRedisTokenSet(redis, prefix).inDemand(T0 - 1)).sort()).toEqual(['SOLANA:late', 'SOLANA:mine']);
    // Nothing pending: close and flush write nothing more.
    await buffered.flush();
    expect(writes).toHaveLength(2);
  });

  it('writes through with flushMs 0', async () => {
    const { set, writes } = countedSet(`${root}${sets++}:`);
    const buffered = withDemandBuffer(set, 0, (error) => {
      throw error;
    });
    await buffered.touch(['SOLANA:a'], T0);
    await buffered.touch(['SOLANA:a'], T0 + 1);
    expect(writes).toEqual([
      { keys: ['SOLANA:a'], nowMs: T0 },
      { keys: ['SOLANA:a'], nowMs: T0 + 1 },
    ]);
  });

  it('reports a failed write and drops it; later touches are written', async () => {
    const prefix = `${root}${sets++}:`;
    const inner = createRedisTokenSet(redis, prefix);
    let fail = true;
    const errors: string[] = [];
    const buffered = withDemandBuffer(
      {
        ...inner,
        touch: async (keys, nowMs) => {
          if (fail) throw new Error('Redis went away');
          await inner.touch(keys, nowMs);
        },
      },
      50,
      (error) => errors.push(error.message),
    );
    await buffered.touch(['SOLANA:lost'], T0);
    await sleep(150);
    expect(errors).toEqual(['Redis went away']);
    fail = false;
    await buffered.touch(['SOLANA:kept'], T0 + 1);
    await buffered.flush();
    expect(await inner.inDemand(T0 - 1)).toEqual(['SOLANA:kept']);
    expect(errors).toHaveLength(1);
  });

  it('still trims demand older than a day in the same write', async () => {
    const prefix = `${root}${sets++}:`;
    const set = createRedisTokenSet(redis, prefix);
    await set.touch(['SOLANA:old'], T0 - 2 * 86_400_000);
    await set.touch(['SOLANA:new'], T0);
    expect(await redis.zrange(`${prefix}md:{tokens}:demand`, '0', '-1')).toEqual(['SOLANA:new']);
  });
});
