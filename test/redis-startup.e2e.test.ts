/**
 * A service started while its Redis is frozen (a fork stall, a failover pause, a busy machine: commands
 * slower than REDIS_COMMAND_TIMEOUT_MS) waits for Redis instead of exiting, and serves once it answers.
 * market-data as a real process in production mode on a private redis-server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { startPrivateRedis, type PrivateRedis } from './harness/private-redis.js';
import { launchService, type LaunchedService, type ServiceProcess } from './harness/service-process.js';

let redis: PrivateRedis | undefined;
let launched: LaunchedService | undefined;
let service: ServiceProcess | undefined;
const secret = randomBytes(24).toString('base64url');

afterAll(async () => {
  launched?.kill();
  await redis?.close();
});

describe('market-data started while Redis is frozen', () => {
  it('waits for Redis and serves once it answers, instead of exiting on the first timeout', async () => {
    redis = await startPrivateRedis();
    redis.freeze();
    const port = await getFreePort();
    launched = launchService('subgraphs/market-data', port, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUBGRAPH_SECRET: secret,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'test:redis-startup:',
      MARKET_DATA_PORT: String(port),
      MARKET_DATA_HOST: '127.0.0.1',
      POLLING_ENABLED: 'false',
      TRACKING_RECONCILE_INTERVAL_MS: '0',
      // Upstreams are never called (polling off); a closed local port keeps them off the network.
      DEXSCREENER_BASE_URL: 'http://127.0.0.1:9',
      GECKOTERMINAL_BASE_URL: 'http://127.0.0.1:9',
      JUPITER_BASE_URL: 'http://127.0.0.1:9',
    });
    // Frozen until its first Redis command has timed out and it said it retries (a fixed freeze was shorter
    // than a loaded machine's start, so the service could meet a thawed Redis and prove nothing), then a
    // second more: several times the default command timeout.
    const retrying = 'consumer group not created yet; retrying';
    await waitFor(() => launched!.output().includes(retrying), 30_000, 'the retry line while Redis is frozen');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    redis.thaw();
    // healthy resolves only once /health answers, and fails if the process exited.
    service = await launched.healthy;
    expect(service.output()).toContain(retrying);
    // It serves from Redis, not only its health check: the token list is read from the thawed Redis. Until
    // the service has seen Redis answer (its probe runs every 500 ms) the list is a retryable SERVICE_BUSY,
    // never an internal error nor an empty list presented as the truth.
    const seen: unknown[] = [];
    await waitFor(
      async () => {
        const list = await postGraphql(
          `${service!.baseUrl}/graphql`,
          '{ tokens(first: 1) { totalCount } }',
          {},
          {
            [SUBGRAPH_SECRET_HEADER]: secret,
          },
        );
        seen.push(list.body.data ?? list.body.errors?.[0]?.extensions?.code);
        return list.body.data !== null && list.body.data !== undefined;
      },
      5_000,
      'the token list from Redis',
      100,
    );
    expect(seen.at(-1)).toEqual({ tokens: { totalCount: 0 } });
    expect(seen.slice(0, -1).every((answer) => answer === 'SERVICE_BUSY')).toBe(true);
  }, 90_000);
});
