import { describe, expect, it } from '@jest/globals';
import { createMemoryQueryStore } from './persisted-query-store.js';

describe('createMemoryQueryStore', () => {
  it('keeps at most maxEntries, dropping the ones closest to expiry, and none past its TTL', async () => {
    let now = 0;
    const store = createMemoryQueryStore({ maxEntries: 2, ttlSeconds: 1 }, () => now);
    await store.set('a', 'A');
    now += 10;
    await store.set('b', 'B');
    await store.set('a', 'A'); // registered again: now the last to expire
    await store.set('c', 'C');
    // Nothing has expired yet: b is missing because it was dropped, leaving exactly a and c.
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual(['A', undefined, 'C']);
    now += 1_000;
    expect(await store.get('c')).toBeUndefined();
  });
});
