/**
 * The CachePort contract as a jest suite, run against every implementation: memory and Redis in
 * cache.contract.test.ts, a real Redis Cluster in redis-cluster-cache.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import type { CachePort } from '../../src/cache/cache.port.js';
import { waitFor } from '../../../test/harness/wait-for.js';

/** One implementation under the contract. */
export interface CacheImplementation {
  name: string;
  /** A fresh, empty cache. */
  create(): CachePort;
  /** Moves the cache's clock on where it can be injected; Redis keeps real time, so tests then poll. */
  elapse(ms: number): void;
}

/** Registers the contract tests for each implementation. */
export function describeCacheContract(implementations: CacheImplementation[]): void {
  describe.each(implementations)('CachePort contract: $name', ({ create, elapse }) => {
    it('returns null for a key never set', async () => {
      expect(await create().get('missing')).toBeNull();
    });

    it('returns what was set', async () => {
      const cache = create();
      await cache.set('a', 'value of a', 60);
      expect(await cache.get('a')).toBe('value of a');
    });

    it('keeps the empty string and unicode exactly', async () => {
      const cache = create();
      await cache.set('empty', '', 60);
      await cache.set('unicode', '🐸 pépé {"x":1}', 60);
      expect(await cache.get('empty')).toBe('');
      expect(await cache.get('unicode')).toBe('🐸 pépé {"x":1}');
    });

    it('overwrites a key with the newest value', async () => {
      const cache = create();
      await cache.set('a', 'first', 60);
      await cache.set('a', 'second', 60);
      expect(await cache.get('a')).toBe('second');
    });

    it('deletes one key and leaves the others', async () => {
      const cache = create();
      await cache.set('a', '1', 60);
      await cache.set('b', '2', 60);
      await cache.delete('a');
      expect(await cache.get('a')).toBeNull();
      expect(await cache.get('b')).toBe('2');
    });

    it('deletes several keys at once, ignoring missing ones', async () => {
      const cache = create();
      await cache.set('a', '1', 60);
      await cache.set('b', '2', 60);
      await cache.set('c', '3', 60);
      await cache.delete('a', 'never-set', 'c');
      expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([null, '2', null]);
    });

    it('accepts a delete of no keys', async () => {
      const cache = create();
      await cache.set('a', '1', 60);
      await expect(cache.delete()).resolves.toBeUndefined();
      expect(await cache.get('a')).toBe('1');
    });

    it('forgets a value once its TTL has passed, in get and getMany', async () => {
      const cache = create();
      await cache.set('short', 'soon gone', 1);
      await cache.set('long', 'stays', 60);
      expect(await cache.get('short')).toBe('soon gone');
      elapse(1_000);
      await waitFor(async () => (await cache.get('short')) === null, 3_000);
      expect(await cache.get('long')).toBe('stays');
      expect(await cache.getMany(['short', 'long'])).toEqual([null, 'stays']);
    });

    it('restarts the TTL when a key is overwritten', async () => {
      const cache = create();
      await cache.set('a', 'short-lived', 1);
      await cache.set('a', 'long-lived', 60);
      await cache.set('marker', 'x', 1);
      elapse(1_000);
      await waitFor(async () => (await cache.get('marker')) === null, 3_000);
      expect(await cache.get('a')).toBe('long-lived');
    });

    it('getMany returns values in key order, null for missing keys', async () => {
      const cache = create();
      await cache.set('a', '1', 60);
      await cache.set('c', '3', 60);
      expect(await cache.getMany(['c', 'missing', 'a'])).toEqual(['3', null, '1']);
    });

    it('getMany of no keys is empty', async () => {
      expect(await create().getMany([])).toEqual([]);
    });

    it('getMany answers a repeated key in every position', async () => {
      const cache = create();
      await cache.set('a', '1', 60);
      expect(await cache.getMany(['a', 'b', 'a'])).toEqual(['1', null, '1']);
    });

    it('getMany reads many keys (spread over hash slots on a cluster) in order', async () => {
      const cache = create();
      const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
      await Promise.all(keys.filter((_, i) => i % 3 !== 0).map((key) => cache.set(key, `value of ${key}`, 60)));
      expect(await cache.getMany(keys)).toEqual(keys.map((key, i) => (i % 3 === 0 ? null : `value of ${key}`)));
    });

    it('deletes many keys (spread over hash slots on a cluster) at once', async () => {
      const cache = create();
      const keys = Array.from({ length: 50 }, (_, i) => `key-${i}`);
      await Promise.all(keys.map((key) => cache.set(key, key, 60)));
      await cache.delete(...keys.slice(0, 40));
      expect(await cache.getMany(keys)).toEqual(keys.map((key, i) => (i < 40 ? null : key)));
    });
  });
}
