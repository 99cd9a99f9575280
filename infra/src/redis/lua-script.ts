import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Lua script run by its SHA, on one key (so it works on a cluster). */
export interface LuaScript {
  run(redis: Redis | Cluster, key: string, ...args: (string | number)[]): Promise<unknown>;
}

/**
 * EVALSHA first; the first call on each server (or after SCRIPT FLUSH) gets NOSCRIPT and sends the
 * script itself with EVAL, which also caches it there.
 */
export function createLuaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return {
    run: (redis, key, ...args) =>
      redis.evalsha(sha, 1, key, ...args).catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(lua, 1, key, ...args);
        throw error;
      }),
  };
}
