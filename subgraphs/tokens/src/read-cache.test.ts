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
});
