import { describe, expect, it } from '@jest/globals';
import { ReadCache, loadThrough } from './read-cache.js';

const clock = () => {
  const state = { now: 1_000 };
  return Object.assign(() => state.now, { advance: (ms: number) => (state.now += ms) });
};

describe('ReadCache', () => {
  it('serves a value until its TTL has passed, then forgets it', () => {
    const now = clock();
    const cache = new ReadCache<string>(100, 10, now);
    cache.set('a', 'A');
    now.advance(99);
    expect(cache.get('a')).toBe('A');
    now.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets a deleted key at once, and stores nothing with a TTL of 0', () => {
    const cache = new ReadCache<string>(100);
    cache.set('a', 'A');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    const off = new ReadCache<string>(0);
    off.set('a', 'A');
    expect(off.get('a')).toBeUndefined();
  });

  it('evicts the oldest written entry beyond its bound', () => {
    const cache = new ReadCache<string>(1_000, 2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('a', 'A2');
    cache.set('c', 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A2', undefined, 'C']);
  });
});

describe('loadThrough', () => {
  const loader = (values: Record<string, string>) => {
    const asked: string[][] = [];
    const load = async (keys: readonly string[]) => {
      asked.push([...keys]);
      return new Map(keys.filter((k) => k in values).map((k) => [k, values[k]!]));
    };
    return { asked, load };
  };
  const fresh = { minLsn: null };

  it('loads only the keys the cache does not hold, in key order, and stores what it loaded', async () => {
    const cache = new ReadCache<string>(1_000);
    cache.set('a', 'cached A');
    const { asked, load } = loader({ a: 'A', b: 'B' });
    expect(await loadThrough(cache, fresh, ['b', 'a', 'x'], (k) => k, load)).toEqual(['B', 'cached A', undefined]);
    expect(asked).toEqual([['b', 'x']]);
    expect(await loadThrough(cache, fresh, ['b', 'a'], (k) => k, load)).toEqual(['B', 'cached A']);
    expect(asked).toHaveLength(1);
  });

  it('does not cache a missing key: a token stored meanwhile appears on the next read', async () => {
    const cache = new ReadCache<string>(1_000);
    const values: Record<string, string> = {};
    const { asked, load } = loader(values);
    expect(await loadThrough(cache, fresh, ['x'], (k) => k, load)).toEqual([undefined]);
    values.x = 'X';
    expect(await loadThrough(cache, fresh, ['x'], (k) => k, load)).toEqual(['X']);
    expect(asked).toEqual([['x'], ['x']]);
  });

  it('bypasses the cache both ways for a session carrying a read-after position', async () => {
    const cache = new ReadCache<string>(1_000);
    cache.set('a', 'stale A');
    const { asked, load } = loader({ a: 'A', b: 'B' });
    const writer = { minLsn: 42n };
    expect(await loadThrough(cache, writer, ['a', 'b'], (k) => k, load)).toEqual(['A', 'B']);
    expect(asked).toEqual([['a', 'b']]);
    expect([cache.get('a'), cache.get('b')]).toEqual(['stale A', undefined]);
  });

  it('joins concurrent misses of a key into one load, and loads only the keys nobody is loading', async () => {
    const cache = new ReadCache<string>(1_000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const asked: string[][] = [];
    const load = async (keys: readonly string[]) => {
      asked.push([...keys]);
      await gate;
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    };
    const first = loadThrough(cache, fresh, ['a', 'b'], (k) => k, load);
    const second = loadThrough(cache, fresh, ['b', 'c'], (k) => k, load);
    release();
    expect(await first).toEqual(['A', 'B']);
    expect(await second).toEqual(['B', 'C']);
    expect(asked).toEqual([['a', 'b'], ['c']]);
  });

  it('stores nothing from a load that began before a key was deleted or the cache cleared', async () => {
    for (const forget of [(c: ReadCache<string>) => c.delete('a'), (c: ReadCache<string>) => c.clear()]) {
      const cache = new ReadCache<string>(1_000);
      const values: Record<string, string> = { a: 'before the write' };
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const asked: string[][] = [];
      const load = async (keys: readonly string[]) => {
        asked.push([...keys]);
        const snapshot = new Map(keys.map((k) => [k, values[k]!]));
        await gate;
        return snapshot;
      };
      const racing = loadThrough(cache, fresh, ['a'], (k) => k, load);
      values.a = 'after the write';
      forget(cache);
      release();
      expect(await racing).toEqual(['before the write']);
      // Not kept, and a reader after the write does not join the old load: it reads the new value.
      expect(cache.get('a')).toBeUndefined();
      expect(await loadThrough(cache, fresh, ['a'], (k) => k, load)).toEqual(['after the write']);
      expect(asked).toEqual([['a'], ['a']]);
    }
  });

  it('shares a failed load with the requests that joined it, and keeps nothing', async () => {
    const cache = new ReadCache<string>(1_000);
    let fail!: (error: Error) => void;
    const gate = new Promise<never>((_resolve, reject) => (fail = reject));
    const load = async () => gate;
    const first = loadThrough(cache, fresh, ['a'], (k) => k, load);
    const second = loadThrough(cache, fresh, ['a'], (k) => k, load);
    fail(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    await expect(second).rejects.toThrow('database down');
    expect(cache.pending('a')).toBeUndefined();
    expect(cache.get('a')).toBeUndefined();
  });

  it('with a TTL of 0 every read loads (no joining either)', async () => {
    const cache = new ReadCache<string>(0);
    const { asked, load } = loader({ a: 'A' });
    await Promise.all([
      loadThrough(cache, fresh, ['a'], (k) => k, load),
      loadThrough(cache, fresh, ['a'], (k) => k, load),
    ]);
    expect(asked).toEqual([['a'], ['a']]);
  });
});
