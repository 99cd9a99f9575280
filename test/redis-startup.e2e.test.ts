/**
 * A service started while its Redis is frozen (a fork stall, a failover pause, a busy machine: commands
 * slower than REDIS_COMMAND_TIMEOUT_MS) waits for Redis instead of exiting, and serves once it answers.
 * market-data as a real process in production mode on a private redis-server.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { getFreePort } from './harness/free-port.js';
import { startPrivateRedis, type PrivateRedis } from './harness/private-redis.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';

let redis: PrivateRedis | undefined;
let service: ServiceProcess | undefined;

afterAll(async () => {
  service?.kill();
  await redis?.close();
});

describe('market-data started while Redis is frozen', () => {
  it('waits for Redis and serves once it answers, instead of exiting on the first timeout', async () => {
    redis = await startPrivateRedis();
    redis.freeze();
    const port = await getFreePort();
    const started = spawnService('subgraphs/market-data', port, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUBGRAPH_SECRET: randomBytes(24).toString('base64url'),
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
    // Frozen for three seconds: ten times the default command timeout.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    redis.thaw();
    service = await started;
    expect(service.child.exitCode).toBeNull();
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
    expect(service.output()).toContain('consumer group not created yet; retrying');
  }, 60_000);
});
