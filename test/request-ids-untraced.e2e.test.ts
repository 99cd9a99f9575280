/**
 * Request ids with tracing off (no OTLP endpoint, the default): no request context is entered (no
 * AsyncLocalStorage, whose promise hooks would cost every promise), so the id travels in each service's
 * GraphQL context, and the behaviour must be the same as with tracing on (observability.e2e.test.ts runs
 * the same cases traced).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { startObservedStack, type ObservedStack } from './harness/observed-stack.js';
import { describeRequestIds } from './harness/request-id-cases.js';
import { testEnv } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

const redis = useTestRedis('request-ids');
let stack: ObservedStack;

beforeAll(async () => {
  stack = await startObservedStack({
    name: 'request_ids',
    redisUrl: testEnv('TEST_REDIS_URL'),
    redisPrefix: redis.prefix,
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describeRequestIds(() => stack, fakeSolanaAddress(9003, 'Trace'));
