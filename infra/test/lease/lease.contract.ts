/**
 * The LeasePort contract as a jest suite, run against every implementation: memory and Redis in
 * lease.contract.test.ts, a real Redis Cluster in cache/redis-cluster-cache.test.ts. Expiry is observed by
 * polling, never slept through.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { LeasePort } from '../../src/lease/lease.js';
import { waitFor } from '../../../test/harness/wait-for.js';

/** One implementation under the contract. */
export interface LeaseImplementation {
  name: string;
  /** `count` handles on one shared store; for Redis each has its own connection, like separate instances. */
  create(count: number): LeasePort[];
}

const waitUntil = (check: () => Promise<boolean>) => waitFor(check, 3_000, 'the lease condition', 10);

/** Registers the contract tests for each implementation. */
export function describeLeaseContract(implementations: LeaseImplementation[]): void {
  describe.each(implementations)('LeasePort contract: $name', ({ create }) => {
    const pair = () => create(2) as [LeasePort, LeasePort];
    const newKey = () => `item-${randomUUID()}`;

    it('gives a free key to the first owner only', async () => {
      const [first, second] = pair();
      const key = newKey();
      expect(await first.holder(key)).toBeNull();
      expect(await first.tryAcquire(key, 'owner-a', 10_000)).toBe(true);
      expect(await second.tryAcquire(key, 'owner-b', 10_000)).toBe(false);
      expect(await first.tryAcquire(key, 'owner-a', 10_000)).toBe(false); // held, even by itself: renew it
      expect(await second.holder(key)).toBe('owner-a');
    });

    it('gives each key to exactly one of several owners racing for it', async () => {
      const clients = create(4);
      const keys = Array.from({ length: 20 }, newKey);
      const wins = await Promise.all(
        keys.flatMap((key) =>
          clients.map(async (client, i) => ((await client.tryAcquire(key, `owner-${i}`, 10_000)) ? key : null)),
        ),
      );
      expect(wins.filter((key) => key !== null).sort()).toEqual([...keys].sort());
    });

    it('acquireMany: two owners competing win each key once, and all keys between them', async () => {
      const [first, second] = pair();
      const keys = Array.from({ length: 100 }, newKey);
      const [wonByA, wonByB] = await Promise.all([
        first.acquireMany(keys, 'owner-a', 10_000),
        second.acquireMany([...keys].reverse(), 'owner-b', 10_000),
      ]);
      expect(wonByA.filter((key) => wonByB.includes(key))).toEqual([]);
      expect([...wonByA, ...wonByB].sort()).toEqual([...keys].sort());
      for (const key of wonByB.slice(0, 5)) expect(await first.holder(key)).toBe('owner-b');
    });

    it('acquireMany returns the keys won in the order given, skipping held ones', async () => {
      const [first, second] = pair();
      const keys = Array.from({ length: 6 }, newKey);
      await first.tryAcquire(keys[1] as string, 'owner-a', 10_000);
      await first.tryAcquire(keys[4] as string, 'owner-a', 10_000);
      expect(await second.acquireMany(keys, 'owner-b', 10_000)).toEqual([keys[0], keys[2], keys[3], keys[5]]);
      expect(await second.acquireMany([], 'owner-b', 10_000)).toEqual([]);
    });

    it('lets another owner take over once the lease expires', async () => {
      const [first, second] = pair();
      const key = newKey();
      expect(await first.tryAcquire(key, 'owner-a', 100)).toBe(true);
      expect(await second.tryAcquire(key, 'owner-b', 10_000)).toBe(false);
      await waitUntil(() => second.tryAcquire(key, 'owner-b', 10_000));
      expect(await first.holder(key)).toBe('owner-b');
      expect(await first.renew(key, 'owner-a', 10_000)).toBe(false); // too late
      expect(await first.release(key, 'owner-a')).toBe(false);
      expect(await second.holder(key)).toBe('owner-b');
    });

    it('renew by the owner keeps the lease past its first TTL', async () => {
      const [first, second] = pair();
      const [key, marker] = [newKey(), newKey()];
      await first.tryAcquire(key, 'owner-a', 150);
      await first.tryAcquire(marker, 'owner-a', 150);
      expect(await first.renew(key, 'owner-a', 10_000)).toBe(true);
      await waitUntil(async () => (await second.holder(marker)) === null); // the first TTL is over
      expect(await second.holder(key)).toBe('owner-a');
      expect(await second.tryAcquire(key, 'owner-b', 10_000)).toBe(false);
    });

    it('refuses renew by another owner and changes nothing', async () => {
      const [first, second] = pair();
      const [key, marker] = [newKey(), newKey()];
      await first.tryAcquire(key, 'owner-a', 150);
      await first.tryAcquire(marker, 'owner-a', 150);
      expect(await second.renew(key, 'owner-b', 10_000)).toBe(false);
      expect(await second.renew(newKey(), 'owner-b', 10_000)).toBe(false); // nobody holds it
      await waitUntil(async () => (await second.holder(marker)) === null);
      await waitUntil(async () => (await second.holder(key)) === null); // it still expired on time
    });

    it('refuses release by another owner; release by the owner frees the key', async () => {
      const [first, second] = pair();
      const key = newKey();
      await first.tryAcquire(key, 'owner-a', 10_000);
      expect(await second.release(key, 'owner-b')).toBe(false);
      expect(await second.holder(key)).toBe('owner-a');
      expect(await first.release(key, 'owner-a')).toBe(true);
      expect(await first.release(key, 'owner-a')).toBe(false); // already gone
      expect(await second.tryAcquire(key, 'owner-b', 10_000)).toBe(true);
    });

    it('refuses a TTL that is not a positive whole number of milliseconds', async () => {
      const [lease] = pair();
      await expect(lease.tryAcquire(newKey(), 'owner-a', 0)).rejects.toThrow(RangeError);
      await expect(lease.acquireMany([newKey()], 'owner-a', 1.5)).rejects.toThrow(RangeError);
      await expect(lease.renew(newKey(), 'owner-a', -1)).rejects.toThrow(RangeError);
    });
  });
}
