import { z } from 'zod';

/** A configuration problem found while parsing the environment. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once with a service's schema and reports every problem at once.
 * Blank values count as unset, so `FOO=` in a .env file means "use the default".
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

/** Environment boolean: true/false/1/0/yes/no. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Decimal digits only: no "0x10", "1e3" or " 8" sneaking through Number(). */
const envDigits = z.string().trim().regex(/^\d+$/, 'must be a whole decimal number').transform(Number);

/** Environment port number (0 = any free port). */
export const envPort = envDigits.pipe(z.number().int().min(0).max(65535));

/** Positive integer from the environment (sizes, milliseconds, seconds). */
export const envPositiveInt = envDigits.pipe(z.number().int().positive());

/** Non-negative integer from the environment. */
export const envNonNegativeInt = envDigits.pipe(z.number().int().min(0));

/** A postgres:// or postgresql:// URL. */
export const envPostgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' });

/** A redis:// or rediss:// URL. */
export const envRedisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' });

/** An http:// or https:// URL. */
export const envHttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/**
 * The one rule for reaching a service on this host when its URL is not configured: where `urlVar` is unset
 * and `portVar` names a port (not 0), `urlVar` becomes `http://127.0.0.1:<port>/graphql`. So a stack started
 * with chosen ports (TOKENS_PORT, MARKET_DATA_PORT) finds its own services without repeating each port in a
 * URL. Returns a copy of `env`; an explicit URL always wins.
 */
export function withLocalServiceUrls(
  env: NodeJS.ProcessEnv,
  pairs: ReadonlyArray<readonly [urlVar: string, portVar: string]>,
): NodeJS.ProcessEnv {
  const derived = { ...env };
  for (const [urlVar, portVar] of pairs) {
    const port = env[portVar]?.trim();
    if (env[urlVar]?.trim() || !port || !/^\d+$/.test(port) || Number(port) === 0) continue;
    derived[urlVar] = `http://127.0.0.1:${Number(port)}/graphql`;
  }
  return derived;
}

/** Comma-separated list from the environment; blanks dropped. */
export const envList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/** Settings every service shares. */
export const commonConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Redis for cache and pub/sub; unset means in-memory ports (single process only). */
  REDIS_URL: envRedisUrl.optional(),
  /** Prefix of every Redis key, stream and channel, so deployments (and test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().default('memegraph:'),
  /**
   * The longest a request (or a subscription) waits on one Redis command, queued while reconnecting
   * included; past it the command fails and the request is served from that use's fallback.
   */
  REDIS_COMMAND_TIMEOUT_MS: envPositiveInt.default(300),
  /** OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`); unset: no tracing, at no cost. */
  OTEL_EXPORTER_OTLP_ENDPOINT: envHttpUrl.optional(),
  /** On SIGTERM/SIGINT, the longest a graceful shutdown may take before the process exits anyway (code 1). */
  SHUTDOWN_TIMEOUT_MS: envPositiveInt.default(15_000),
});
