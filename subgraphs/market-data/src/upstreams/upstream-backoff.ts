import type { Cluster, Redis } from 'ioredis';
import { createLuaScript } from '@memegraph/infra';

/** What an upstream's last "slow down" means now, for one budget (source and endpoint class). */
export interface BackoffState {
  /** How long nobody may call it yet (a 429's Retry-After, shared by every instance); 0: open. */
  closedForMs: number;
  /** Share of the documented limit to spend now, in (0, 1]: halved by each 429, recovering additively. */
  factor: number;
}

/** How the effective rate reacts to 429s: multiplicative decrease, additive increase (AIMD). */
export interface BackoffOptions {
  /** The factor is multiplied by this on each 429 (default 0.5). */
  decrease?: number;
  /** The factor never goes below this (default 0.1). */
  minFactor?: number;
  /** The factor grows back by this much per minute without 429s (default 0.1: from 0.5 to 1 in 5 min). */
  recoveryPerMinute?: number;
}

/** Shared back-off per budget key: Redis for every instance, or in process for one. */
export interface UpstreamBackoffPort {
  state(key: string): Promise<BackoffState>;
  /** The upstream answered 429: closed for at least `closeMs` from now (never shortened), factor decreased. */
  penalize(key: string, closeMs: number): Promise<BackoffState>;
}

const withDefaults = ({ decrease = 0.5, minFactor = 0.1, recoveryPerMinute = 0.1 }: BackoffOptions = {}) => ({
  decrease,
  minFactor,
  recoveryPerMs: recoveryPerMinute / 60_000,
});

/**
 * One budget's back-off in one hash (KEYS[1]): until (ms, Redis server clock, so instances with skewed
 * clocks agree), factor and the time it was set. Reading recovers the factor by the time passed and writes
 * nothing; a penalty writes, and the key expires once it is open and fully recovered (the same as absent).
 * Returns {closedForMs, factor} as strings (Lua numbers would be truncated to integers).
 */
const BACKOFF_SCRIPT = `
local penalize = ARGV[1] == 'penalize'
local closeMs = tonumber(ARGV[2])
local decrease = tonumber(ARGV[3])
local minFactor = tonumber(ARGV[4])
local recoveryPerMs = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'until', 'factor', 'ts')
local closedUntil = tonumber(state[1]) or 0
local factor = tonumber(state[2]) or 1
local ts = tonumber(state[3]) or now
if now > ts then factor = math.min(1, factor + (now - ts) * recoveryPerMs) end
if penalize then
  closedUntil = math.max(closedUntil, now + closeMs)
  factor = math.max(minFactor, factor * decrease)
  redis.call('HSET', KEYS[1], 'until', closedUntil, 'factor', factor, 'ts', now)
  redis.call('PEXPIRE', KEYS[1], math.ceil(math.max(closedUntil - now, (1 - factor) / recoveryPerMs)) + 1000)
end
return {tostring(math.max(0, closedUntil - now)), tostring(factor)}
`;
const backoffScript = createLuaScript(BACKOFF_SCRIPT);

/** Back-off shared by every instance through Redis (standalone or Cluster: one key per budget). */
export function createRedisUpstreamBackoff(
  redis: Redis | Cluster,
  keyPrefix: string,
  options?: BackoffOptions,
): UpstreamBackoffPort {
  const { decrease, minFactor, recoveryPerMs } = withDefaults(options);
  const run = async (key: string, mode: 'state' | 'penalize', closeMs: number): Promise<BackoffState> => {
    const args = [mode, Math.max(0, Math.ceil(closeMs)), decrease, minFactor, recoveryPerMs];
    const [closedForMs, factor] = (await backoffScript.run(redis, `${keyPrefix}${key}`, ...args)) as [string, string];
    return { closedForMs: Number(closedForMs), factor: Number(factor) };
  };
  return { state: (key) => run(key, 'state', 0), penalize: (key, closeMs) => run(key, 'penalize', closeMs) };
}

/** Back-off in this process only (single-process mode); `now` in ms. */
export function createMemoryUpstreamBackoff(
  options?: BackoffOptions,
  now: () => number = Date.now,
): UpstreamBackoffPort {
  const { decrease, minFactor, recoveryPerMs } = withDefaults(options);
  const states = new Map<string, { until: number; factor: number; ts: number }>();
  const current = (key: string, at: number) => {
    const saved = states.get(key) ?? { until: 0, factor: 1, ts: at };
    return { until: saved.until, factor: Math.min(1, saved.factor + Math.max(0, at - saved.ts) * recoveryPerMs) };
  };
  return {
    async state(key) {
      const at = now();
      const { until, factor } = current(key, at);
      return { closedForMs: Math.max(0, until - at), factor };
    },
    async penalize(key, closeMs) {
      const at = now();
      const before = current(key, at);
      const next = {
        until: Math.max(before.until, at + closeMs),
        factor: Math.max(minFactor, before.factor * decrease),
      };
      states.set(key, { ...next, ts: at });
      return { closedForMs: next.until - at, factor: next.factor };
    },
  };
}
