/**
 * The TokenBucket contract as a jest suite, run against every implementation: memory and Redis in
 * token-bucket.contract.test.ts, a real Redis Cluster in cache/redis-cluster-cache.test.ts.
 *
 * Budgets are checked from the client's side: a grant happened on the store's clock somewhere between
 * sending the request and receiving the answer, so the grants whose requests were sent at or after `a`
 * and answered by `b` must fit in capacity + refill × (b - a). Redis uses its own clock, which runs at the
 * same rate as this process's monotonic clock (same machine).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import {
  RateLimitExceededError,
  type TokenBucket,
  type TokenBucketOptions,
} from '../../src/rate-limit/token-bucket.js';

/** One implementation under the contract. */
export interface TokenBucketImplementation {
  name: string;
  /** `count` handles on one shared store; for Redis each has its own connection, like separate instances. */
  create(count: number): TokenBucket[];
}

interface Grant {
  sentAt: number;
  receivedAt: number;
}

/** Calls tryAcquire as fast as it answers until `durationMs` have passed; returns the grants. */
async function hammer(bucket: TokenBucket, key: string, options: TokenBucketOptions, durationMs: number) {
  const grants: Grant[] = [];
  let calls = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const sentAt = performance.now();
    const { allowed } = await bucket.tryAcquire(key, options);
    calls += 1;
    if (allowed) grants.push({ sentAt, receivedAt: performance.now() });
    // Yield to timers and I/O now and then: the memory store answers in microtasks only.
    if (calls % 100 === 0) await sleep(0);
  }
  return grants;
}

/** The largest excess of grants over capacity + refill × window, over every window the grants allow. */
function worstExcess(grants: Grant[], { capacity, refillPerMinute }: TokenBucketOptions): number {
  const perMs = refillPerMinute / 60_000;
  let worst = -Infinity;
  for (const { sentAt: from } of grants) {
    const answered = grants
      .filter((grant) => grant.sentAt >= from)
      .map((grant) => grant.receivedAt)
      .sort((x, y) => x - y);
    answered.forEach((to, index) => (worst = Math.max(worst, index + 1 - (capacity + perMs * (to - from)))));
  }
  return worst;
}

/** Registers the contract tests for each implementation. */
export function describeTokenBucketContract(implementations: TokenBucketImplementation[]): void {
  describe.each(implementations)('TokenBucket contract: $name', ({ create }) => {
    const one = () => create(1)[0] as TokenBucket;
    const newKey = () => `bucket-${randomUUID()}`;

    it('grants a full bucket at once, counting down, then refuses', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 5, refillPerMinute: 1 };
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await bucket.tryAcquire(key, options));
      expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
        [true, 4],
        [true, 3],
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ]);
      expect(results.slice(0, 5).every((r) => r.waitMs === 0)).toBe(true);
      // one token a minute: the next one is (almost) a minute away
      expect(results[5]?.waitMs).toBeGreaterThan(59_000);
      expect(results[5]?.waitMs).toBeLessThanOrEqual(60_000);
    });

    it('takes n tokens at once, or none', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 10, refillPerMinute: 60 };
      expect(await bucket.tryAcquire(key, options, 4)).toEqual({ allowed: true, waitMs: 0, remaining: 6 });
      const refused = await bucket.tryAcquire(key, options, 7);
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(6);
      expect(refused.waitMs).toBeGreaterThan(900); // one more token at one a second
      expect(refused.waitMs).toBeLessThanOrEqual(1_000);
      expect(await bucket.tryAcquire(key, options, 6)).toEqual({ allowed: true, waitMs: 0, remaining: 0 });
    });

    it('keeps buckets apart by key', async () => {
      const bucket = one();
      const [first, second] = [newKey(), newKey()];
      const options = { capacity: 1, refillPerMinute: 1 };
      expect((await bucket.tryAcquire(first, options)).allowed).toBe(true);
      expect((await bucket.tryAcquire(first, options)).allowed).toBe(false);
      expect((await bucket.tryAcquire(second, options)).allowed).toBe(true);
    });

    it('refuses n above capacity and invalid options with a RangeError', async () => {
      const bucket = one();
      await expect(bucket.tryAcquire(newKey(), { capacity: 2, refillPerMinute: 60 }, 3)).rejects.toThrow(RangeError);
      await expect(bucket.tryAcquire(newKey(), { capacity: 0, refillPerMinute: 60 })).rejects.toThrow(RangeError);
      await expect(bucket.tryAcquire(newKey(), { capacity: 1, refillPerMinute: -1 })).rejects.toThrow(RangeError);
      await expect(bucket.tryAcquire(newKey(), { capacity: 1, refillPerMinute: 60 }, 0)).rejects.toThrow(RangeError);
    });

    it('says never (Infinity) when an empty bucket does not refill', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 1, refillPerMinute: 0 };
      expect((await bucket.tryAcquire(key, options)).allowed).toBe(true);
      expect(await bucket.tryAcquire(key, options)).toEqual({ allowed: false, waitMs: Infinity, remaining: 0 });
    });

    it('reports waitMs that is just enough: refused before, granted once it has passed', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 2, refillPerMinute: 240 }; // a token every 250 ms
      const drainedBy = performance.now();
      expect((await bucket.tryAcquire(key, options, 2)).allowed).toBe(true);
      const refused = await bucket.tryAcquire(key, options);
      const refusedAt = performance.now();
      expect(refused.allowed).toBe(false);
      // the bucket was empty at some instant after drainedBy, so the token cannot come sooner than this
      expect(refused.waitMs).toBeGreaterThanOrEqual(250 - (refusedAt - drainedBy) - 1);
      expect(refused.waitMs).toBeLessThanOrEqual(250);
      const again = await bucket.tryAcquire(key, options);
      expect(again.allowed).toBe(false);
      expect(again.waitMs).toBeLessThanOrEqual(refused.waitMs);
      // +1 ms: timers round to whole milliseconds. A timer may fire a little before performance.now() says its
      // delay passed (libuv measures it from the loop's cached time, stale on a busy machine): sleep until it has.
      const grantAt = refusedAt + refused.waitMs + 1;
      while (performance.now() < grantAt) await sleep(Math.max(1, grantAt - performance.now()));
      expect((await bucket.tryAcquire(key, options)).allowed).toBe(true);
    });

    it('never grants more than capacity + refill × elapsed in any window', async () => {
      const options = { capacity: 20, refillPerMinute: 60_000 }; // a token per millisecond
      const grants = await hammer(one(), newKey(), options, 300);
      expect(grants.length).toBeGreaterThan(options.capacity); // it did refill
      expect(worstExcess(grants, options)).toBeLessThanOrEqual(1e-6);
    });

    it('keeps to one budget across concurrent clients on separate connections', async () => {
      const options = { capacity: 20, refillPerMinute: 60_000 };
      const key = newKey();
      const startedAt = performance.now();
      const perClient = await Promise.all(create(4).map((bucket) => hammer(bucket, key, options, 300)));
      const elapsedMs = performance.now() - startedAt;
      const grants = perClient.flat();
      expect(perClient.filter((clientGrants) => clientGrants.length > 0).length).toBeGreaterThan(1);
      expect(grants.length).toBeLessThanOrEqual(options.capacity + (options.refillPerMinute / 60_000) * elapsedMs);
      expect(worstExcess(grants, options)).toBeLessThanOrEqual(1e-6);
    });

    it('acquire waits for a token to refill', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 1, refillPerMinute: 600 }; // a token every 100 ms
      await bucket.tryAcquire(key, options);
      const startedAt = performance.now();
      const result = await bucket.acquire(key, options, { maxWaitMs: 2_000 });
      expect(result.allowed).toBe(true);
      expect(performance.now() - startedAt).toBeLessThan(2_000);
      expect((await bucket.tryAcquire(key, options)).allowed).toBe(false); // it took the token
    });

    it('acquire refuses at once when the tokens come later than maxWaitMs', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 1, refillPerMinute: 6 }; // a token every 10 s
      await bucket.tryAcquire(key, options);
      const startedAt = performance.now();
      const refusal = await bucket.acquire(key, options, { maxWaitMs: 5_000 }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RateLimitExceededError);
      expect((refusal as RateLimitExceededError).waitMs).toBeGreaterThan(5_000);
      expect((refusal as RateLimitExceededError).key).toBe(key);
      expect(performance.now() - startedAt).toBeLessThan(1_000); // it did not sit out maxWaitMs
    });

    it('acquire stops waiting when its signal aborts, with the signal reason', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 1, refillPerMinute: 6 };
      await bucket.tryAcquire(key, options);
      const controller = new AbortController();
      const reason = new Error('shutting down');
      const startedAt = performance.now();
      const waiting = bucket.acquire(key, options, { maxWaitMs: 60_000, signal: controller.signal });
      setTimeout(() => controller.abort(reason), 50); // by then it sleeps towards the next token
      await expect(waiting).rejects.toBe(reason);
      expect(performance.now() - startedAt).toBeLessThan(5_000);
    });

    it('acquire with an aborted signal takes no token', async () => {
      const bucket = one();
      const key = newKey();
      const options = { capacity: 1, refillPerMinute: 1 };
      const signal = AbortSignal.abort(new Error('already gone'));
      await expect(bucket.acquire(key, options, { maxWaitMs: 1_000, signal })).rejects.toThrow('already gone');
      expect((await bucket.tryAcquire(key, options)).allowed).toBe(true);
    });
  });
}
