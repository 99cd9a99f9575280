/** The back-off contract on real Redis: the same cases as in process, shared through one prefix. */
import { randomBytes } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedisUpstreamBackoff } from '../src/upstreams/upstream-backoff.js';
import { describeUpstreamBackoffContract } from '../src/upstreams/upstream-backoff.contract.js';
import { testEnv } from '../../../test/harness/test-database.js';

const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
const prefix = `test:backoff:${randomBytes(4).toString('hex')}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describeUpstreamBackoffContract('Redis', () => createRedisUpstreamBackoff(redis, prefix));
