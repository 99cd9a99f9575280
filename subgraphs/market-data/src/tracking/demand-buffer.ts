import type { TokenSetPort } from './token-set.js';

/** The token sets with demand buffered in process; {@link BufferedTokenSet.close} writes what is pending. */
export interface BufferedTokenSet extends TokenSetPort {
  /** Writes the pending demand now (one write); resolves when it is written or dropped. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending. */
  close(): Promise<void>;
}

/**
 * Demand (when a token was last queried) is a polling hint read over DEMAND_WINDOW_SECONDS (120 s), yet every
 * market read recorded it on its own: a ZADD and a ZREMRANGEBYSCORE per request, 15 % of market-data's CPU on
 * the gateway bench (socket writes to Redis). This keeps each token's latest touch in process and writes them
 * all at most every `flushMs` as one write, stamped with the latest touch time (a token's demand is then up
 * to `flushMs` late or early, against a 120 s window). `inDemand` on this instance writes what is pending
 * first, so it sees its own touches; other instances see them within `flushMs`. `flushMs` 0 writes through.
 * A failed write is reported to `onError` and dropped, as a lost touch always was (the Redis fallbacks drop
 * demand while Redis cannot answer).
 */
export function withDemandBuffer(
  tokens: TokenSetPort,
  flushMs: number,
  onError: (error: Error) => void,
): BufferedTokenSet {
  let pending = new Set<string>();
  let latestMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return writing;
    const keys = [...pending];
    const nowMs = latestMs;
    pending = new Set();
    // Writes are chained so a flush never overtakes an earlier one with an older time.
    writing = writing.then(() => tokens.touch(keys, nowMs)).catch((error: Error) => onError(error));
    return writing;
  };

  return {
    ...tokens,
    async touch(tokenKeys, nowMs) {
      if (flushMs === 0) return tokens.touch(tokenKeys, nowMs);
      for (const key of tokenKeys) pending.add(key);
      if (nowMs > latestMs) latestMs = nowMs;
      if (!timer && pending.size > 0) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    async inDemand(sinceMs) {
      await flush();
      return tokens.inDemand(sinceMs);
    },
    flush,
    close: flush,
  };
}
