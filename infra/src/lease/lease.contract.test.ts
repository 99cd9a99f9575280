import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { describeLeaseContract } from './lease.contract.js';
import { createMemoryLease, createRedisLease } from './lease.js';

const runPrefix = `test:lease:${randomUUID()}:`;
/** Every connection the file opens; all closed in afterAll. */
const connections: Redis[] = [];
let redis: Redis;

function connect(): Redis {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (jest globalSetup sets it)');
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
}

/** `count` distinct connections, like `count` instances; reused across tests. */
function connectionsFor(count: number): Redis[] {
  while (connections.length < count) connect();
  return connections.slice(0, count);
}

beforeAll(() => {
  redis = connect();
});

afterAll(async () => {
  const leftovers = await redis.keys(`${runPrefix}*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await Promise.all(connections.map((connection) => connection.quit()));
});

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
    const lease = createRedisLease(redis, runPrefix);
    await lease.tryAcquire('shape', 'owner-a', 30_000);
    expect(await redis.get(`${runPrefix}shape`)).toBe('owner-a');
    const ttlMs = await redis.pttl(`${runPrefix}shape`);
    expect(ttlMs).toBeGreaterThan(25_000);
    expect(ttlMs).toBeLessThanOrEqual(30_000);
  });

  it('sends the scripts again when the server has forgotten them', async () => {
    const lease = createRedisLease(redis, runPrefix);
    const key = `flush-${randomUUID()}`;
    await lease.tryAcquire(key, 'owner-a', 10_000);
    await redis.script('FLUSH');
    expect(await lease.renew(key, 'owner-a', 20_000)).toBe(true);
    await redis.script('FLUSH');
    expect(await lease.release(key, 'owner-a')).toBe(true);
  });
});
