import { describe, expect, it } from '@jest/globals';
import type { EventMarket } from '@memegraph/contracts';
import { diffTokenList, type ListChange, type ListEntry } from './token-list-diff.js';

const market = (priceUsd: number, updatedAt = '2026-12-03T00:00:00.000Z'): EventMarket => ({
  priceUsd,
  priceNative: null,
  marketCapUsd: null,
  fdvUsd: null,
  liquidityUsd: 1000,
  priceSpreadPct: null,
  volumeUsd: { H24: 10 },
  priceChangePct: {},
  txns: { H24: { buys: 1, sells: 2 } },
  updatedAt,
  stale: false,
});
const entry = (address: string, priceUsd = 1, updatedAt?: string): ListEntry => ({
  key: `SOLANA:${address}`,
  token: { chain: 'SOLANA', address },
  market: market(priceUsd, updatedAt),
});
const list = (spec: string) => (spec === '' ? [] : spec.split(' ').map((a) => entry(a)));
/** Changes as `KIND address rank←previousRank`, short enough for a table. */
const show = (changes: ListChange[]) =>
  changes.map((c) => `${c.kind} ${c.entry.token.address} ${c.rank ?? '-'}←${c.previousRank ?? '-'}`);

/** What a client does with a message: `previous` with the changes applied, in the new rank order. */
function apply(previous: readonly ListEntry[], changes: readonly ListChange[]): ListEntry[] {
  const changed = new Set(changes.map((c) => c.entry.key));
  const byRank = new Map<number, ListEntry>();
  previous.forEach((e, i) => !changed.has(e.key) && byRank.set(i + 1, e));
  for (const c of changes) if (c.rank !== null) byRank.set(c.rank, c.entry);
  return [...byRank].sort(([a], [b]) => a - b).map(([, e]) => e);
}

describe('diffTokenList', () => {
  it.each([
    ['equal lists', 'A B C', 'A B C', []],
    ['from empty', '', 'A B', ['ENTERED A 1←-', 'ENTERED B 2←-']],
    ['to empty', 'A B', '', ['LEFT A -←1', 'LEFT B -←2']],
    ['two swap', 'A B C', 'B A C', ['MOVED B 1←2', 'MOVED A 2←1']],
    [
      'one enters at the top, the last leaves',
      'A B C',
      'D A B',
      ['ENTERED D 1←-', 'MOVED A 2←1', 'MOVED B 3←2', 'LEFT C -←3'],
    ],
    ['one leaves from the middle', 'A B C', 'A C', ['MOVED C 2←3', 'LEFT B -←2']],
    ['replaced in place', 'A B C', 'A X C', ['ENTERED X 2←-', 'LEFT B -←2']],
    ['reversed', 'A B C', 'C B A', ['MOVED C 1←3', 'MOVED A 3←1']],
    ['shorter list grows', 'A', 'A B C', ['ENTERED B 2←-', 'ENTERED C 3←-']],
  ])('%s', (_name, before, after, expected) => {
    const changes = diffTokenList(list(before), list(after));
    expect(show(changes)).toEqual(expected);
    expect(apply(list(before), changes).map((e) => e.key)).toEqual(list(after).map((e) => e.key));
  });

  it('says UPDATED for a token at the same rank with other values, not for a refresh that changed none', () => {
    const before = [entry('A', 1), entry('B', 2)];
    expect(show(diffTokenList(before, [entry('A', 1.5), entry('B', 2)]))).toEqual(['UPDATED A 1←1']);
    expect(diffTokenList(before, [entry('A', 1, '2026-12-03T00:00:09.000Z'), entry('B', 2)])).toEqual([]);
    // A token that moved is MOVED, carrying its new values.
    const moved = diffTokenList(before, [entry('B', 3), entry('A', 1)]);
    expect(show(moved)).toEqual(['MOVED B 1←2', 'MOVED A 2←1']);
    expect(moved[0]!.entry.market.priceUsd).toBe(3);
  });

  it('compares every window of volume, price change and txns', () => {
    const base = entry('A');
    const withTxns = { ...base, market: { ...base.market, txns: { H24: { buys: 1, sells: 3 } } } };
    const withWindow = { ...base, market: { ...base.market, priceChangePct: { M5: 4 } } };
    expect(show(diffTokenList([base], [withTxns]))).toEqual(['UPDATED A 1←1']);
    expect(show(diffTokenList([base], [withWindow]))).toEqual(['UPDATED A 1←1']);
  });
});
