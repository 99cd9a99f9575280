/**
 * The cache, token bucket and lease contracts on a real three-master Redis Cluster (ioredis `Cluster`),
 * started and stopped by this file, plus what only a cluster shows: keys spread over every master and
 * multi-key commands split by hash slot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { startRedisCluster, type RedisClusterHarness } from '../../../test/harness/redis-cluster.js';
import { describeLeaseContract } from '../lease/lease.contract.js';
import { createRedisLease } from '../../src/lease/lease.js';
import { describeTokenBucketContract } from '../rate-limit/token-bucket.contract.js';
import { createRedisTokenBucket } from '../../src/rate-limit/token-bucket.js';
import { describeCacheContract } from './cache.contract.js';
import { createRedisCache } from '../../src/cache/redis-cache.js';
import { createTwoLevelCache } from '../../src/cache/two-level-cache.js';

let harness: RedisClusterHarness | undefined;
/** Every client the file opens; all closed in afterAll, before the servers stop. */
const clients: Cluster[] = [];
let cluster: Cluster;
let cacheCount = 0;

/** `count` distinct clients, like `count` instances; reused across tests, since each costs a cluster handshake. */
function clientsFor(count: number): Cluster[] {
  while (clients.length < count) connect();
  return clients.slice(0, count);
}

function connect(): Cluster {
  if (!harness) throw new Error('the cluster is not running');
  const client = new Cluster(harness.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  harness = await startRedisCluster();
  cluster = connect();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  await harness?.close();
});

describeCacheContract([
  { name: 'redis cluster', create: () => createRedisCache(cluster, `cache-${cacheCount++}:`), elapse: () => {} },
]);

describeTokenBucketContract([
  {
    name: 'redis cluster',
    create: (count) => clientsFor(count).map((client) => createRedisTokenBucket(client, 'bucket:')),
  },
]);

describeLeaseContract([
  { name: 'redis cluster', create: (count) => clientsFor(count).map((client) => createRedisLease(client, 'lease:')) },
]);

describe('redis cache on a cluster', () => {
  const keys = Array.from({ length: 60 }, (_, i) => `spread-${i}`);

  it('spreads keys over every master, and a plain MGET across slots is refused', async () => {
    const cache = createRedisCache(cluster, 'spread:');
    await Promise.all(keys.map((key) => cache.set(key, key, 60)));
    const perMaster = await Promise.all(cluster.nodes('master').map((node) => node.keys('spread:*')));
    expect(perMaster.map((found) => found.length > 0)).toEqual([true, true, true]);
    await expect(cluster.mget('spread:spread-0', 'spread:spread-1')).rejects.toThrow(/CROSSSLOT/);
    expect(await cache.getMany?.(keys)).toEqual(keys);
  });

  it('keeps every key of a hash-tagged prefix in one slot, which getMany reads as well', async () => {
    const cache = createRedisCache(cluster, 'app:{tagged}:');
    await Promise.all(keys.map((key) => cache.set(key, key, 60)));
    const slots = await Promise.all(keys.map((key) => cluster.cluster('KEYSLOT', `app:{tagged}:${key}`)));
    expect(new Set(slots).size).toBe(1);
    expect(await cache.getMany?.(['missing', ...keys])).toEqual([null, ...keys]);
    await cache.delete(...keys);
    expect(await cache.getMany?.(keys)).toEqual(keys.map(() => null));
  });

  it('serves a two-level cache over the cluster, one getMany for L1 misses spread over slots', async () => {
    const options = {
      l1: { maxEntries: 100, ttlSeconds: 5 },
      l2: createRedisCache(cluster, 'two-level:'),
      l2TtlSeconds: 60,
    };
    const [writer, reader] = [createTwoLevelCache(options), createTwoLevelCache(options)];
    await Promise.all(keys.map((key) => writer.set(key, key)));
    expect((await reader.getMany(keys)).every((hit, i) => hit.level === 'l2' && hit.value === keys[i])).toBe(true);
    expect((await reader.getMany(keys)).every((hit) => hit.level === 'l1')).toBe(true);
    expect(reader.stats()).toEqual({
      l1Hits: keys.length,
      l1Misses: keys.length,
      l2Hits: keys.length,
      l2Misses: 0,
      l2Failures: 0,
      lastKnownHits: 0,
    });
  });
});
