import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../logging/create-logger.js';
import { Counter, Gauge, METRIC_PREFIX, type Registry } from '../observability/metrics-registry.js';

/** A Redis call was not made: Redis is known to be unavailable (a probe will say when it is back). */
export class RedisUnavailableError extends Error {
  constructor() {
    super('redis is unavailable');
    this.name = 'RedisUnavailableError';
  }
}

/**
 * Whether a service's Redis answers, and its uses' fallbacks. A call failing to reach it (timeout, closed
 * connection) marks it down (one log line);
 * while down, calls are not made at all (the fallback answers at once instead of after a timeout) and a
 * PING every `probeIntervalMs` finds out when it is back (one log line).
 */
export interface RedisAvailability {
  readonly available: boolean;
  /**
   * `call` on behalf of `use` (e.g. `rate-limit`); when Redis is down or `call` fails, what `fallback` returns
   * (or throws) instead, counted as a fallback of `use`.
   */
  run<T>(use: string, call: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T>;
  /** Fallbacks so far, by use. */
  fallbacks(): Record<string, number>;
  /** Stops probing. */
  close(): void;
}

/** Options of {@link createRedisAvailability}. */
export interface RedisAvailabilityOptions {
  /** The connection probed; give it a `commandTimeout`, or a frozen Redis keeps the probe waiting. */
  redis: Redis | Cluster;
  log: Logger;
  /** How often a PING checks whether Redis is back while it is down. */
  probeIntervalMs?: number;
}

/** ioredis' ways of saying the server could not be reached or did not answer in time. */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    /Command timed out|Connection is closed|isn't writeable|Reached the max retries/.test(error.message) ||
    (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code))
  );
}

/** Tracks one service's Redis: see {@link RedisAvailability}. */
export function createRedisAvailability({
  redis,
  log,
  probeIntervalMs = 500,
}: RedisAvailabilityOptions): RedisAvailability {
  let available = true;
  let downSince = 0;
  let closed = false;
  let probe: NodeJS.Timeout | undefined;
  const counts = new Map<string, number>();

  const markUp = () => {
    if (available || closed) return;
    available = true;
    clearInterval(probe);
    probe = undefined;
    log.info({ downMs: Date.now() - downSince, fallbacks: Object.fromEntries(counts) }, 'redis available again');
  };
  const markDown = (reason: { use?: string; err: unknown }) => {
    if (!available || closed) return;
    available = false;
    downSince = Date.now();
    log.warn(
      { ...reason, err: reason.err instanceof Error ? reason.err.message : reason.err },
      'redis unavailable; serving from fallbacks',
    );
    probe = setInterval(() => {
      redis.ping().then(markUp, () => undefined);
    }, probeIntervalMs);
    probe.unref();
  };
  // A dropped connection is down at once, even with no traffic to notice it (closing it ourselves never reconnects).
  redis.on('reconnecting', () => markDown({ err: 'connection lost; reconnecting' }));

  return {
    get available() {
      return available;
    },
    async run(use, call, fallback) {
      const fellBack = (error: unknown) => {
        counts.set(use, (counts.get(use) ?? 0) + 1);
        return fallback(error);
      };
      if (!available) return fellBack(new RedisUnavailableError());
      try {
        return await call();
      } catch (error) {
        // Only a connection failure says Redis is down; a command error (WRONGTYPE, a script's error) is the
        // call's own, and falls back for that call alone.
        if (isConnectionError(error)) markDown({ use, err: error });
        return fellBack(error);
      }
    },
    fallbacks: () => Object.fromEntries(counts),
    close() {
      closed = true;
      clearInterval(probe);
    },
  };
}

/**
 * `memegraph_redis_available` (1 while Redis answers, 0 while this service runs on fallbacks) and
 * `memegraph_redis_fallbacks_total{use}`, read at scrape time; no series while `read` gives nothing (no Redis).
 */
export function registerRedisAvailabilityMetrics(registry: Registry, read: () => RedisAvailability | undefined): void {
  new Gauge({
    name: `${METRIC_PREFIX}redis_available`,
    help: "1 while this service's Redis answers; 0 while it serves from fallbacks (local rate limit, in-process records).",
    registers: [registry],
    collect() {
      const availability = read();
      this.reset();
      if (availability) this.set(availability.available ? 1 : 0);
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}redis_fallbacks_total`,
    help: 'Redis calls answered by their fallback instead (Redis failed, timed out, or was known down), by use.',
    labelNames: ['use'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [use, count] of Object.entries(read()?.fallbacks() ?? {})) this.inc({ use }, count);
    },
  });
}
