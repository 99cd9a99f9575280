import type { Cluster, Redis } from 'ioredis';
import { createLuaScript } from '@memegraph/infra';

/** SET KEYS[1] ARGV[1] unless it vanished since it was read (ARGV[2] = 1: it was there); 1 when set. */
const markUnlessLost = createLuaScript(`
if ARGV[2] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`);

/**
 * The tokens market-data keeps fresh, shared by all instances: the tracked set (fed by the tokens
 * subgraph's tracking events), the discovered set (trending/new/boosted tokens), and demand (when a token
 * was last queried). Keys share one hash tag so multi-key commands stay in one Redis Cluster slot.
 */
export interface TokenSetPort {
  /** Tracks or untracks a token; a token newly tracked is also recorded as such (see {@link recentlyTracked}). */
  setTracked(tokenKey: string, tracked: boolean, nowMs?: number): Promise<void>;
  /** Tokens tracked since `sinceMs` (the pollers take them before the cold rotation). */
  recentlyTracked(sinceMs: number): Promise<string[]>;
  addDiscovered(tokenKeys: readonly string[]): Promise<string[]>;
  /** Marks tokens as just queried (demand-driven polling order). */
  touch(tokenKeys: readonly string[], nowMs: number): Promise<void>;
  /** Marks discovered tokens as stored by the tokens subgraph (they may then be listed). */
  markStored(tokenKeys: readonly string[]): Promise<void>;
  tracked(): Promise<string[]>;
  discovered(): Promise<string[]>;
  /**
   * What Query.tokens may list: tracked tokens, and discovered ones the tokens subgraph has stored — a
   * token it cannot resolve would null the whole non-null list.
   */
  listable(): Promise<string[]>;
  /** Tokens queried since `sinceMs`. */
  inDemand(sinceMs: number): Promise<string[]>;
  /**
   * Records that the tracked set was just reconciled with the tokens subgraph (a sentinel beside the sets:
   * when Redis comes back empty it is gone with them, which is how the loss is noticed) — unless it vanished
   * since the reconcile read it as `expected` (null: absent then). False then: Redis lost its data during the
   * reconcile, whose reads may have come from before the loss.
   */
  markReconciled(nowMs: number, expected: number | null): Promise<boolean>;
  /** When the tracked set was last reconciled by any instance; null when never, or the record was lost. */
  reconciledAt(): Promise<number | null>;
}

/** Token sets in Redis (standalone or cluster); `prefix` namespaces the keys. */
export function createRedisTokenSet(redis: Redis | Cluster, prefix = ''): TokenSetPort {
  const TRACKED = `${prefix}md:{tokens}:tracked`;
  const DISCOVERED = `${prefix}md:{tokens}:discovered`;
  const DEMAND = `${prefix}md:{tokens}:demand`;
  const STORED = `${prefix}md:{tokens}:stored`;
  const NEW = `${prefix}md:{tokens}:new`;
  const RECONCILED = `${prefix}md:{tokens}:reconciled`;
  return {
    async setTracked(tokenKey, tracked, nowMs = Date.now()) {
      if (!tracked) {
        await redis.multi().srem(TRACKED, tokenKey).zrem(NEW, tokenKey).exec();
        return;
      }
      if ((await redis.sadd(TRACKED, tokenKey)) === 0) return;
      // A day of history is plenty for "recently"; trimming here keeps the set bounded.
      await redis
        .multi()
        .zadd(NEW, nowMs, tokenKey)
        .zremrangebyscore(NEW, 0, nowMs - 86_400_000)
        .exec();
    },
    recentlyTracked: (sinceMs) => redis.zrangebyscore(NEW, sinceMs, '+inf'),
    async addDiscovered(tokenKeys) {
      if (tokenKeys.length === 0) return [];
      const added = await Promise.all(tokenKeys.map((key) => redis.sadd(DISCOVERED, key)));
      return tokenKeys.filter((_, i) => added[i] === 1);
    },
    async touch(tokenKeys, nowMs) {
      if (tokenKeys.length === 0) return;
      // Demand older than a day is noise; trimming here keeps the set bounded without a separate job. One
      // pipeline: one socket write for both commands.
      const replies = await redis
        .pipeline()
        .zadd(DEMAND, ...tokenKeys.flatMap((key) => [nowMs, key]))
        .zremrangebyscore(DEMAND, 0, nowMs - 86_400_000)
        .exec();
      const failed = replies?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    },
    async markStored(tokenKeys) {
      if (tokenKeys.length > 0) await redis.sadd(STORED, ...tokenKeys);
    },
    tracked: () => redis.smembers(TRACKED),
    discovered: () => redis.smembers(DISCOVERED),
    async listable() {
      const [tracked, stored] = await Promise.all([redis.smembers(TRACKED), redis.sinter(DISCOVERED, STORED)]);
      return [...new Set([...tracked, ...stored])];
    },
    inDemand: (sinceMs) => redis.zrangebyscore(DEMAND, sinceMs, '+inf'),
    async markReconciled(nowMs, expected) {
      return (await markUnlessLost.run(redis, RECONCILED, String(nowMs), expected === null ? '0' : '1')) === 1;
    },
    async reconciledAt() {
      const at = await redis.get(RECONCILED);
      return at === null ? null : Number(at);
    },
  };
}

/** Token sets in process (single-process mode). */
export function createMemoryTokenSet(): TokenSetPort {
  const trackedSet = new Set<string>();
  const discoveredSet = new Set<string>();
  const demand = new Map<string, number>();
  const storedSet = new Set<string>();
  const trackedAt = new Map<string, number>();
  let reconciledAt: number | null = null;
  return {
    async setTracked(tokenKey, tracked, nowMs = Date.now()) {
      if (!tracked) {
        trackedSet.delete(tokenKey);
        trackedAt.delete(tokenKey);
      } else if (!trackedSet.has(tokenKey)) {
        trackedSet.add(tokenKey);
        trackedAt.set(tokenKey, nowMs);
      }
    },
    recentlyTracked: async (sinceMs) => [...trackedAt].filter(([, at]) => at >= sinceMs).map(([key]) => key),
    async addDiscovered(tokenKeys) {
      const added = tokenKeys.filter((key) => !discoveredSet.has(key));
      for (const key of added) discoveredSet.add(key);
      return added;
    },
    async touch(tokenKeys, nowMs) {
      for (const key of tokenKeys) demand.set(key, nowMs);
    },
    async markStored(tokenKeys) {
      for (const key of tokenKeys) storedSet.add(key);
    },
    tracked: async () => [...trackedSet],
    discovered: async () => [...discoveredSet],
    listable: async () => [...new Set([...trackedSet, ...[...discoveredSet].filter((key) => storedSet.has(key))])],
    inDemand: async (sinceMs) => [...demand].filter(([, at]) => at >= sinceMs).map(([key]) => key),
    async markReconciled(nowMs, expected) {
      if (expected !== null && reconciledAt === null) return false;
      reconciledAt = nowMs;
      return true;
    },
    reconciledAt: async () => reconciledAt,
  };
}

/** Parses a token key back into chain and address. */
export function fromTokenKey(tokenKey: string): { chain: string; address: string } {
  const i = tokenKey.indexOf(':');
  return { chain: tokenKey.slice(0, i), address: tokenKey.slice(i + 1) };
}
