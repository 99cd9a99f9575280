import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { useTestRedis } from '../../../test/harness/test-redis.js';
import { describeLeaseContract } from './lease.contract.js';
import { createMemoryLease, createRedisLease } from '../../src/lease/lease.js';

const { prefix: runPrefix, connectionsFor } = useTestRedis('lease');
const redisOf = () => connectionsFor(1)[0]!;

describeLeaseContract([
  { name: 'memory', create: (count) => Array(count).fill(createMemoryLease()) },
  {
    name: 'redis',
    create: (count) => connectionsFor(count).map((connection) => createRedisLease(connection, runPrefix)),
  },
]);

describe('memory lease', () => {
  it('expires exactly at the TTL on its clock', async () => {
    let now = 1_000;
    const lease = createMemoryLease(() => now);
    await lease.tryAcquire('k', 'owner-a', 500);
    now += 499;
    expect(await lease.tryAcquire('k', 'owner-b', 500)).toBe(false);
    now += 1;
    expect(await lease.tryAcquire('k', 'owner-b', 500)).toBe(true);
  });
});

describe('redis lease', () => {
  it('stores the owner under the prefix with a millisecond expiry', async () => {
    const lease = createRedisLease(redisOf(), runPrefix);
    await lease.tryAcquire('shape', 'owner-a', 30_000);
    expect(await redisOf().get(`${runPrefix}shape`)).toBe('owner-a');
    const ttlMs = await redisOf().pttl(`${runPrefix}shape`);
    expect(ttlMs).toBeGreaterThan(25_000);
    expect(ttlMs).toBeLessThanOrEqual(30_000);
  });

  it('sends the scripts again when the server has forgotten them', async () => {
    const lease = createRedisLease(redisOf(), runPrefix);
    const key = `flush-${randomUUID()}`;
    await lease.tryAcquire(key, 'owner-a', 10_000);
    await redisOf().script('FLUSH');
    expect(await lease.renew(key, 'owner-a', 20_000)).toBe(true);
    await redisOf().script('FLUSH');
    expect(await lease.release(key, 'owner-a')).toBe(true);
  });
});
