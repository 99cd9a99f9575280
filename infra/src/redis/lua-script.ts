import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * A Lua script run by its SHA, on one key or on several (on a cluster, several keys must share a hash tag:
 * one slot).
 */
export interface LuaScript {
  run(redis: Redis | Cluster, keys: string | readonly string[], ...args: (string | number)[]): Promise<unknown>;
}

/**
 * EVALSHA first; the first call on each server (or after SCRIPT FLUSH) gets NOSCRIPT and sends the
 * script itself with EVAL, which also caches it there.
 */
export function createLuaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return {
    run: (redis, keys, ...args) => {
      const keyArgs = typeof keys === 'string' ? [keys] : keys;
      return redis.evalsha(sha, keyArgs.length, ...keyArgs, ...args).catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
          return redis.eval(lua, keyArgs.length, ...keyArgs, ...args);
        }
        throw error;
      });
    },
  };
}
