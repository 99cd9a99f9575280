import type { Cluster, Redis } from 'ioredis';
import type { CandleResolution, StepProgress } from './backfill-plan.js';

/** How a token's backfill ended: every series fetched, no pool to ask for, or a pool GeckoTerminal does not know. */
export type BackfillOutcome = 'DONE' | 'NO_POOL' | 'UNKNOWN';

/** Where one token's backfill stands. */
export interface TokenBackfill {
  /** When it started: every series reaches back from this instant, so a resumed backfill aims at the same target. */
  startedAtMs: number;
  steps: Partial<Record<CandleResolution, StepProgress>>;
}

/** Progress kept for a token this long after its last change (an untracked token's progress then goes). */
export const BACKFILL_PROGRESS_TTL_SECONDS = 30 * 86_400;

/**
 * The backfill's progress, shared by every instance, so a restart resumes where the last page left off: per
 * token, when it started and each series' cursor; and the set of tokens whose backfill has finished.
 */
export interface BackfillProgressPort {
  /** Those of `tokenKeys` whose backfill has not finished, in the order given. */
  unfinished(tokenKeys: readonly string[]): Promise<string[]>;
  /** Where a token's backfill stands; null before its first page. */
  get(tokenKey: string): Promise<TokenBackfill | null>;
  /** Records a series' progress (and the start, the first time). */
  saveStep(tokenKey: string, startedAtMs: number, resolution: CandleResolution, progress: StepProgress): Promise<void>;
  /** Marks the token's backfill finished. */
  finish(tokenKey: string, outcome: BackfillOutcome): Promise<void>;
  /** How a token's backfill ended; null while unfinished. */
  outcome(tokenKey: string): Promise<BackfillOutcome | null>;
}

/** Backfill progress in Redis (standalone or cluster): one hash per token, one set of finished tokens. */
export function createRedisBackfillProgress(redis: Redis | Cluster, prefix = ''): BackfillProgressPort {
  const FINISHED = `${prefix}md:{backfill}:finished`;
  const tokenKey = (token: string) => `${prefix}md:backfill:{${token}}`;
  return {
    async unfinished(tokenKeys) {
      if (tokenKeys.length === 0) return [];
      const finished = await redis.smismember(FINISHED, ...tokenKeys);
      return tokenKeys.filter((_, i) => finished[i] === 0);
    },
    async get(token) {
      const fields = await redis.hgetall(tokenKey(token));
      if (fields.startedAt === undefined) return null;
      const steps: TokenBackfill['steps'] = {};
      for (const [field, value] of Object.entries(fields)) {
        if (field.startsWith('step:')) steps[field.slice(5) as CandleResolution] = JSON.parse(value) as StepProgress;
      }
      return { startedAtMs: Number(fields.startedAt), steps };
    },
    async saveStep(token, startedAtMs, resolution, progress) {
      const key = tokenKey(token);
      await redis
        .multi()
        .hsetnx(key, 'startedAt', String(startedAtMs))
        .hset(key, `step:${resolution}`, JSON.stringify(progress))
        .expire(key, BACKFILL_PROGRESS_TTL_SECONDS)
        .exec();
    },
    async finish(token, outcome) {
      const key = tokenKey(token);
      await redis.multi().hset(key, 'outcome', outcome).expire(key, BACKFILL_PROGRESS_TTL_SECONDS).exec();
      await redis.sadd(FINISHED, token);
    },
    async outcome(token) {
      return ((await redis.hget(tokenKey(token), 'outcome')) as BackfillOutcome | null) ?? null;
    },
  };
}

/** Backfill progress in process (single-process mode). */
export function createMemoryBackfillProgress(): BackfillProgressPort {
  const tokens = new Map<string, TokenBackfill & { outcome?: BackfillOutcome }>();
  return {
    unfinished: async (tokenKeys) => tokenKeys.filter((key) => tokens.get(key)?.outcome === undefined),
    async get(token) {
      const entry = tokens.get(token);
      return entry ? { startedAtMs: entry.startedAtMs, steps: { ...entry.steps } } : null;
    },
    async saveStep(token, startedAtMs, resolution, progress) {
      const entry = tokens.get(token) ?? { startedAtMs, steps: {} };
      entry.steps[resolution] = { ...progress };
      tokens.set(token, entry);
    },
    async finish(token, outcome) {
      const entry = tokens.get(token) ?? { startedAtMs: Date.now(), steps: {} };
      tokens.set(token, { ...entry, outcome });
    },
    outcome: async (token) => tokens.get(token)?.outcome ?? null,
  };
}
