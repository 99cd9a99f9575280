import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@memegraph/infra';
import { loadTokensConfig } from './tokens.config.js';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tokens';

/** The problems loadTokensConfig reports for `env`. */
function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    loadTokensConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadTokensConfig to throw a ConfigError');
}

describe('loadTokensConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadTokensConfig({ DATABASE_URL })).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      REDIS_KEY_PREFIX: 'memegraph:',
      REDIS_COMMAND_TIMEOUT_MS: 300,
      SHUTDOWN_TIMEOUT_MS: 15_000,
      TOKENS_PORT: 4001,
      TOKENS_HOST: '0.0.0.0',
      DATABASE_URL,
      DATABASE_REPLICA_URLS: [],
      DATABASE_POOL_SIZE: 10,
      DATABASE_ACQUIRE_TIMEOUT_MS: 1000,
      DATABASE_MAX_WAITING: 50,
      DATABASE_STATEMENT_TIMEOUT_MS: 5000,
      DATABASE_HEALTH_CHECK_TIMEOUT_MS: 1000,
      DATABASE_REPLICA_MAX_LAG_MS: 5000,
      DATABASE_REPLICA_CHECK_INTERVAL_MS: 1000,
      DATABASE_MIGRATE_ON_START: true,
      READ_CACHE_TTL_MS: 2000,
      MARKET_DATA_URL: 'http://127.0.0.1:4002/graphql',
      UPSTREAM_LOOKUP_TIMEOUT_MS: 8000,
      STREAM_BATCH_SIZE: 100,
      STREAM_BLOCK_MS: 5000,
      STREAM_CLAIM_IDLE_MS: 60000,
      STREAM_MAX_DELIVERIES: 5,
      STREAM_RETRY_DELAY_MS: 1000,
      STREAM_MAX_LENGTH: 100000,
      HISTORY_RETENTION_M1_DAYS: 2,
      HISTORY_RETENTION_M5_DAYS: 14,
      HISTORY_RETENTION_M15_DAYS: 31,
      HISTORY_RETENTION_H1_DAYS: 92,
      HISTORY_RETENTION_H4_DAYS: 0,
      HISTORY_RETENTION_D1_DAYS: 0,
      HISTORY_PRUNE_INTERVAL_SECONDS: 3600,
    });
  });

  it('reads every variable it is given', () => {
    const config = loadTokensConfig({
      DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: '4',
      DATABASE_ACQUIRE_TIMEOUT_MS: '250',
      DATABASE_MAX_WAITING: '0',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_QUERY_TIMEOUT_MS: '2500',
      DATABASE_HEALTH_CHECK_TIMEOUT_MS: '300',
      DATABASE_REPLICA_MAX_LAG_MS: '100',
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '50',
      DATABASE_MIGRATE_ON_START: 'false',
      ADMIN_API_KEY: 'a'.repeat(16),
    });
    expect(config).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOKENS_PORT: 0,
      TOKENS_HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: 4,
      DATABASE_ACQUIRE_TIMEOUT_MS: 250,
      DATABASE_MAX_WAITING: 0,
      DATABASE_STATEMENT_TIMEOUT_MS: 2000,
      DATABASE_QUERY_TIMEOUT_MS: 2500,
      DATABASE_HEALTH_CHECK_TIMEOUT_MS: 300,
      DATABASE_REPLICA_MAX_LAG_MS: 100,
      DATABASE_REPLICA_CHECK_INTERVAL_MS: 50,
      DATABASE_MIGRATE_ON_START: false,
      ADMIN_API_KEY: 'a'.repeat(16),
    });
  });

  it.each([
    ['one replica', 'postgres://replica-1:5432/tokens', ['postgres://replica-1:5432/tokens']],
    [
      'two replicas with spaces and a trailing comma',
      ' postgres://replica-1:5432/tokens , postgres://replica-2:5432/tokens,',
      ['postgres://replica-1:5432/tokens', 'postgres://replica-2:5432/tokens'],
    ],
    ['an empty value (no replicas)', '', []],
  ])('splits DATABASE_REPLICA_URLS with %s', (_name, value, urls) => {
    expect(loadTokensConfig({ DATABASE_URL, DATABASE_REPLICA_URLS: value }).DATABASE_REPLICA_URLS).toEqual(urls);
  });

  it('reports a missing DATABASE_URL', () => {
    expect(problemsFor({})).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
    expect(problemsFor({ DATABASE_URL: '' })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('reports a DATABASE_URL that is not a URL', () => {
    expect(problemsFor({ DATABASE_URL: 'postgres at 127.0.0.1' })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('accepts a DATABASE_URL naming several hosts (libpq form), and refuses one with an empty host', () => {
    const multi = 'postgres://postgres@db-a:5432,db-b:5433/tokens';
    expect(loadTokensConfig({ DATABASE_URL: multi }).DATABASE_URL).toBe(multi);
    expect(problemsFor({ DATABASE_URL: 'postgres://db-a,,db-b/tokens' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: /),
    ]);
  });

  it('refuses a query timeout that does not exceed the statement timeout', () => {
    expect(
      problemsFor({ DATABASE_URL, DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_QUERY_TIMEOUT_MS: '2000' }),
    ).toEqual([expect.stringMatching(/^DATABASE_QUERY_TIMEOUT_MS: must exceed DATABASE_STATEMENT_TIMEOUT_MS/)]);
  });

  it('reports an ADMIN_API_KEY shorter than 16 characters, and accepts none at all', () => {
    expect(problemsFor({ DATABASE_URL, ADMIN_API_KEY: 'a'.repeat(15) })).toEqual([
      'ADMIN_API_KEY: ADMIN_API_KEY must be at least 16 characters',
    ]);
    expect(loadTokensConfig({ DATABASE_URL, ADMIN_API_KEY: '' })).not.toHaveProperty('ADMIN_API_KEY');
  });

  it('refuses an hourly retention too short for the 7-day windows, and accepts 0 (forever)', () => {
    expect(problemsFor({ DATABASE_URL, HISTORY_RETENTION_H1_DAYS: '7' })).toEqual([
      expect.stringMatching(/^HISTORY_RETENTION_H1_DAYS: must be 0 \(forever\) or at least 8/),
    ]);
    expect(loadTokensConfig({ DATABASE_URL, HISTORY_RETENTION_H1_DAYS: '0' }).HISTORY_RETENTION_H1_DAYS).toBe(0);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsFor({
      TOKENS_PORT: '99999',
      DATABASE_POOL_SIZE: '0',
      DATABASE_MAX_WAITING: '-1',
      DATABASE_MIGRATE_ON_START: 'sometimes',
      ADMIN_API_KEY: 'short',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'ADMIN_API_KEY',
      'DATABASE_MAX_WAITING',
      'DATABASE_MIGRATE_ON_START',
      'DATABASE_POOL_SIZE',
      'DATABASE_URL',
      'TOKENS_PORT',
    ]);
  });
});
