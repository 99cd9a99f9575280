import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  ConfigError,
  commonConfigSchema,
  envBoolean,
  envList,
  envPort,
  envPositiveInt,
  envPostgresUrl,
  envRedisUrl,
  loadConfig,
  withLocalServiceUrls,
} from './load-config.js';

const schema = commonConfigSchema.extend({
  PORT: envPort.default(4000),
  POOL_SIZE: envPositiveInt.default(10),
  DEBUG_SQL: envBoolean.default(false),
  REPLICA_URLS: envList.default([]),
  DATABASE_URL: z.string().url(),
});

const valid = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app' };

/** The ConfigError that loadConfig throws for `env`. */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('applies every default when only the required variables are set', () => {
    expect(loadConfig(schema, valid)).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      REDIS_KEY_PREFIX: 'memegraph:',
      REDIS_COMMAND_TIMEOUT_MS: 300,
      SHUTDOWN_TIMEOUT_MS: 15_000,
      PORT: 4000,
      POOL_SIZE: 10,
      DEBUG_SQL: false,
      REPLICA_URLS: [],
      DATABASE_URL: valid.DATABASE_URL,
    });
  });

  it('accepts an http(s) OTLP endpoint and refuses anything else', () => {
    const endpoint = 'http://collector:4318';
    expect(loadConfig(schema, { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      endpoint,
    );
    expect(() => loadConfig(schema, { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('parses set variables into their types', () => {
    const config = loadConfig(schema, {
      ...valid,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
      POOL_SIZE: '25',
      DEBUG_SQL: 'yes',
      REPLICA_URLS: 'postgres://a/db,postgres://b/db',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 8080,
      POOL_SIZE: 25,
      DEBUG_SQL: true,
      REPLICA_URLS: ['postgres://a/db', 'postgres://b/db'],
    });
  });

  it('reports every problem in one ConfigError, each naming its variable', () => {
    const error = configErrorFor({
      NODE_ENV: 'staging',
      PORT: '70000',
      POOL_SIZE: '0',
      DEBUG_SQL: 'maybe',
      REDIS_URL: 'not a url',
    });
    expect(error.name).toBe('ConfigError');
    const variables = error.problems.map((problem) => problem.split(':')[0]);
    expect(variables.sort()).toEqual(['DATABASE_URL', 'DEBUG_SQL', 'NODE_ENV', 'POOL_SIZE', 'PORT', 'REDIS_URL']);
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });

  it('treats an empty string as unset: defaults apply and optional variables stay absent', () => {
    const config = loadConfig(schema, {
      ...valid,
      NODE_ENV: '',
      LOG_LEVEL: '',
      PORT: '',
      POOL_SIZE: '',
      DEBUG_SQL: '',
      REPLICA_URLS: '',
      REDIS_URL: '',
    });
    expect(config).toMatchObject({ NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: 4000, POOL_SIZE: 10 });
    expect(config.DEBUG_SQL).toBe(false);
    expect(config.REPLICA_URLS).toEqual([]);
    expect(config).not.toHaveProperty('REDIS_URL');
  });

  it('reports an empty required variable as missing', () => {
    expect(configErrorFor({ DATABASE_URL: '' }).problems).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('ignores variables the schema does not name', () => {
    expect(loadConfig(schema, { ...valid, PATH: '/usr/bin', UNRELATED: 'x' })).not.toHaveProperty('PATH');
  });
});

describe('envBoolean', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('parses %p as %p', (text, value) => {
    expect(envBoolean.parse(text)).toBe(value);
  });

  it.each(['on', 'off', 'TRUE', 'Yes', ' true', '2'])('rejects %p', (text) => {
    expect(envBoolean.safeParse(text).success).toBe(false);
  });
});

describe('envList', () => {
  it.each([
    ['a', ['a']],
    ['a,b,c', ['a', 'b', 'c']],
    [' a , b ', ['a', 'b']],
    ['a,,b,', ['a', 'b']],
    [' , ', []],
    ['postgres://u:p@h:5432/db?x=1', ['postgres://u:p@h:5432/db?x=1']],
  ])('splits %p into %p', (text, list) => {
    expect(envList.parse(text)).toEqual(list);
  });
});

describe('envPort', () => {
  it.each([
    ['0', 0],
    ['4001', 4001],
    ['65535', 65535],
  ])('parses %p', (text, port) => {
    expect(envPort.parse(text)).toBe(port);
  });

  it.each(['65536', '-1', '80.5', 'http', 'abc', '0x10', '1e3'])('rejects %p', (text) => {
    expect(envPort.safeParse(text).success).toBe(false);
  });
});

describe('envPositiveInt', () => {
  it('parses a positive integer', () => {
    expect(envPositiveInt.parse('250')).toBe(250);
  });

  it.each(['0', '-5', '1.5', 'ten'])('rejects %p', (text) => {
    expect(envPositiveInt.safeParse(text).success).toBe(false);
  });
});

describe('blank values', () => {
  it('treat whitespace-only values as unset, so the default applies', () => {
    expect(loadConfig(schema, { ...valid, PORT: '   ', POOL_SIZE: '' })).toMatchObject({ PORT: 4000, POOL_SIZE: 10 });
  });
});

describe('URL kinds', () => {
  it.each([
    [envPostgresUrl, 'postgres://u@127.0.0.1:5432/db', true],
    [envPostgresUrl, 'postgresql://u@127.0.0.1/db', true],
    [envPostgresUrl, 'localhost:5432', false],
    [envPostgresUrl, 'http://127.0.0.1:5432/db', false],
    [envRedisUrl, 'redis://127.0.0.1:6379', true],
    [envRedisUrl, 'rediss://cache.example:6380', true],
    [envRedisUrl, 'http://127.0.0.1:6379', false],
  ] as const)('%#: %p accepts %p: %p', (kind, url, ok) => {
    expect(kind.safeParse(url).success).toBe(ok);
  });
});

describe('withLocalServiceUrls', () => {
  const pairs = [
    ['TOKENS_URL', 'TOKENS_PORT'],
    ['MARKET_DATA_URL', 'MARKET_DATA_PORT'],
  ] as const;

  it('points an unset URL at 127.0.0.1 on the port its service was given', () => {
    expect(withLocalServiceUrls({ TOKENS_PORT: '5101', MARKET_DATA_PORT: ' 5102 ' }, pairs)).toEqual({
      TOKENS_PORT: '5101',
      MARKET_DATA_PORT: ' 5102 ',
      TOKENS_URL: 'http://127.0.0.1:5101/graphql',
      MARKET_DATA_URL: 'http://127.0.0.1:5102/graphql',
    });
  });

  it('keeps an explicit URL, and derives nothing from a missing, blank, 0 or malformed port', () => {
    const env = { TOKENS_URL: 'http://tokens:4001/graphql', TOKENS_PORT: '5101', MARKET_DATA_PORT: '0' };
    expect(withLocalServiceUrls(env, pairs)).toEqual(env);
    expect(withLocalServiceUrls({ MARKET_DATA_PORT: 'x1' }, pairs)).toEqual({ MARKET_DATA_PORT: 'x1' });
    expect(withLocalServiceUrls({ MARKET_DATA_PORT: '' }, pairs)).toEqual({ MARKET_DATA_PORT: '' });
    expect(withLocalServiceUrls({ TOKENS_URL: ' ', TOKENS_PORT: '7' }, pairs)).toEqual({
      TOKENS_URL: 'http://127.0.0.1:7/graphql',
      TOKENS_PORT: '7',
    });
  });
});
