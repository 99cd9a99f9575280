/** The backfill-progress contract on real Redis: the same cases as in process. */
import { randomBytes } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedisBackfillProgress } from '../src/backfill/backfill-progress.js';
import { describeBackfillProgressContract } from '../src/backfill/backfill-progress.contract.js';
import { testEnv } from '../../../test/harness/test-database.js';

const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
const prefix = `test:backfill-progress:${randomBytes(4).toString('hex')}:`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describeBackfillProgressContract('Redis', () => createRedisBackfillProgress(redis, prefix));
