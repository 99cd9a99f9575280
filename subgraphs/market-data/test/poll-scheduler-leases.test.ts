/**
 * A lease claim whose reply is lost still gives its lease back on stop: a command that timed out on the
 * client may have been applied by Redis once it answered again, and the other instances should not wait
 * for that lease to expire. Real private redis-server, frozen with SIGSTOP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createLogger, createRedisLease } from '@memegraph/infra';
import { PollScheduler, type PollSchedulerOptions } from '../src/polling/poll-scheduler.js';
import { startPrivateRedis, type PrivateRedis } from '../../../test/harness/private-redis.js';
import { waitFor } from '../../../test/harness/wait-for.js';

let server: PrivateRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url, { commandTimeout: 300, maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // the timeout below is expected; the commands report it
});

afterAll(async () => {
  redis.disconnect();
  await server.close();
});

describe('poll scheduler leases', () => {
  it('gives back on stop a discovery lease whose claim timed out but was applied', async () => {
    const leases = createRedisLease(redis, 'test:lease:');
    const options: PollSchedulerOptions = {
      instanceId: 'instance-a',
      cadences: [],
      hotIntervalMs: 1_000,
      coldIntervalMs: 10_000,
      demandWindowMs: 60_000,
      discoveryIntervalMs: 60_000,
      discoveryChains: [],
    };
    // stop() reaches only the leases and the log; discovery never runs past its failed claim here.
    const deps = { leases, log: createLogger('poll-scheduler-leases-test', 'silent') };
    const scheduler = new PollScheduler(options, deps as unknown as ConstructorParameters<typeof PollScheduler>[1]);

    await redis.ping(); // connected: the claim below is written to the socket, not queued offline
    server.freeze();
    try {
      await expect(scheduler.discover()).rejects.toThrow(/timed out/i);
    } finally {
      server.thaw();
    }
    const applied = async () => (await leases.holder('discovery')) === 'instance-a';
    await waitFor(applied, 5_000, 'the claim to be applied', 25, true);

    await scheduler.stop();
    expect(await leases.holder('discovery')).toBeNull();
  });
});
