import { describe, expect, it, jest } from '@jest/globals';
import type { EventMarket } from '@memegraph/contracts';
import { createLogger } from '@memegraph/infra';
import { TokenHydrator, type RunQuery } from './token-hydrator.js';
import type { TokenRef } from './token-ref.js';
import type { SelectionPart, TokenSelection } from './token-selection.js';

const part = (selection: string): SelectionPart => ({ key: selection, id: selection, selection, fragments: '' });
const perEvent: TokenSelection = { needsHydration: true, metadata: null, perEvent: part('symbol') };
const split: TokenSelection = { needsHydration: true, metadata: part('symbol'), perEvent: part('market { priceUsd }') };
const metadataOnly: TokenSelection = { needsHydration: true, metadata: part('symbol'), perEvent: null };
const BONK: TokenRef = { chain: 'SOLANA', address: 'A' };
const silent = createLogger('test', 'silent');

/**
 * Records every hydration call and answers tokensByAddress in key order, like the tokens subgraph; each
 * answer's values carry the call number so a test sees which query a value came from.
 */
function recordingRun(options: { errors?: () => boolean } = {}) {
  const calls: { query: string; addresses: string[] }[] = [];
  const run: RunQuery = async (query, variables) => {
    const addresses = variables.addresses as string[];
    calls.push({ query, addresses });
    if (addresses.length > 100) return { data: null, errors: [{ message: 'at most 100 addresses' }] };
    const n = calls.length;
    const tokens = addresses.map((address) =>
      query.includes('market') ? { market: { priceUsd: n } } : { symbol: `S-${address}-${n}` },
    );
    return { data: { tokensByAddress: tokens }, errors: options.errors?.() ? [{ message: 'partial' }] : undefined };
  };
  return { calls, run };
}

describe('TokenHydrator', () => {
  it('hydrates each token once per window, whatever the number of waiters', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 5, silent);
    const results = await Promise.all([1, 2, 3].map(() => hydrator.hydrate(perEvent, BONK)));
    expect(calls.map((c) => c.addresses)).toEqual([['A']]);
    expect(results).toEqual([{ symbol: 'S-A-1' }, { symbol: 'S-A-1' }, { symbol: 'S-A-1' }]);
  });

  it('never asks for more than 100 addresses in one call, so a burst is not dropped', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 50, silent);
    const addresses = Array.from({ length: 250 }, (_, i) => `T${i}`);
    const results = await Promise.all(
      addresses.map((address) => hydrator.hydrate(perEvent, { chain: 'SOLANA', address })),
    );
    expect(calls.map((c) => c.addresses.length)).toEqual([100, 100, 50]);
    expect(results.map((r) => r?.symbol)).toEqual(
      addresses.map((a) => `S-${a}-${Math.floor(addresses.indexOf(a) / 100) + 1}`),
    );
  });

  it('queries the per-event part for every event and reuses the metadata part, merging both', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 60_000, maxEntries: 10 });
    expect(await hydrator.hydrate(split, BONK)).toEqual({ symbol: 'S-A-1', market: { priceUsd: 2 } });
    expect(await hydrator.hydrate(split, BONK)).toEqual({ symbol: 'S-A-1', market: { priceUsd: 3 } });
    expect(await hydrator.hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-1' });
    expect(calls.map((c) => c.query.includes('market'))).toEqual([false, true, true]);
    expect(hydrator.stats()).toMatchObject({ queries: 3, lasting_kept_hits: 2, lasting_kept_entries: 1 });
  });

  it('answers market fields from the market an event carries, querying only what it does not carry', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 60_000, maxEntries: 10 });
    const market: EventMarket = {
      priceUsd: 7,
      priceNative: null,
      marketCapUsd: null,
      fdvUsd: null,
      liquidityUsd: 100,
      priceSpreadPct: null,
      volumeUsd: { H24: 50 },
      priceChangePct: {},
      txns: { H1: { buys: 1, sells: 2 } },
      updatedAt: '2026-12-01T00:00:00.000Z',
      stale: false,
    };
    const carried: TokenSelection = { ...split, fromEvent: { marketNames: ['m'], perEvent: null } };
    const first = await hydrator.hydrate(carried, BONK, market);
    const second = await hydrator.hydrate(carried, BONK, market);
    // Only the metadata part was queried, once (then kept); the market came from the events.
    expect(calls.map((c) => c.query.includes('market'))).toEqual([false]);
    expect(second).toMatchObject({ symbol: 'S-A-1', m: { priceUsd: 7, liquidityUsd: 100 } });
    const source = first?.m as Record<string, (args: { window: string }) => unknown>;
    expect([source.volumeUsd!({ window: 'H24' }), source.volumeUsd!({ window: 'M5' })]).toEqual([50, null]);
    expect(source.txns!({ window: 'H1' })).toEqual({ buys: 1, sells: 2 });
    // An event without a market (or a selection with nothing carried) hydrates the per-event part as before.
    expect(await hydrator.hydrate(carried, BONK)).toEqual({ symbol: 'S-A-1', market: { priceUsd: 2 } });
    // Only carried fields selected: no query at all.
    const marketOnly: TokenSelection = {
      needsHydration: true,
      metadata: null,
      perEvent: part('market { priceUsd }'),
      fromEvent: { marketNames: ['market'], perEvent: null },
    };
    expect(await hydrator.hydrate(marketOnly, BONK, market)).toMatchObject({
      chain: 'SOLANA',
      market: { priceUsd: 7 },
    });
    expect(calls).toHaveLength(2);
  });

  it('hydrates every event in full when keeping is off (ttl 0)', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 1, silent);
    await hydrator.hydrate(metadataOnly, BONK);
    expect(await hydrator.hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-2' });
    expect(calls).toHaveLength(2);
  });

  it('refreshes a kept part in the background after half its ttl and queries again once it expired', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const { calls, run } = recordingRun();
      const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 1_000, maxEntries: 10 });
      const hydrate = async () => {
        const pending = hydrator.hydrate(metadataOnly, BONK);
        await jest.advanceTimersByTimeAsync(1); // the batch window
        return pending;
      };
      expect(await hydrate()).toEqual({ symbol: 'S-A-1' });
      await jest.advanceTimersByTimeAsync(400);
      expect(await hydrate()).toEqual({ symbol: 'S-A-1' });
      expect(calls).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(200); // past half the ttl: served kept, refreshed behind
      expect(await hydrate()).toEqual({ symbol: 'S-A-1' });
      await jest.advanceTimersByTimeAsync(5);
      expect(calls).toHaveLength(2);
      expect(await hydrate()).toEqual({ symbol: 'S-A-2' });
      await jest.advanceTimersByTimeAsync(2_000); // expired: this event waits for a query
      expect(await hydrate()).toEqual({ symbol: 'S-A-3' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('forgets a changed token at once, every selection of it, and keeps none of it for the grace period', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const { calls, run } = recordingRun();
      const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 60_000, maxEntries: 10, changeGraceMs: 1_000 });
      const names: TokenSelection = { needsHydration: true, metadata: part('name'), perEvent: null };
      const OTHER: TokenRef = { chain: 'SOLANA', address: 'B' };
      const hydrate = async (selection: TokenSelection, token: TokenRef) => {
        const pending = hydrator.hydrate(selection, token);
        await jest.advanceTimersByTimeAsync(1); // the batch window
        return pending;
      };
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-1' });
      await hydrate(names, BONK);
      expect(await hydrate(metadataOnly, OTHER)).toEqual({ symbol: 'S-B-3' });
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-1' });
      expect(calls).toHaveLength(3);
      // Both of BONK's selections go; the other token's stays.
      expect(hydrator.forget(BONK)).toBe(2);
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-4' });
      // Within the grace period every event queries (an answer now may still be the old row).
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-5' });
      expect(await hydrate(metadataOnly, OTHER)).toEqual({ symbol: 'S-B-3' });
      expect(calls).toHaveLength(5);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-6' });
      expect(await hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-6' });
      expect(calls).toHaveLength(6);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never keeps an unknown token or an answer that came with errors', async () => {
    let failing = true;
    const { calls, run } = recordingRun({ errors: () => failing });
    const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 60_000, maxEntries: 10 });
    expect(await hydrator.hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-1' });
    failing = false;
    expect(await hydrator.hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-2' });
    expect(await hydrator.hydrate(metadataOnly, BONK)).toEqual({ symbol: 'S-A-2' });
    expect(calls).toHaveLength(2);

    const unknown: RunQuery = async (query, variables) => {
      calls.push({ query, addresses: variables.addresses as string[] });
      return { data: { tokensByAddress: [null] } };
    };
    const forUnknown = new TokenHydrator(unknown, 1, silent, { ttlMs: 60_000, maxEntries: 10 });
    expect(await forUnknown.hydrate(metadataOnly, BONK)).toBeNull();
    expect(await forUnknown.hydrate(metadataOnly, BONK)).toBeNull();
    expect(calls).toHaveLength(4);
  });

  it('keeps a token per chain: the same address on two chains is two tokens', async () => {
    const byChain: RunQuery = async (_query, variables) => ({
      data: {
        tokensByAddress: (variables.addresses as string[]).map(() => ({ symbol: `S-${String(variables.chain)}` })),
      },
    });
    const hydrator = new TokenHydrator(byChain, 1, silent, { ttlMs: 60_000, maxEntries: 10 });
    const address = '0x1111111111111111111111111111111111111111';
    expect(await hydrator.hydrate(metadataOnly, { chain: 'ETHEREUM', address })).toEqual({ symbol: 'S-ETHEREUM' });
    expect(await hydrator.hydrate(metadataOnly, { chain: 'BASE', address })).toEqual({ symbol: 'S-BASE' });
  });

  it('does not retry a failed refresh on every event: the kept value serves until it expires', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      let failing = false;
      const { calls, run } = recordingRun({ errors: () => failing });
      const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 1_000, maxEntries: 10 });
      const hydrate = async () => {
        const pending = hydrator.hydrate(metadataOnly, BONK);
        await jest.advanceTimersByTimeAsync(1);
        return pending;
      };
      await hydrate();
      failing = true;
      await jest.advanceTimersByTimeAsync(600);
      for (let i = 0; i < 5; i++) expect(await hydrate()).toEqual({ symbol: 'S-A-1' });
      expect(calls).toHaveLength(2); // the first hydration and one failed refresh
      await jest.advanceTimersByTimeAsync(1_000);
      failing = false;
      expect(await hydrate()).toEqual({ symbol: 'S-A-3' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops expired entries as new ones are kept, not only beyond maxEntries', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const { run } = recordingRun();
      const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 1_000, maxEntries: 100 });
      const at = async (address: string) => {
        const pending = hydrator.hydrate(metadataOnly, { chain: 'SOLANA', address });
        await jest.advanceTimersByTimeAsync(1);
        return pending;
      };
      for (const address of ['A', 'B', 'C']) await at(address);
      await jest.advanceTimersByTimeAsync(2_000);
      await at('D');
      expect(hydrator.stats().lasting_kept_entries).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 1, silent, { ttlMs: 60_000, maxEntries: 2 });
    const at = (address: string) => hydrator.hydrate(metadataOnly, { chain: 'SOLANA', address });
    await at('A');
    await at('B');
    await at('A'); // A is now the most recently used
    await at('C'); // drops B
    expect(hydrator.stats().lasting_kept_entries).toBe(2);
    await at('A');
    await at('B');
    expect(calls.map((c) => c.addresses[0])).toEqual(['A', 'B', 'C', 'B']);
  });
});
