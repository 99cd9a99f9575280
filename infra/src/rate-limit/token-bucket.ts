import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster, Redis } from 'ioredis';
import { createLuaScript } from '../redis/lua-script.js';
import type { RedisAvailability } from '../redis/redis-availability.js';

/** The shape of one bucket: it holds at most `capacity` tokens and gains `refillPerMinute` per minute. */
export interface TokenBucketOptions {
  capacity: number;
  refillPerMinute: number;
}

/** The answer to one request for tokens. */
export interface TokenBucketResult {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until enough tokens will have refilled (Infinity: never). */
  waitMs: number;
  /** Whole tokens left after this request. */
  remaining: number;
}

/** How long `acquire` may wait for tokens. */
export interface AcquireOptions {
  /** Refuses at once when the tokens would come later than this; waits at most this long in total. */
  maxWaitMs: number;
  /** Stops waiting and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Token buckets keyed by name; the Redis implementation shares each bucket between all instances. */
export interface TokenBucket {
  /** Takes `n` tokens if the bucket holds them; never waits. */
  tryAcquire(key: string, options: TokenBucketOptions, n?: number): Promise<TokenBucketResult>;
  /**
   * Takes `n` tokens, sleeping until they refill and trying again, for at most `wait.maxWaitMs`; then
   * rejects with RateLimitExceededError. There is no queue: waiters race for each refilled token.
   */
  acquire(key: string, options: TokenBucketOptions, wait: AcquireOptions, n?: number): Promise<TokenBucketResult>;
}

/** `acquire` gave up: the tokens would not refill within `maxWaitMs`. */
export class RateLimitExceededError extends Error {
  readonly code = 'RATE_LIMIT_EXCEEDED';
  constructor(
    readonly key: string,
    /** How long the caller would have had to wait at the last check (Infinity: never). */
    readonly waitMs: number,
  ) {
    super(`rate limit of "${key}" exceeded: tokens in ${waitMs} ms, later than allowed`);
    this.name = 'RateLimitExceededError';
  }
}

/**
 * One bucket in one hash (KEYS[1]): tokens, and ts in microseconds of the Redis server's clock (TIME), so
 * instances with skewed clocks agree; Redis writes Lua numbers with 17 significant digits, enough for
 * both. A refused request writes nothing: refilling is linear and the bucket is below capacity. The key
 * expires once the bucket would be full again, which is the same as absent. A clock that went back
 * (failover) refills nothing until it passes ts again.
 * Returns {allowed 0|1, waitUs (-1: never), whole tokens left}.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local perUs = tonumber(ARGV[2]) / 60000000
local n = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * perUs)
end
if tokens < n then
  if perUs <= 0 then return {0, -1, math.floor(tokens)} end
  return {0, math.ceil((n - tokens) / perUs - 1e-6), math.floor(tokens)}
end
tokens = tokens - n
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', math.max(now, ts or now))
if perUs > 0 then
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perUs / 1000) + 1000)
else
  redis.call('PERSIST', KEYS[1])
end
return {1, 0, math.floor(tokens)}
`;
const take = createLuaScript(TAKE_SCRIPT);

/**
 * Token buckets in Redis (standalone or Cluster), shared by every instance: one Lua script per request,
 * touching the one key `${keyPrefix}${key}`, so each bucket lives in one slot of a cluster.
 */
export function createRedisTokenBucket(redis: Redis | Cluster, keyPrefix: string): TokenBucket {
  return withAcquire(async (key, options, n) => {
    const bucketKey = `${keyPrefix}${key}`;
    const args = [options.capacity, options.refillPerMinute, n];
    const reply = (await take.run(redis, bucketKey, ...args)) as [number, number, number];
    const [allowed, waitUs, remaining] = reply;
    return {
      allowed: allowed === 1,
      waitMs: allowed === 1 ? 0 : waitUs < 0 ? Infinity : Math.ceil(waitUs / 1000),
      remaining,
    };
  });
}

/**
 * Token buckets in this process only, for the single-process mode. `now` is a monotonic clock in
 * milliseconds. Buckets that have refilled are dropped once more than `maxBuckets` exist.
 */
export function createMemoryTokenBucket(now: () => number = () => performance.now(), maxBuckets = 10_000): TokenBucket {
  const buckets = new Map<string, { tokens: number; at: number; capacity: number; perMs: number }>();
  const level = (bucket: { tokens: number; at: number; capacity: number; perMs: number }, at: number) =>
    Math.min(bucket.capacity, bucket.tokens + Math.max(0, at - bucket.at) * bucket.perMs);
  return withAcquire(async (key, { capacity, refillPerMinute }, n) => {
    const at = now();
    const perMs = refillPerMinute / 60_000;
    const bucket = buckets.get(key);
    const tokens = bucket ? level({ ...bucket, capacity, perMs }, at) : capacity;
    if (tokens < n) {
      return {
        allowed: false,
        waitMs: perMs > 0 ? ceilWait((n - tokens) / perMs) : Infinity,
        remaining: Math.floor(tokens),
      };
    }
    buckets.set(key, { tokens: tokens - n, at: Math.max(at, bucket?.at ?? at), capacity, perMs });
    if (buckets.size > maxBuckets) {
      for (const [name, other] of buckets) if (level(other, at) >= other.capacity) buckets.delete(name);
    }
    return { allowed: true, waitMs: 0, remaining: Math.floor(tokens - n) };
  });
}

/**
 * `shared` buckets (Redis) while Redis answers; this process's `local` buckets for every request it cannot
 * answer (failed, timed out, or known down), counted as fallbacks of `use`. A limit then still holds, per
 * instance: a client gets at most one more burst from each instance that fell back, never an open door.
 */
export function withLocalFallback(
  shared: TokenBucket,
  local: TokenBucket,
  availability: RedisAvailability,
  use: string,
): TokenBucket {
  return withAcquire((key, options, n) =>
    availability.run(
      use,
      () => shared.tryAcquire(key, options, n),
      () => local.tryAcquire(key, options, n),
    ),
  );
}

type Take = (key: string, options: TokenBucketOptions, n: number) => Promise<TokenBucketResult>;

/** Validates the arguments and builds `acquire` (the same for every store) on top of one `take`. */
function withAcquire(take: Take): TokenBucket {
  const tryAcquire = async (key: string, options: TokenBucketOptions, n = 1) => {
    assertValid(options, n);
    return take(key, options, n);
  };
  return {
    tryAcquire,
    async acquire(key, options, { maxWaitMs, signal }, n = 1) {
      const deadline = performance.now() + maxWaitMs;
      for (;;) {
        signal?.throwIfAborted();
        const result = await tryAcquire(key, options, n);
        if (result.allowed) return result;
        const left = deadline - performance.now();
        if (result.waitMs > left) throw new RateLimitExceededError(key, result.waitMs);
        await sleep(result.waitMs, undefined, { signal }).catch((error: unknown) => {
          throw signal?.aborted ? signal.reason : error;
        });
      }
    },
  };
}

/** Rounds a wait up to whole milliseconds, ignoring floating-point dust (1 / (1 / 1000) is not 1000). */
function ceilWait(ms: number): number {
  return Math.ceil(ms - 1e-9);
}

function assertValid({ capacity, refillPerMinute }: TokenBucketOptions, n: number): void {
  if (!(capacity > 0 && Number.isFinite(capacity))) throw new RangeError(`capacity must be > 0, got ${capacity}`);
  if (!(refillPerMinute >= 0 && Number.isFinite(refillPerMinute))) {
    throw new RangeError(`refillPerMinute must be >= 0, got ${refillPerMinute}`);
  }
  if (!(n > 0 && n <= capacity)) throw new RangeError(`n must be in (0, capacity = ${capacity}], got ${n}`);
}
